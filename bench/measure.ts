/** Timing of one phase: wall clock and this process's CPU time, with a GC first. */
export interface Timing {
  readonly label: string;
  readonly ms: number;
  /** User + system CPU time: what the work cost, whatever else the machine was doing. */
  readonly cpuMs: number;
}

export function time<T>(label: string, body: () => T): { result: T; timing: Timing } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = body();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { result, timing: { label, ms, cpuMs: (cpu.user + cpu.system) / 1000 } };
}

/** As `time`, for a body that awaits (a stream read from a file). */
export async function timeAsync<T>(label: string, body: () => Promise<T>): Promise<{ result: T; timing: Timing }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await body();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { result, timing: { label, ms, cpuMs: (cpu.user + cpu.system) / 1000 } };
}

/** The fastest of `runs` timings (by CPU time): the figure least disturbed by other load. */
export function best<T>(label: string, runs: number, body: () => T): { result: T; timing: Timing } {
  let fastest = time(label, body);
  for (let i = 1; i < runs; i++) {
    const next = time(label, body);
    if (next.timing.cpuMs < fastest.timing.cpuMs) fastest = next;
  }
  return fastest;
}

/** As `best`, for a body that awaits. */
export async function bestAsync<T>(label: string, runs: number, body: () => Promise<T>): Promise<{ result: T; timing: Timing }> {
  let fastest = await timeAsync(label, body);
  for (let i = 1; i < runs; i++) {
    const next = await timeAsync(label, body);
    if (next.timing.cpuMs < fastest.timing.cpuMs) fastest = next;
  }
  return fastest;
}

export function perSecond(count: number, ms: number): string {
  const rate = (count * 1000) / ms;
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)} M/s`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)} k/s`;
  return `${rate.toFixed(0)}/s`;
}

export function peakRssMiB(): number {
  // maxRSS is in kibibytes on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function msText(t: Timing): string {
  return `${t.ms.toFixed(0)} ms wall, ${t.cpuMs.toFixed(0)} ms CPU`;
}

/**
 * A rate both ways: per CPU-second (robust to other load, but counting V8's helper threads
 * for GC and compilation too) and per wall-clock second (what one process delivers).
 */
export function rates(count: number, t: Timing, unit: string): string {
  return `${perSecond(count, t.cpuMs).replace('/s', unit + '/s')} CPU (${perSecond(count, t.ms).replace('/s', unit + '/s')} wall)`;
}
