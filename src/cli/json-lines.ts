import type { BadLinePolicy } from '../events/index.js';
import { UsageError } from './exit.js';

/** `--on-bad-line stop|skip`, shared by every command that reads NDJSON. */
export function parseBadLinePolicy(text: string): BadLinePolicy {
  if (text === 'stop' || text === 'skip') return text;
  throw new UsageError(`--on-bad-line must be stop or skip, not ${JSON.stringify(text)}`);
}

/** One JSON line to stdout, waiting for the pipe to drain so memory does not grow with the output. */
export async function writeJsonLine(value: unknown): Promise<void> {
  if (!process.stdout.write(JSON.stringify(value) + '\n')) {
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}
