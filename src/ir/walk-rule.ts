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
  const onMatch = visitor.match ?? ((): void => undefined);
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
          walkCondition(b.when, onMatch);
          visitExpr(b.then);
        }
        visitExpr(e.otherwise);
        return;
      case 'condition':
        walkCondition(e.condition, onMatch);
        return;
      default:
        assertNever(e, 'derived expression');
    }
  };
  walkCondition(rule.condition, onMatch);
  for (const d of rule.derived) visitExpr(d.expr);
}

/** Every predicate of a condition, in order, and whether it sits under an odd number of `not`s. */
export function walkCondition(c: Condition, visit: (node: MatchNode, negated: boolean) => void, negated = false): void {
  switch (c.kind) {
    case 'match':
      visit(c, negated);
      return;
    case 'not':
      walkCondition(c.child, visit, !negated);
      return;
    case 'and':
    case 'or':
      for (const child of c.children) walkCondition(child, visit, negated);
      return;
    case 'eventKind':
    case 'const':
      return;
    default:
      assertNever(c, 'condition');
  }
}
