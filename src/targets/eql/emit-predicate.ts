import type { MatchNode } from '../../ir/condition.js';
import { parseGlob, type GlobToken } from '../../semantics/wildcard.js';
import { eqlAffixed, eqlField, eqlString } from './escape.js';
import { luceneLiteral, printLucene } from './lucene-regex.js';
import { portableRegexToLucene } from './portable-regex.js';
import type { RegexNode } from './regex-ast.js';
import { ecsField, noEcsFieldReason } from './schema.js';
import { ecsNonStringType } from './ecs-types.js';
import { INTEGRITY_LEVEL } from '../../ir/integrity-level.js';
import { isNumericOperator as isNumeric } from '../../ir/match-operator.js';
import { typedFieldPredicate } from './emit-typed.js';

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

/*
 * Loops in this file are indexed rather than `for...of`: a rule set is emitted mostly before
 * the engine optimises this code, and there each step of an iterator allocates a result.
 */

export function join(t: 'and' | 'or', items: readonly EqlCond[]): EqlCond {
  // Most joins have nothing to flatten (often one test): the items as given, no copy.
  if (!holdsKind(items, t)) return items.length === 1 ? (items[0] as EqlCond) : { t, items };
  const flat: EqlCond[] = [];
  for (let n = 0; n < items.length; n++) {
    const i = items[n] as EqlCond;
    if (i.t !== t) flat.push(i);
    else for (let m = 0; m < i.items.length; m++) flat.push(i.items[m] as EqlCond);
  }
  return flat.length === 1 ? (flat[0] as EqlCond) : { t, items: flat };
}

function holdsKind(items: readonly EqlCond[], t: 'and' | 'or'): boolean {
  for (let n = 0; n < items.length; n++) if ((items[n] as EqlCond).t === t) return true;
  return false;
}

/**
 * Why a predicate has no exact EQL form; the caller turns it into an error or approximation.
 * Returned, not thrown: every predicate with no exact form (each term regex a Sigma rule spells
 * with anchors inside, say) would otherwise cost a throw, a catch and an Error object.
 */
export class Inexpressible {
  /** `nearest`: what lenient output writes instead of `true`, where a form comes close. */
  constructor(
    readonly reason: string,
    readonly nearest?: EqlCond,
  ) {}
}

const hasWildcardChar = (v: string): boolean => v.includes('*') || v.includes('?');

/*
 * The tests are made from string literals already written (eqlString, eqlAffixed): a value
 * wrapped in wildcards or regex pieces is escaped alone, not as a joined text to be copied.
 */
const literals = (values: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(eqlString(values[i] as string));
  return out;
};
const strings = (literals: readonly string[]): string => {
  let text = '';
  for (let i = 0; i < literals.length; i++) text += (i === 0 ? '' : ', ') + (literals[i] as string);
  return text;
};
const list = (literals: readonly string[]): string => `(${strings(literals)})`;
const oneOrList = (literals: readonly string[]): string => (literals.length === 1 ? (literals[0] as string) : list(literals));

const COMPARISONS: Readonly<Record<'lt' | 'lte' | 'gt' | 'gte', string>> = { lt: '<', lte: '<=', gt: '>', gte: '>=' };

/*
 * The helpers below are module functions rather than closures made on every call: a rule set
 * is emitted mostly before the engine optimises this code, and there every closure costs.
 */

/**
 * Adds the tests for literals that share one form, `head`, the literals as `render` writes
 * them, `tail`: under `any` one test for them all (a list form), under `all` one per literal.
 */
function addTests(out: EqlCond[], literals: readonly string[], all: boolean, head: string, render: (ls: readonly string[]) => string, tail = ''): void {
  if (literals.length === 0) return;
  if (!all) out.push(atom(head + render(literals) + tail));
  else for (let i = 0; i < literals.length; i++) out.push(atom(head + render([literals[i] as string]) + tail));
}

/** The tests joined by the quantifier; no test at all: `all` holds where the field is present, `any` never. */
function combine(tests: readonly EqlCond[], all: boolean, f: string): EqlCond {
  if (tests.length === 0) return all ? atom(`?${f} != null`) : FALSE;
  return join(all ? 'and' : 'or', tests);
}

/**
 * The ECS field of a logical field as EQL writes it, or undefined when ECS has none. Rules
 * test the same few dozen fields over and over: each answer is kept (a bounded table).
 */
