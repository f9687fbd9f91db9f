import type { MatchNode, RegexFlags } from '../../ir/condition.js';
import { parseGlob, type GlobToken } from '../../semantics/wildcard.js';
import { eqlField, eqlString } from './escape.js';
import { printLucene } from './lucene-regex.js';
import { portableRegexToLucene } from './portable-regex.js';
import type { RegexNode } from './regex-ast.js';
import { ecsField } from './schema.js';
import { INTEGRITY_LEVEL } from '../../ir/integrity-level.js';
import { isNumericOperator as isNumeric } from '../../ir/match-operator.js';

/**
 * One IR predicate as EQL, with the exact operator eql.md's table gives for its case rule:
 * `:` (insensitive, `*`/`?` are wildcards with no escape), `like`/`like~`, `==`/`in`/`in~`
 * (no wildcards), `regex`/`regex~` (Lucene, whole value), `startsWith~`-style functions where
 * a literal `*` or `?` must be matched, `cidrMatch`, `?f != null`.
 */
export type EqlCond =
  | { readonly t: 'atom'; readonly text: string }
  | { readonly t: 'and' | 'or'; readonly items: readonly EqlCond[] }
  | { readonly t: 'not'; readonly item: EqlCond };

export const atom = (text: string): EqlCond => ({ t: 'atom', text });
export const TRUE = atom('true');
export const FALSE = atom('false');

export function join(t: 'and' | 'or', items: readonly EqlCond[]): EqlCond {
  const flat: EqlCond[] = [];
  for (const i of items) {
    if (i.t === t) flat.push(...i.items);
    else flat.push(i);
  }
  return flat.length === 1 ? (flat[0] as EqlCond) : { t, items: flat };
}

/** Why a predicate has no exact EQL form; the caller turns it into an error or approximation. */
export class Inexpressible extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const hasWildcardChar = (v: string): boolean => v.includes('*') || v.includes('?');
const list = (values: readonly string[]): string => `(${values.map(eqlString).join(', ')})`;
const oneOrList = (values: readonly string[]): string => (values.length === 1 ? eqlString(values[0] as string) : list(values));

