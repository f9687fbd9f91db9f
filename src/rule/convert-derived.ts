import type { DerivedExpr, DerivedField } from '../ir/derived.js';
import { checkPortableRegex } from '../semantics/regex.js';
import { convertCondition } from './convert-condition.js';
import type { ConvertContext } from './convert-context.js';
import type { RawExpr } from './raw-rule.js';
import type { PathSegment } from './yaml-source.js';

/**
 * `derived:` → IR, in order: each field may read the logical fields and the derived fields
 * defined before it (KQL `extend` evaluates top to bottom, so a later name is not yet there).
 */
export function convertDerivedFields(
  raw: readonly { readonly name: string; readonly expr: RawExpr }[],
  ctx: ConvertContext,
): DerivedField[] {
  const defined = new Set<string>();
  const out: DerivedField[] = [];
  raw.forEach((d, i) => {
    const path = ['derived', i];
    if (defined.has(d.name)) ctx.error([...path, 'name'], `derived field \`${d.name}\` is defined twice`);
    if (ctx.fields.has(d.name)) ctx.error([...path, 'name'], `derived field \`${d.name}\` shadows a logical field`);
    out.push(Object.freeze({ name: d.name, expr: convertExpr(d.expr, [...path, 'expr'], ctx, new Set(defined)) }));
    defined.add(d.name);
  });
  return out;
}

function convertExpr(raw: RawExpr, path: readonly PathSegment[], ctx: ConvertContext, visible: ReadonlySet<string>): DerivedExpr {
  if ('field' in raw) {
    if (!ctx.fields.has(raw.field) && !visible.has(raw.field)) {
      ctx.error([...path, 'field'], `unknown field \`${raw.field}\`: neither a logical field of the rule's event kinds nor an earlier derived field`);
    }
    return Object.freeze({ kind: 'field', field: raw.field });
  }
  if ('value' in raw) return Object.freeze({ kind: 'literal', value: raw.value });
  if ('coalesce' in raw) {
    return Object.freeze({ kind: 'coalesce', args: Object.freeze(raw.coalesce.map((e, i) => convertExpr(e, [...path, 'coalesce', i], ctx, visible))) });
  }
  if ('extract' in raw) {
    const x = raw.extract;
    const problem = checkPortableRegex(x.pattern);
    if (problem) ctx.error([...path, 'extract', 'pattern'], `regex ${JSON.stringify(x.pattern)}: ${problem.message}`);
    const group = x.group ?? 0;
    const groups = countGroups(x.pattern);
    if (group > groups) ctx.error([...path, 'extract', 'group'], `group ${group} does not exist: the pattern has ${groups} capturing group(s)`);
    return Object.freeze({
      kind: 'extract',
      pattern: x.pattern,
      group,
      source: convertExpr(x.from, [...path, 'extract', 'from'], ctx, visible),
      // Kusto's extract() is case-sensitive unless the pattern says otherwise; so is ours.
      caseRule: x.case ?? 'sensitive',
    });
  }
  if ('case' in raw) {
    const branches: { when: ReturnType<typeof convertCondition>; then: DerivedExpr }[] = [];
    let otherwise: DerivedExpr | undefined;
    raw.case.forEach((b, i) => {
      const at = [...path, 'case', i];
      if ('else' in b) {
        if (i !== raw.case.length - 1) ctx.error(at, '`else` must be the last branch');
        otherwise = convertExpr(b.else, [...at, 'else'], ctx, visible);
      } else {
        branches.push({ when: convertCondition(b.when, [...at, 'when'], ctx, visible), then: convertExpr(b.then, [...at, 'then'], ctx, visible) });
      }
    });
    if (!otherwise) ctx.error([...path, 'case'], '`case` needs an `else` branch as its last item');
    if (branches.length === 0) ctx.error([...path, 'case'], '`case` needs at least one `when` branch');
    return Object.freeze({
      kind: 'case',
      branches: Object.freeze(branches.map((b) => Object.freeze(b))),
      otherwise: otherwise ?? Object.freeze({ kind: 'literal', value: '' }),
    });
  }
  return Object.freeze({ kind: 'condition', condition: convertCondition(raw.condition, [...path, 'condition'], ctx, visible) });
}

/** Capturing groups in a portable regex: `(` not escaped, not in a class, not `(?:`. */
function countGroups(pattern: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && pattern[i + 1] !== '?') {
      n++;
    }
  }
  return n;
}