function fieldText(logical: string): string | undefined {
  let f = FIELD_TEXT.get(logical);
  if (f === undefined && !FIELD_TEXT.has(logical)) {
    const ecs = ecsField(logical);
    f = ecs === undefined ? undefined : eqlField(ecs);
    if (FIELD_TEXT.size >= MAX_FIELD_TEXT) FIELD_TEXT.clear();
    FIELD_TEXT.set(logical, f);
  }
  return f;
}

const FIELD_TEXT = new Map<string, string | undefined>();
const MAX_FIELD_TEXT = 1024;

/*
 * One function per operator family below, rather than one switch holding them all: only the
 * families a rule set uses get hot and compiled, and each compiles small.
 */
export function emitPredicate(node: MatchNode, values: readonly string[]): EqlCond | Inexpressible {
  const f = fieldText(node.field);
  if (f === undefined) return new Inexpressible(noEcsFieldReason(node.field));
  const insensitive = node.caseRule === 'insensitive';
  if (node.field === INTEGRITY_LEVEL && !insensitive && node.op !== 'exists' && node.op !== 'cidr' && !isNumeric(node.op)) {
    return new Inexpressible(
      'Elastic Defend writes the integrity level in lower case (high, system) where Sysmon and Defender write High, System: a case-sensitive test on it cannot be carried to ECS',
    );
  }
  // ECS keeps ip and long fields as addresses and numbers, which `:` and the string functions
  // do not take (ecs-types.ts): their string tests are said another way, or not at all.
  if (node.op !== 'exists' && node.op !== 'cidr' && !isNumeric(node.op)) {
    const type = ecsNonStringType(ecsField(node.field) as string);
    if (type !== undefined) return typedFieldPredicate(type, f, node, values);
  }
  const all = node.quantifier === 'all';
  // Under `any`, values that share one operator go into one list form; under `all` each is its own test.
  switch (node.op) {
    case 'exists':
      return atom(`?${f} != null`);
    case 'equals':
      return combine(equalsTests(f, values, all, insensitive), all, f);
    case 'contains':
    case 'startswith':
    case 'endswith':
      return combine(affixTests(f, node.op, values, all, insensitive), all, f);
    case 'term':
    case 'termprefix':
    case 'termsuffix': {
      const patterns: string[] = [];
      for (let i = 0; i < values.length; i++) patterns.push(termLiteral(values[i] as string, node.op));
      const tests: EqlCond[] = [];
      addTests(tests, patterns, all, `${f} ${insensitive ? 'regex~' : 'regex'} `, oneOrList);
      return combine(tests, all, f);
    }
    case 'wildcard':
      return combine(wildcardTests(f, values, all, insensitive), all, f);
    case 'regex':
      return regexTests(f, node, values, all, insensitive);
    case 'cidr': {
      const tests: EqlCond[] = [];
      addTests(tests, literals(values), all, `cidrMatch(${f}, `, strings, ')');
      return combine(tests, all, f);
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const sym = COMPARISONS[node.op];
      const tests: EqlCond[] = [];
      for (let i = 0; i < values.length; i++) tests.push(atom(`${f} ${sym} ${values[i] as string}`));
      return combine(tests, all, f);
    }
  }
}

function equalsTests(f: string, values: readonly string[], all: boolean, insensitive: boolean): EqlCond[] {
  const tests: EqlCond[] = [];
  if (!insensitive) {
    if (all || values.length === 1) addTests(tests, literals(values), true, `${f} == `, oneOrList);
    else addTests(tests, literals(values), false, `${f} in `, list);
    return tests;
  }
  // `:` would read `*`/`?` as wildcards and they cannot be escaped: such values go to `in~`.
  const plain: string[] = [];
  const wild: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    (hasWildcardChar(v) ? wild : plain).push(eqlString(v));
  }
  addTests(tests, plain, all, `${f} : `, oneOrList);
  addTests(tests, wild, all, `${f} in~ `, list);
  return tests;
}

