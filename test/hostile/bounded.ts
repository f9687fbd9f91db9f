import { expect } from 'vitest';
import { SourceError } from '../../src/diagnostics.js';

/**
 * What every hostile input must get: a SourceError that says where (line and column, 1-based)
 * and what, or a result — and never any other exception (a TypeError or RangeError from deep
 * inside is a crash, whatever its message). "Bounded time" is the test's timeout (vitest's
 * testTimeout): a hang or a backtracking blow-up never finishes at all, while how fast a
 * finished run was is for the benchmarks to say, not for an assertion on a shared machine.
 */
export type Outcome<T> = { readonly kind: 'result'; readonly value: T } | { readonly kind: 'error'; readonly error: SourceError };

export function bounded<T>(body: () => T): Outcome<T> {
  try {
    return { kind: 'result', value: body() };
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return { kind: 'error', error: err };
  }
}

export interface ErrorWhere {
  readonly message: RegExp;
  readonly line?: number;
  readonly col?: number;
}

/** The body must fail with a SourceError whose first diagnostic matches, in bounded time. */
export function expectSourceError(body: () => unknown, where: ErrorWhere): SourceError {
  const outcome = bounded(body);
  if (outcome.kind !== 'error') throw new Error(`expected a SourceError matching ${where.message}, got a result`);
  const first = outcome.error.diagnostics[0];
  expect(first, 'a diagnostic').toBeDefined();
  expect(first?.message).toMatch(where.message);
  expect(first?.position.line).toBeGreaterThanOrEqual(1);
  expect(first?.position.col).toBeGreaterThanOrEqual(1);
  if (where.line !== undefined) expect(first?.position.line).toBe(where.line);
  if (where.col !== undefined) expect(first?.position.col).toBe(where.col);
  return outcome.error;
}

/** The body must return, in bounded time; its result is handed back for checking. */
export function expectResult<T>(body: () => T): T {
  const outcome = bounded(body);
  if (outcome.kind !== 'result') throw new Error(`expected a result, got ${outcome.error.message}`);
  return outcome.value;
}

/** Either outcome is fine (e.g. a file cut at an arbitrary point may still be valid). */
export function expectErrorOrResult(body: () => unknown): void {
  bounded(body);
}

/** Nothing hostile may reach Object.prototype. */
export function expectPrototypeClean(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}
