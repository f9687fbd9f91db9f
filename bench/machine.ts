import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU model (from /proc/cpuinfo where there is one), cores, memory and Node version. */
export function describeMachine(): string {
  const model = cpuModel() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  return `${model}, ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

function cpuModel(): string | undefined {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    return line?.slice(line.indexOf(':') + 1).trim();
  } catch {
    return undefined;
  }
}