function affixTests(f: string, op: 'contains' | 'startswith' | 'endswith', values: readonly string[], all: boolean, insensitive: boolean): EqlCond[] {
  const fn = op === 'contains' ? 'stringContains' : op === 'startswith' ? 'startsWith' : 'endsWith';
  const globs: string[] = [];
  const literal: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    if (hasWildcardChar(v)) literal.push(v);
    else globs.push(op === 'contains' ? eqlAffixed('*', v, '*') : op === 'startswith' ? eqlAffixed('', v, '*') : eqlAffixed('*', v, ''));
  }
  const tests: EqlCond[] = [];
  addTests(tests, globs, all, `${f} ${insensitive ? ':' : 'like'} `, oneOrList);
  for (let i = 0; i < literal.length; i++) tests.push(atom(`${fn}${insensitive ? '~' : ''}(${f}, ${eqlString(literal[i] as string)})`));
  return tests;
}

function wildcardTests(f: string, values: readonly string[], all: boolean, insensitive: boolean): EqlCond[] {
  const globs: string[] = [];
  const regexes: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const tokens = parseGlob(values[i] as string);
    const glob = eqlGlob(tokens);
    if (glob === undefined) regexes.push(eqlString(globPattern(tokens)));
    else globs.push(eqlString(glob));
  }
  const tests: EqlCond[] = [];
  addTests(tests, globs, all, `${f} ${insensitive ? ':' : 'like'} `, oneOrList);
  addTests(tests, regexes, all, `${f} ${insensitive ? 'regex~' : 'regex'} `, oneOrList);
  return tests;
}

/** The glob as EQL writes it, or undefined when its text holds a literal `*` or `?` (EQL's globs cannot escape them). */
function eqlGlob(tokens: readonly GlobToken[]): string | undefined {
  let glob = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as GlobToken;
    if (t.kind === 'any') glob += '*';
    else if (t.kind === 'one') glob += '?';
    else if (hasWildcardChar(t.text)) return undefined;
    else glob += t.text;
  }
  return glob;
}

function regexTests(f: string, node: MatchNode, values: readonly string[], all: boolean, insensitive: boolean): EqlCond | Inexpressible {
  const patterns: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const t = portableRegexToLucene(values[i] as string, node.regexFlags, insensitive);
    if (!t.ok) return new Inexpressible(t.reason);
    patterns.push(eqlString(t.lucene));
  }
  const tests: EqlCond[] = [];
  addTests(tests, patterns, all, `${f} ${insensitive ? 'regex~' : 'regex'} `, oneOrList);
  return combine(tests, all, f);
}

const isAlnumChar = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const NOT_ALNUM: RegexNode = { k: 'class', negated: true, ranges: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]] };
const ANY_STRING: RegexNode = { k: 'anyString' };

/*
 * The patterns below are sequences (never alternations), which printLucene writes as its
 * items one after the other; the fixed items are printed once here and the needle's
 * characters by luceneLiteral, as printLucene prints `char` nodes.
 */
const TERM_BEFORE = printLucene({ k: 'repeat', node: { k: 'seq', items: [ANY_STRING, NOT_ALNUM] }, min: 0, max: 1 });
const TERM_AFTER = printLucene({ k: 'repeat', node: { k: 'seq', items: [NOT_ALNUM, ANY_STRING] }, min: 0, max: 1 });
const ANY_TEXT = printLucene(ANY_STRING);
const ONE_CHAR = printLucene({ k: 'any' });
const EMPTY_SEQ = printLucene({ k: 'seq', items: [] });

/**
 * KQL's term rule (README "term"; semantics/term.ts) as a whole-value Lucene regex, written as
 * an EQL string: where the needle starts with a letter or digit, what precedes it is nothing or
 * ends in a non-alphanumeric character, `(.*[^a-zA-Z0-9])?`; likewise after it. The fixed
 * pieces hold nothing an EQL string escapes.
 */
function termLiteral(needle: string, op: 'term' | 'termprefix' | 'termsuffix'): string {
  const left = op !== 'termsuffix' && isAlnumChar(needle[0]);
  const right = op !== 'termprefix' && isAlnumChar(needle[needle.length - 1]);
  return eqlAffixed(left ? TERM_BEFORE : ANY_TEXT, luceneLiteral(needle), right ? TERM_AFTER : ANY_TEXT);
}

/** A glob whose text holds a literal `*` or `?`: EQL's globs cannot say it, Lucene can. */
function globPattern(tokens: readonly GlobToken[]): string {
  let out = '';
  let items = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as GlobToken;
    if (t.kind === 'any') out += ANY_TEXT;
    else if (t.kind === 'one') out += ONE_CHAR;
    else out += luceneLiteral(t.text);
    items += t.kind === 'text' ? t.text.length : 1;
  }
  return items === 0 ? EMPTY_SEQ : out;
}
