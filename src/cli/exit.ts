import { formatDiagnostic, SourceError } from '../diagnostics.js';

/** 0: all good. 1: findings (a failed test, a stale output, a disagreement). 2: usage or input error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A user mistake the CLI reports in one line, without a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Prints an error the way users should see it and returns the exit code. */
export function reportFailure(err: unknown): number {
  if (err instanceof SourceError) {
    for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
    return EXIT_USAGE;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`unirule: ${err.message}\n`);
    return EXIT_USAGE;
  }
  // Anything else is our bug: say so plainly, with the stack for the bug report.
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(`unirule: internal error: ${e.message}\n${e.stack ?? ''}\n`);
  return 3;
}
