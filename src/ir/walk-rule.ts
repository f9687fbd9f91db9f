import { assertNever, type Condition, type MatchNode } from './condition.js';
import type { DerivedExpr } from './derived.js';
import type { Rule } from './rule.js';

/** What a walk over a rule reports: each predicate, and each field a derived expression reads. */
export interface RuleVisitor {
  /** A predicate, and whether it sits under an odd number of `not`s. */
  match?(node: MatchNode, negated: boolean): void;
  /** A field read as a value by a derived expression (`extend X = process.name`). */
  field?(name: string): void;
}

/**
 * Every predicate of a rule, in rule order — its condition, then its derived fields'
 * expressions (the conditions of `case` and `condition` parts) — and every field a derived
 * expression reads. One walk for the callers that need to know what a rule reads.
 */
export function walkRule(rule: Rule, visitor: RuleVisitor): void {
  const visit = (c: Condition, negated: boolean): void => {
    switch (c.kind) {
      case 'match':
        visitor.match?.(c, negated);
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
        visitor.field?.(e.field);
        return;
      case 'literal':
        return;
      case 'coalesce':
        for (const a of e.args) visitExpr(a);
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
}
