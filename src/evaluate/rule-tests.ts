import type { Rule, RuleTest } from '../ir/rule.js';
import type { FieldValue } from '../ir/value.js';
import { compileRule } from './reference-evaluator.js';

export interface TestOutcome {
  readonly test: RuleTest;
  readonly passed: boolean;
  /** What went wrong, in words, when the test failed. */
  readonly problems: readonly string[];
}

/** A rule's own tests on the reference evaluator: the verdict, and derived values where given. */
export function runReferenceTests(rule: Rule): TestOutcome[] {
  const evaluate = compileRule(rule);
  const now = Date.parse(rule.tests.now);
  return rule.tests.cases.map((test) => {
    const verdict = evaluate(test.event, { now });
    const problems: string[] = [];
    const expected = test.expect === 'match';
    if (verdict.matched !== expected) problems.push(`expected ${test.expect}, got ${verdict.matched ? 'match' : 'no_match'}`);
    if (test.derived && verdict.matched) problems.push(...compareDerived(test.derived, verdict.derived));
    return { test, passed: problems.length === 0, problems };
  });
}

/** Expected derived values against computed ones; only the names the test lists are compared. */
export function compareDerived(expected: Readonly<Record<string, FieldValue>>, actual: Readonly<Record<string, FieldValue>>): string[] {
  const problems: string[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = actual[name];
    if (JSON.stringify(got ?? null) !== JSON.stringify(want)) problems.push(`derived ${name}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got ?? null)}`);
  }
  return problems;
}
