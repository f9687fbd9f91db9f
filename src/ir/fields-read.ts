import { assertNever, type Condition } from './condition.js';
import type { DerivedExpr } from './derived.js';
import type { Rule } from './rule.js';

/**
 * Every logical field a rule reads: in its condition, its derived fields' expressions, its
 * output and its sort. Emitters ask this to decide whether a computed column (Defender has no
 * registry path or DOMAIN\name column) must be built before the query reads it.
 */
export function fieldsReadBy(rule: Rule): ReadonlySet<string> {
  const fields = new Set<string>();
  const visit = (c: Condition): void => {
    switch (c.kind) {
      case 'match':
        fields.add(c.field);
        return;
      case 'not':
        visit(c.child);
        return;
      case 'and':
      case 'or':
        for (const child of c.children) visit(child);
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
        fields.add(e.field);
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
          visit(b.when);
          visitExpr(b.then);
        }
        visitExpr(e.otherwise);
        return;
      case 'condition':
        visit(e.condition);
        return;
      default:
        assertNever(e, 'derived expression');
    }
  };
  visit(rule.condition);
  for (const d of rule.derived) visitExpr(d.expr);
  for (const f of rule.output.fields) fields.add(f);
  for (const s of rule.output.sort) fields.add(s.field);
  return fields;
}
