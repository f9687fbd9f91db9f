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

/**
 * Whether a rule reads one field (what `fieldsReadBy(rule).has(field)` says), found by a walk
 * that stops at the first read and builds no set: the KQL emitter asks this of every rule.
 */
export function readsField(rule: Rule, field: string): boolean {
  if (conditionReads(rule.condition, field)) return true;
  const derived = rule.derived;
  for (let i = 0; i < derived.length; i++) if (exprReads((derived[i] as Rule['derived'][number]).expr, field)) return true;
  if (rule.output.fields.includes(field)) return true;
  const sort = rule.output.sort;
  for (let i = 0; i < sort.length; i++) if ((sort[i] as Rule['output']['sort'][number]).field === field) return true;
  return false;
}

function conditionReads(c: Condition, field: string): boolean {
  switch (c.kind) {
    case 'match':
      return c.field === field;
    case 'not':
      return conditionReads(c.child, field);
    case 'and':
    case 'or': {
      // Indexed: most rules are emitted before this is optimised, where `for...of` allocates per step.
      const children = c.children;
      for (let i = 0; i < children.length; i++) if (conditionReads(children[i] as Condition, field)) return true;
      return false;
    }
    case 'eventKind':
    case 'const':
      return false;
    default:
      return assertNever(c, 'condition');
  }
}

function exprReads(e: DerivedExpr, field: string): boolean {
  switch (e.kind) {
    case 'field':
      return e.field === field;
    case 'literal':
      return false;
    case 'coalesce':
      return e.args.some((a) => exprReads(a, field));
    case 'extract':
      return exprReads(e.source, field);
    case 'case':
      return e.branches.some((b) => conditionReads(b.when, field) || exprReads(b.then, field)) || exprReads(e.otherwise, field);
    case 'condition':
      return conditionReads(e.condition, field);
    default:
      return assertNever(e, 'derived expression');
  }
}
