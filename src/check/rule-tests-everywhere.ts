import type { Rule } from '../ir/rule.js';
import type { Target } from '../targets/contract.js';
import { TARGETS } from '../targets/registry.js';
import { ruleNow } from './agreement.js';
import { message, prepareForm } from './target-form.js';
import { compareDerived } from '../evaluate/rule-tests.js';

/** One target's outcome on a rule's tests, for `unirule test --format json`. */
export interface TargetTestOutcome {
  readonly target: string;
  readonly status: 'pass' | 'fail' | 'approximate' | 'not-expressible' | 'broken';
  readonly passed: number;
  readonly total: number;
  /** Each failing test's problem (undeclared for `fail`, explained by an approximation for `approximate`). */
  readonly problems: readonly string[];
  /** The declared approximations, or the reason for not-expressible / broken. */
  readonly reasons: readonly string[];
}

export interface TargetTestReport {
  /** One line per target, then one per failing test, indented. */
  readonly lines: string[];
  readonly outcomes: TargetTestOutcome[];
  /** Undeclared failures: a target's form that fails a test without having declared an approximation. */
  readonly failures: number;
}

/**
 * A rule's own tests on every target's form (`unirule test`): each test event projected into
 * the target's shape, its verdict against the test's `expect`, and the expected derived values
 * the target computes. A form with declared approximations reports its failing tests without
 * counting them; a form the target cannot express is reported, not failed.
 */
export function runRuleTestsEverywhere(rule: Rule, targets: readonly Target<unknown>[] = TARGETS): TargetTestReport {
  const lines: string[] = [];
  const outcomes: TargetTestOutcome[] = [];
  let failures = 0;
  const total = rule.tests.cases.length;
  const now = ruleNow(rule);
  for (const target of targets) {
    const form = prepareForm(target, rule, now);
    if (form.kind === 'not-expressible') {
      lines.push(`     ${target.id}: not expressible (${form.reason})`);
      outcomes.push({ target: target.id, status: 'not-expressible', passed: 0, total, problems: [], reasons: [form.reason] });
      continue;
    }
    if (form.kind === 'broken') {
      failures++;
      lines.push(`FAIL ${target.id}: ${form.reason}`);
      outcomes.push({ target: target.id, status: 'broken', passed: 0, total, problems: [], reasons: [form.reason] });
      continue;
    }
    const declared = form.approximations.length > 0;
    const problems: string[] = [];
    const failedTests = new Set<string>();
    for (const test of rule.tests.cases) {
      const before = problems.length;
      let got;
      try {
        got = form.verdict(test.event);
      } catch (err) {
        problems.push(`${test.name}: ${message(err)}`);
        failedTests.add(test.name);
        continue;
      }
      const want = test.expect === 'match';
      if (got.matched !== want) {
        problems.push(`${test.name}: expected ${test.expect}, got ${got.matched ? 'match' : 'no_match'}`);
        failedTests.add(test.name);
        continue;
      }
      if (!got.matched || !test.derived) continue;
      // Only the derived values this target computes (Sigma and EQL compute none).
      const computed = Object.fromEntries(Object.entries(test.derived).filter(([name]) => Object.prototype.hasOwnProperty.call(got.derived, name)));
      for (const p of compareDerived(computed, got.derived)) problems.push(`${test.name}: ${p}`);
      if (problems.length > before) failedTests.add(test.name);
    }
    const passed = rule.tests.cases.length - failedTests.size;
    const counted = !declared && problems.length > 0;
    if (counted) failures += problems.length;
    const head = problems.length === 0 ? 'ok  ' : counted ? 'FAIL' : 'ok ≈';
    lines.push(`${head} ${target.id}: ${passed}/${rule.tests.cases.length} tests pass${declared ? ` (approximate: ${form.approximations.map((a) => a.predicate).join('; ')})` : ''}`);
    for (const p of problems) lines.push(`     ${counted ? '✗' : '≈'} ${p}`);
    const status = problems.length === 0 ? 'pass' : counted ? 'fail' : 'approximate';
    outcomes.push({ target: target.id, status, passed, total, problems, reasons: form.approximations.map((a) => `${a.predicate}: ${a.reason}`) });
  }
  return { lines, outcomes, failures };
}
