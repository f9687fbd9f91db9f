import type { Condition, MatchNode } from '../ir/condition.js';
import { assertNever } from '../ir/condition.js';
import type { DerivedExpr } from '../ir/derived.js';
import type { Rule } from '../ir/rule.js';

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
  const visit = (c: Condition, negated: boolean): void => {
    switch (c.kind) {
      case 'match':
        out.push({ node: c, values: resolve(c), negated });
        return;
      case 'not':
        visit(c.child, !negated);
        return;
      case 'and':
      case 'or':
        for (const child of c.children) visit(child, negated);
        return;
      case 'eventKind':
      case 'const':
        return;
      default:
        assertNever(c, 'condition');
    }
  };
  const visitExpr = (e: DerivedExpr): void => {
    switch (e.kind) {
      case 'field':
      case 'literal':
        return;
      case 'coalesce':
        e.args.forEach(visitExpr);
        return;
      case 'extract':
        visitExpr(e.source);
        return;
      case 'case':
        for (const b of e.branches) {
          visit(b.when, false);
          visitExpr(b.then);
        }
        visitExpr(e.otherwise);
        return;
      case 'condition':
        visit(e.condition, false);
        return;
      default:
        assertNever(e, 'derived expression');
    }
  };
  visit(rule.condition, false);
  for (const d of rule.derived) visitExpr(d.expr);
  return out;
}

/** A short, readable name for a predicate: `process.command_line term "sc stop"`. */
export function describePredicate(node: MatchNode, value?: string): string {
  const cs = node.caseRule === 'sensitive' ? ' (case-sensitive)' : '';
  if (node.op === 'exists') return `${node.field} exists`;
  const v = value !== undefined ? JSON.stringify(value) : node.values.kind === 'list' ? node.values.name : node.values.values.map((x) => JSON.stringify(x)).join(', ');
  return `${node.field} ${node.op} ${v}${cs}`;
}