export function emitPredicate(node: MatchNode, values: readonly string[]): EqlCond {
  const ecs = ecsField(node.field);
  if (ecs === undefined) throw new Inexpressible(`ECS has no field for ${node.field}`);
  const f = eqlField(ecs);
  const insensitive = node.caseRule === 'insensitive';
  if (node.field === INTEGRITY_LEVEL && !insensitive && node.op !== 'exists' && node.op !== 'cidr' && !isNumeric(node.op)) {
    throw new Inexpressible(
      'Elastic Defend writes the integrity level in lower case (high, system) where Sysmon and Defender write High, System: a case-sensitive test on it cannot be carried to ECS',
    );
  }
  const all = node.quantifier === 'all';
  const combine = (items: EqlCond[]): EqlCond => (items.length === 0 ? (all ? atom(`?${f} != null`) : FALSE) : join(all ? 'and' : 'or', items));
  // Under `any`, values that share one operator go into one list form; under `all` each is its own test.
  const grouped = (vals: readonly string[], one: (vs: readonly string[]) => string): EqlCond[] =>
    vals.length === 0 ? [] : all ? vals.map((v) => atom(one([v]))) : [atom(one(vals))];

  switch (node.op) {
    case 'exists':
      return atom(`?${f} != null`);
    case 'equals':
      if (!insensitive) return combine(grouped(values, (vs) => (vs.length === 1 ? `${f} == ${eqlString(vs[0] as string)}` : `${f} in ${list(vs)}`)));
      // `:` would read `*`/`?` as wildcards and they cannot be escaped: such values go to `in~`.
      return combine([
        ...grouped(values.filter((v) => !hasWildcardChar(v)), (vs) => `${f} : ${oneOrList(vs)}`),
        ...grouped(values.filter(hasWildcardChar), (vs) => `${f} in~ ${list(vs)}`),
      ]);
    case 'contains':
    case 'startswith':
    case 'endswith': {
      const glob = (v: string): string => (node.op === 'contains' ? `*${v}*` : node.op === 'startswith' ? `${v}*` : `*${v}`);
      const fn = node.op === 'contains' ? 'stringContains' : node.op === 'startswith' ? 'startsWith' : 'endsWith';
      const plain = values.filter((v) => !hasWildcardChar(v));
      const literal = values.filter(hasWildcardChar);
      return combine([
        ...grouped(plain, (vs) => `${f} ${insensitive ? ':' : 'like'} ${oneOrList(vs.map(glob))}`),
        ...literal.map((v) => atom(`${fn}${insensitive ? '~' : ''}(${f}, ${eqlString(v)})`)),
      ]);
    }
    case 'term':
    case 'termprefix':
    case 'termsuffix': {
      const patterns = values.map((v) => printLucene(termRegex(v, node.op as 'term' | 'termprefix' | 'termsuffix')));
      return combine(grouped(patterns, (ps) => `${f} ${insensitive ? 'regex~' : 'regex'} ${oneOrList(ps)}`));
    }
    case 'wildcard': {
      const globs: string[] = [];
      const regexes: string[] = [];
      for (const v of values) {
        const tokens = parseGlob(v);
        if (tokens.some((t) => t.kind === 'text' && hasWildcardChar(t.text))) regexes.push(printLucene(globRegex(tokens)));
        else globs.push(tokens.map((t) => (t.kind === 'any' ? '*' : t.kind === 'one' ? '?' : t.text)).join(''));
      }
      return combine([
        ...grouped(globs, (gs) => `${f} ${insensitive ? ':' : 'like'} ${oneOrList(gs)}`),
        ...grouped(regexes, (rs) => `${f} ${insensitive ? 'regex~' : 'regex'} ${oneOrList(rs)}`),
      ]);
    }
    case 'regex': {
      const patterns = values.map((v) => luceneOf(v, node.regexFlags, insensitive));
      return combine(grouped(patterns, (ps) => `${f} ${insensitive ? 'regex~' : 'regex'} ${oneOrList(ps)}`));
    }
    case 'cidr':
      return combine(grouped(values, (vs) => `cidrMatch(${f}, ${vs.map(eqlString).join(', ')})`));
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const sym = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[node.op];
      return combine(values.map((v) => atom(`${f} ${sym} ${v}`)));
    }
  }
}

function luceneOf(pattern: string, flags: RegexFlags | undefined, insensitive: boolean): string {
  const t = portableRegexToLucene(pattern, flags, insensitive);
  if (!t.ok) throw new Inexpressible(t.reason);
  return t.lucene;
}

const chars = (text: string): RegexNode[] => [...text].map((c) => ({ k: 'char', cp: c.codePointAt(0) as number }));
const isAlnumChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const NOT_ALNUM: RegexNode = { k: 'class', negated: true, ranges: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]] };
const ANY_STRING: RegexNode = { k: 'anyString' };

/**
 * KQL's term rule (README "term"; semantics/term.ts) as a whole-value Lucene regex: where the
 * needle starts with a letter or digit, what precedes it is nothing or ends in a non-alphanumeric
 * character, `(.*[^a-zA-Z0-9])?`; likewise after it.
 */
export function termRegex(needle: string, op: 'term' | 'termprefix' | 'termsuffix'): RegexNode {
  const left = op !== 'termsuffix' && isAlnumChar(needle[0]);
  const right = op !== 'termprefix' && isAlnumChar(needle[needle.length - 1]);
  const before: RegexNode = left ? { k: 'repeat', node: { k: 'seq', items: [ANY_STRING, NOT_ALNUM] }, min: 0, max: 1 } : ANY_STRING;
  const after: RegexNode = right ? { k: 'repeat', node: { k: 'seq', items: [NOT_ALNUM, ANY_STRING] }, min: 0, max: 1 } : ANY_STRING;
  return { k: 'seq', items: [before, ...chars(needle), after] };
}

/** A glob whose text holds a literal `*` or `?`: EQL's globs cannot say it, Lucene can. */
function globRegex(tokens: readonly GlobToken[]): RegexNode {
  const items: RegexNode[] = [];
  for (const t of tokens) {
    if (t.kind === 'any') items.push(ANY_STRING);
    else if (t.kind === 'one') items.push({ k: 'any' });
    else items.push(...chars(t.text));
  }
  return { k: 'seq', items };
}
