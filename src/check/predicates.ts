import type { MatchNode } from '../ir/condition.js';
import type { Rule } from '../ir/rule.js';
import { walkRule } from '../ir/walk-rule.js';

/** One predicate of a rule with its values resolved, and whether it sits under an odd number of `not`s. */
export interface RulePredicate {
  readonly node: MatchNode;
  readonly values: readonly string[];
  readonly negated: boolean;
}

/** Every predicate the rule reads — its condition and its derived fields — in rule order. */
export function rulePredicates(rule: Rule): RulePredicate[] {
  const out: RulePredicate[] = [];
  const resolve = (node: MatchNode): readonly string[] =>
    node.values.kind === 'literals' ? node.values.values : (rule.lists.get(node.values.name) ?? []);
  walkRule(rule, { match: (node, negated) => out.push({ node, values: resolve(node), negated }) });
  return out;
}

/** A short, readable name for a predicate: `process.command_line term "sc stop"`. */
export function describePredicate(node: MatchNode, value?: string): string {
  const cs = node.caseRule === 'sensitive' ? ' (case-sensitive)' : '';
  if (node.op === 'exists') return `${node.field} exists`;
  const v = value !== undefined ? JSON.stringify(value) : node.values.kind === 'list' ? node.values.name : node.values.values.map((x) => JSON.stringify(x)).join(', ');
  return `${node.field} ${node.op} ${v}${cs}`;
}
