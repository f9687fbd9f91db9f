import type { SourcePosition } from '../../diagnostics.js';
import { parseNetwork } from '../../semantics/cidr.js';
import { toNumber } from '../../semantics/numeric.js';
import type { SigmaValue } from './ast.js';
import type { ModifierPlan } from './modifiers.js';
import { checkSigmaRegex } from './sigma-regex.js';
import { checkValueAlternatives, ValuePatternError } from './value-pattern.js';

/**
 * The values of one detection item checked against what its modifiers need, each complaint at
 * the value's own position: `null` only alone and unmodified, numbers for lt/gt, networks for
 * cidr, a boolean for exists, regexes RE2 can run, no wildcard under base64. `expand`
 * placeholders are resolved here from the caller's table.
 */
export type Placeholders = Readonly<Record<string, readonly string[]>>;

export interface ValueContext {
  readonly fail: (at: SourcePosition, message: string) => never;
  /** Position of a character inside a string value (for regex problems). */
  readonly inside: (value: SigmaValue, index: number) => SourcePosition;
  readonly placeholders?: Placeholders;
  readonly keyword: boolean;
  readonly listed: boolean;
  readonly unmodified: boolean;
  /** Where the item's values start, for complaints about the list as a whole. */
  readonly itemPosition: SourcePosition;
}

/** Placeholders cannot multiply a value into more forms than this. */
const MAX_EXPANSION = 4096;
const PLACEHOLDER = /%([A-Za-z0-9_.-]+)%/g;

export function checkItemValues(plan: ModifierPlan, values: readonly SigmaValue[], ctx: ValueContext): readonly SigmaValue[] {
  if (values.length === 0) return ctx.fail(ctx.itemPosition, 'an empty list of values matches nothing; remove the item or give a value');
  for (const v of values) {
    if (v.value !== null) continue;
    if (ctx.keyword) ctx.fail(v.position, 'null cannot be searched as a keyword');
    if (ctx.listed) ctx.fail(v.position, 'null may not sit inside a list; write a separate item (field: null) and OR it in the condition');
    if (!ctx.unmodified) ctx.fail(v.position, 'null takes no modifiers: it means the field is absent or null');
  }
  const resolved = plan.expand ? values.flatMap((v) => expandValue(v, ctx)) : values;
  const op = plan.operation;
  switch (op.kind) {
    case 'string':
      for (const v of resolved) {
        if (v.value === null) continue;
        try {
          checkValueAlternatives(String(v.value), op);
        } catch (err) {
          if (err instanceof ValuePatternError) ctx.fail(v.position, err.message);
          throw err;
        }
      }
      break;
    case 'regex': {
      for (const v of resolved) {
        if (typeof v.value !== 'string') ctx.fail(v.position, 'a re value must be text');
        const problem = checkSigmaRegex(v.value, op);
        if (problem) ctx.fail(ctx.inside(v, problem.offset), problem.message);
      }
      break;
    }
    case 'numeric':
      for (const v of resolved) {
        if (typeof v.value === 'boolean' || toNumber(v.value ?? undefined) === undefined) ctx.fail(v.position, `${op.op} compares numbers; ${JSON.stringify(v.value)} is not a number`);
      }
      break;
    case 'cidr':
      for (const v of resolved) {
        if (typeof v.value !== 'string' || parseNetwork(v.value) === undefined) ctx.fail(v.position, `${JSON.stringify(v.value)} is not an IPv4 or IPv6 network (such as 10.0.0.0/8 or fe80::/10)`);
      }
      break;
    case 'exists': {
      const first = resolved[0] as SigmaValue;
      if (resolved.length !== 1 || ctx.listed) ctx.fail(first.position, 'exists takes a single true or false');
      if (typeof first.value !== 'boolean') ctx.fail(first.position, `exists takes true or false, not ${JSON.stringify(first.value)}`);
      break;
    }
    case 'fieldref':
      for (const v of resolved) {
        if (typeof v.value !== 'string' || v.value === '') ctx.fail(v.position, 'fieldref takes the name of another field');
      }
      break;
  }
  return resolved;
}

/** `expand`: each `%name%` is replaced by each value the caller gave for it (all combinations). */
function expandValue(v: SigmaValue, ctx: ValueContext): SigmaValue[] {
  if (typeof v.value !== 'string') return [v];
  let forms = [''];
  let last = 0;
  for (const m of v.value.matchAll(PLACEHOLDER)) {
    const name = m[1] as string;
    const table = ctx.placeholders;
    const options = table && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
    if (!options || options.length === 0) {
      ctx.fail(ctx.inside(v, m.index), `placeholder %${name}% has no value: expand needs it resolved (give it as --placeholder ${name}=VALUE)`);
    }
    const before = v.value.slice(last, m.index);
    forms = forms.flatMap((f) => options.map((o) => f + before + o));
    if (forms.length > MAX_EXPANSION) ctx.fail(v.position, `placeholders expand this value into more than ${MAX_EXPANSION} forms`);
    last = m.index + m[0].length;
  }
  const tail = v.value.slice(last);
  return forms.map((f) => ({ value: f + tail, position: v.position }));
}
