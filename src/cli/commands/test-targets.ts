import type { Rule } from '../../ir/rule.js';

/**
 * The per-target half of `unirule test`; filled in by the check (src/check/) once the targets
 * exist. Kept separate so the reference half works on its own.
 */
export function runTargetTests(_rule: Rule): { lines: string[]; failures: number } {
  return { lines: [], failures: 0 };
}
