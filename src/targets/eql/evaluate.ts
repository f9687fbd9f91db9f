import type { JsonObject } from '../../ir/value.js';
import { foldAscii, foldRepeated } from '../../semantics/fold.js';
import { compileGlob, type GlobToken } from '../../semantics/wildcard.js';
import type { EqlExpr, EventFilter, PatternExpr } from './ast.js';
import { alternatives, fieldReader, scalarCompare, scalarEquals, textOf, type EqlScalar, type EqlValue } from './ecs-value.js';
import { callFunction } from './functions.js';
import { compileLuceneRegex } from './lucene-regex.js';
import { ipAddressOf, isEcsIpField } from './ecs-types.js';

/**
 * Elasticsearch EQL's semantics over ECS documents (eql.md "Operators", "Nulls and arrays"):
 * `==`/`!=`/`in`/`like`/`regex` are case-sensitive, `:`/`in~`/`like~`/`regex~` fold ASCII
 * letters; `*` and `?` are wildcards in `:`/`like` with no escape; `regex` matches the whole
 * value (Lucene); a comparison with a missing or null field does not match, except `== null` /
 * `!= null`, which test presence; a multi-valued field matches when any element does.
 *
 * Negation is two-valued: Elasticsearch runs an EQL filter as a Query DSL query, where `not`
 * and `!=` are `must_not` and so keep documents that lack the field (the same as the rule
 * model's "not of a predicate on a missing field is true").
 */
export type DocTest = (doc: JsonObject) => boolean;
type ValueFn = (doc: JsonObject) => EqlValue;

export function compileFilter(filter: EventFilter): DocTest {
  const condition = compileCondition(filter.condition);
  const category = filter.category;
  if (category === undefined) return condition;
  // The category is compared exactly with event.category (which ECS may hold as an array).
  const categoryOf = fieldReader('event.category');
  return (doc) => alternatives(categoryOf(doc)).some((c) => c === category) && condition(doc);
}

export function compileCondition(e: EqlExpr): DocTest {
  switch (e.kind) {
    case 'and': {
      const l = compileCondition(e.left);
      const r = compileCondition(e.right);
      return (d) => l(d) && r(d);
    }
    case 'or': {
      const l = compileCondition(e.left);
      const r = compileCondition(e.right);
      return (d) => l(d) || r(d);
    }
    case 'not': {
      const inner = compileCondition(e.operand);
      return (d) => !inner(d);
    }
    case 'compare': {
      if (e.op === '==' || e.op === '!=') {
        const eq = compileEquality(e.left, e.right);
        return e.op === '==' ? eq : (d) => !eq(d);
      }
      const l = compileValue(e.left);
      const r = compileValue(e.right);
      const want = e.op;
      return (d) => {
        const rs = alternatives(r(d));
        return alternatives(l(d)).some((a) =>
          rs.some((b) => {
            const c = scalarCompare(a, b);
            if (c === undefined) return false;
            return want === '<' ? c < 0 : want === '<=' ? c <= 0 : want === '>' ? c > 0 : c >= 0;
          }),
        );
      };
    }
    case 'pattern':
      return compilePattern(e);
    case 'in': {
      const subject = compileValue(e.subject);
      const items = e.items.map(compileValue);
      const insensitive = e.insensitive;
      const same = readsIpField(e.subject) ? sameAddress : scalarEquals;
      const test: DocTest = (d) => {
        const vs = alternatives(subject(d));
        const cands = items.flatMap((i) => alternatives(i(d)));
        return vs.some((v) => cands.some((c) => same(v, c, insensitive)));
      };
      return e.negated ? (d) => !test(d) : test;
    }
    default: {
      // A value used as a condition: true only when it is (or holds) boolean true.
      const v = compileValue(e);
      return (d) => alternatives(v(d)).some((x) => x === true);
    }
  }
}

