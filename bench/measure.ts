/** Wall-clock timing of one phase, with a GC first so phases do not pay for each other's garbage. */
export interface Timing {
  readonly label: string;
  readonly ms: number;
}

export function time<T>(label: string, body: () => T): { result: T; timing: Timing } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const start = process.hrtime.bigint();
  const result = body();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { result, timing: { label, ms } };
}

export function perSecond(count: number, ms: number): string {
  const rate = (count * 1000) / ms;
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)} M/s`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)} k/s`;
  return `${rate.toFixed(0)} /s`;
}

export function peakRssMiB(): number {
  // maxRSS is in kibibytes on Linux.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
