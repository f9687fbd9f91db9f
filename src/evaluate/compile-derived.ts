import { assertNever } from '../ir/condition.js';
import type { DerivedExpr, DerivedField } from '../ir/derived.js';
import type { FieldValue } from '../ir/value.js';
import { compileRegex } from '../semantics/regex.js';
import { compileCondition, type EvalScope, type ListResolver } from './compile-condition.js';

export type CompiledExpr = (scope: EvalScope) => FieldValue;

/**
 * Derived values follow Kusto's rules, since KQL is the only target that computes them:
 * a missing field reads `""` (Kusto strings are never null), `coalesce` returns the first
 * value that is neither null nor `""`, `extract` returns `""` when nothing matches.
 */
export function compileExpr(expr: DerivedExpr, lists: ListResolver): CompiledExpr {
  switch (expr.kind) {
    case 'literal': {
      const v = expr.value;
      return () => v;
    }
    case 'field': {
      const f = expr.field;
      return (s) => {
        const v = s.get(f);
        return v === undefined || v === null ? '' : v;
      };
    }
    case 'coalesce': {
      const args = expr.args.map((a) => compileExpr(a, lists));
      return (s) => {
        let last: FieldValue = null;
        for (const a of args) {
          last = a(s);
          if (last !== null && last !== '') return last;
        }
        return last;
      };
    }
    case 'extract': {
      const re = compileRegex(expr.pattern, {
        caseInsensitive: expr.caseRule === 'insensitive',
        multiline: false,
        dotAll: false,
      });
      const source = compileExpr(expr.source, lists);
      const group = expr.group;
      return (s) => {
        const v = source(s);
        const text = typeof v === 'string' ? v : v === null ? '' : Array.isArray(v) ? JSON.stringify(v) : String(v);
        return re.extract(text, group) ?? '';
      };
    }
    case 'case': {
      const branches = expr.branches.map((b) => ({ when: compileCondition(b.when, lists), then: compileExpr(b.then, lists) }));
      const otherwise = compileExpr(expr.otherwise, lists);
      return (s) => {
        for (const b of branches) if (b.when(s)) return b.then(s);
        return otherwise(s);
      };
    }
    case 'condition': {
      const c = compileCondition(expr.condition, lists);
      return (s) => c(s);
    }
    default:
      return assertNever(expr, 'derived expression');
  }
}

export interface CompiledDerived {
  readonly name: string;
  readonly compute: CompiledExpr;
}

export function compileDerived(fields: readonly DerivedField[], lists: ListResolver): readonly CompiledDerived[] {
  return fields.map((f) => ({ name: f.name, compute: compileExpr(f.expr, lists) }));
}