/** `a == b`: `== null` tests absence; otherwise any pair of alternatives equal (case-sensitive). */
function compileEquality(left: EqlExpr, right: EqlExpr): DocTest {
  const isNull = (x: EqlExpr): boolean => x.kind === 'literal' && x.value === null;
  if (isNull(right) || isNull(left)) {
    const other = compileValue(isNull(right) ? left : right);
    return (d) => alternatives(other(d)).every((x) => x === null);
  }
  const l = compileValue(left);
  const r = compileValue(right);
  const same = readsIpField(left) || readsIpField(right) ? sameAddress : scalarEquals;
  return (d) => {
    const rs = alternatives(r(d));
    return alternatives(l(d)).some((a) => rs.some((b) => same(a, b, false)));
  };
}

/** `==` and `in` on an ECS ip field compare addresses (ecs-types.ts); text that is no address matches nothing. */
function sameAddress(a: EqlScalar, b: EqlScalar): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = ipAddressOf(a);
  return x !== undefined && x === ipAddressOf(b);
}

const readsIpField = (e: EqlExpr): boolean => e.kind === 'field' && isEcsIpField(e.name);

function compilePattern(e: PatternExpr): DocTest {
  const subject = compileValue(e.subject);
  let tests: ((s: string) => boolean)[];
  let fold = false;
  if (e.op === 'regex' || e.op === 'regex~') {
    // Patterns were checked by the parser; compile errors here are programming errors.
    tests = e.patterns.map((p) => {
      const m = compileLuceneRegex(p, e.op === 'regex~');
      return (s: string) => m.test(s);
    });
  } else {
    fold = e.op !== 'like';
    tests = e.patterns.map((p) => compileGlob(eqlGlob(fold ? foldAscii(p) : p)));
  }
  return (d) =>
    alternatives(subject(d)).some((v) => {
      // Numbers and booleans read as their text; null never matches.
      const t = textOf(v);
      if (t === undefined) return false;
      const s = fold ? foldRepeated(t) : t;
      return tests.some((test) => test(s));
    });
}

/** EQL globs: `*` any run, `?` one character, and no escape at all (eql.md "Operators"). */
export function eqlGlob(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let text = '';
  for (const ch of pattern) {
    if (ch === '*' || ch === '?') {
      if (text) tokens.push({ kind: 'text', text });
      text = '';
      tokens.push(ch === '*' ? { kind: 'any' } : { kind: 'one' });
    } else text += ch;
  }
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

export function compileValue(e: EqlExpr): ValueFn {
  switch (e.kind) {
    case 'literal': {
      const v = e.value;
      return () => v;
    }
    case 'field':
      return fieldReader(e.name);
    case 'call': {
      const args = e.args.map(compileValue);
      const { name, insensitive } = e;
      return (d) => callFunction(name, insensitive, args.map((a) => a(d)));
    }
    case 'arithmetic': {
      const fn = { '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '%': 'modulo' }[e.op];
      const l = compileValue(e.left);
      const r = compileValue(e.right);
      return (d) => callFunction(fn, false, [l(d), r(d)]);
    }
    case 'negate': {
      const inner = compileValue(e.operand);
      return (d) => callFunction('subtract', false, [0, inner(d)]);
    }
    default: {
      // A condition used as a value (`f == (a and b)` is odd but legal): its truth.
      const test = compileCondition(e);
      return (d) => test(d);
    }
  }
}

/** A compiled `by` key: its value, and whether it is an optional `?field` (which may join on null). */
export interface JoinKeyFn {
  readonly value: ValueFn;
  readonly optional: boolean;
}

export function compileJoinKey(e: EqlExpr): JoinKeyFn {
  return { value: compileValue(e), optional: e.kind === 'field' && e.optional };
}

/**
 * The key an event joins on. Elasticsearch joins non-optional keys on non-null values only;
 * an optional `?field` key may be null (ES #79677). Undefined when the event cannot join.
 */
export function joinKey(keys: readonly JoinKeyFn[], doc: JsonObject): { key: string; values: EqlScalar[] } | undefined {
  const values: EqlScalar[] = [];
  for (const k of keys) {
    const v = alternatives(k.value(doc))[0] ?? null;
    if (v === null && !k.optional) return undefined;
    values.push(v);
  }
  return { key: JSON.stringify(values), values };
}
