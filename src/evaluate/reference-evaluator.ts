import type { Rule } from '../ir/rule.js';
import { makeScope } from './compile-condition.js';
import { readField } from './field-value.js';
import { compileRuleBody, type CompiledRule } from './rule-body.js';

export { eventTime, NO_MATCH, type CompiledRule, type EvaluateOptions, type Verdict } from './rule-body.js';
export { compileRuleMatcher, compileRuleSet, type RuleSetMatcher, type RuleSetMatches, type RuleSetOptions } from './rule-set.js';

/**
 * The reference evaluator: the meaning of a rule, against which every target is checked.
 * An event matches when its kind is one the rule reads, it lies inside the time window
 * (`@timestamp > now - window`, as KQL's `Timestamp > ago(window)`; no timestamp, no match),
 * and the condition holds.
 */
export function compileRule(rule: Rule): CompiledRule {
  const evaluate = compileRuleBody(rule);
  return (event, options) => evaluate(event, makeScope(event.kind, (f) => readField(event, f)), options.now);
}

