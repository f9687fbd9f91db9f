import { runRuleTestsEverywhere, type TargetTestReport } from '../../check/rule-tests-everywhere.js';
import type { Rule } from '../../ir/rule.js';
import type { Target } from '../../targets/contract.js';
import { TARGETS } from '../../targets/registry.js';

/**
 * The per-target half of `unirule test`: each of the rule's own tests, projected into every
 * target's shape and run through that target's emitted, re-parsed form (src/check/). A target
 * that fails to emit, parse or evaluate is one failure of that target, never a crash of the
 * command; a declared approximation is shown but not counted; not expressible is shown.
 */
export function runTargetTests(rule: Rule, targets: readonly Target<unknown>[] = TARGETS): TargetTestReport {
  return runRuleTestsEverywhere(rule, targets);
}
