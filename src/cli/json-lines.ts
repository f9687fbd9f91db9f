import type { Writable } from 'node:stream';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { BadLinePolicy } from '../events/index.js';
import { UsageError } from './exit.js';

/** `--on-bad-line stop|skip`, shared by every command that reads NDJSON. */
export function parseBadLinePolicy(text: string): BadLinePolicy {
  if (text === 'stop' || text === 'skip') return text;
  throw new UsageError(`--on-bad-line must be stop or skip, not ${JSON.stringify(text)}`);
}

/**
 * What `--on-bad-line skip` says of a line it passes over: the problem as a warning, at its
 * file:line:col, marked skipped (one line per problem, without a line end).
 */
export function skippedLine(problems: readonly Diagnostic[]): string {
  return problems.map((d) => formatDiagnostic({ ...d, severity: 'warning' }) + ' (skipped)').join('\n');
}

/** One JSON line to stdout, waiting for the pipe to drain so memory does not grow with the output. */
export async function writeJsonLine(value: unknown): Promise<void> {
  if (!process.stdout.write(JSON.stringify(value) + '\n')) {
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
}

/**
 * JSON lines gathered and written in one piece per chunk of input: a write per row costs more
 * than the row when rules match often. `flush` waits for the stream to drain, so memory stays
 * bounded by what one chunk produced.
 */
export class JsonLineBuffer {
  private text = '';

  constructor(private readonly out: Writable) {}

  /** A line already written as JSON. */
  add(json: string): void {
    this.text += json + '\n';
  }

  async flush(): Promise<void> {
    if (this.text === '') return;
    const text = this.text;
    this.text = '';
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }
}
