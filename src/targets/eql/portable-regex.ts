import type { RegexFlags } from '../../ir/condition.js';
import { parsePortableTree } from '../../semantics/portable-parse.js';
import { foldClasses, type RegexNode } from './regex-ast.js';
import { printLucene } from './lucene-regex.js';

/**
 * The rule model's portable regex (semantics/regex.ts: an unanchored RE2 search) as a Lucene
 * regexp for EQL (eql.md "Regex"): Lucene matches the whole value, so a search is wrapped in
 * `.*`; `^`/`$` at the edges of a top-level alternative drop that wrap (or, with the
 * multi-line flag, become "start of a line": `(.*\n)?`), and so do anchors inside a group at
 * either end, since `.*(^A|B)` is `(A|.*B)`: `(?:^|\W)x(?:\W|$)`, the shape a term test takes
 * as a regex (Sigma writes the rule model's term operators so), is `(.*\W)?x(\W.*)?`;
 * `\d \w \s` become explicit classes;
 * RE2's `.` (no line break unless dot-all) becomes `[^\n]`; Lucene's operator characters are
 * escaped. Anchors anywhere else have no Lucene form and are refused, as is `\D \W \S` inside
 * a class (a Lucene class cannot take a complement away from its other members).
 * The pattern is read by the one portable parser (semantics/portable-parse.ts), whose tree
 * is a RegexNode as it is.
 */
export type Translation = { readonly ok: true; readonly lucene: string } | { readonly ok: false; readonly reason: string };

const LF = 0x0a;

/**
 * The translation depends only on the pattern and its three flags, and a rule set repeats its
 * patterns (the same term or path regex in many rules): each answer is kept, in a bounded
 * table, so a repeated pattern is not parsed, folded and printed again. The answers are
 * immutable values.
 */
export function portableRegexToLucene(pattern: string, flags: RegexFlags | undefined, caseInsensitive = false): Translation {
  // Flags as one character ahead of the pattern: no two (pattern, flags) pairs share a key.
  const key = String.fromCharCode(0x30 + (flags?.dotAll ? 1 : 0) + (flags?.multiline ? 2 : 0) + (caseInsensitive ? 4 : 0)) + pattern;
  let t = TRANSLATIONS.get(key);
  if (t === undefined) {
    t = translate(pattern, flags, caseInsensitive);
    if (TRANSLATIONS.size >= MAX_TRANSLATIONS) TRANSLATIONS.clear();
    TRANSLATIONS.set(key, t);
  }
  return t;
}

const TRANSLATIONS = new Map<string, Translation>();
const MAX_TRANSLATIONS = 4096;

function translate(pattern: string, flags: RegexFlags | undefined, caseInsensitive: boolean): Translation {
  const parsed = parsePortableTree(pattern, { dotAll: flags?.dotAll ?? false });
  if (!parsed.ok) return { ok: false, reason: parsed.message };
  if (parsed.negatedShorthandInClass) return { ok: false, reason: `\\${parsed.negatedShorthandInClass.letter} inside [...] has no Lucene form` };
  const tree: RegexNode = caseInsensitive ? foldClasses(parsed.tree) : parsed.tree;
  const multiline = flags?.multiline ?? false;
  const alternatives = tree.k === 'alt' ? tree.items : [tree];
  const out: RegexNode[] = [];
  for (const alt of alternatives) {
    const items = closeEnd(openStart(itemsOf(alt), multiline), multiline);
    if (items.some(hasAnchor)) return { ok: false, reason: 'a ^ or $ inside the pattern (not at the edge of an alternative) has no Lucene form' };
    out.push({ k: 'seq', items });
  }
  const whole: RegexNode = out.length === 1 ? (out[0] as RegexNode) : { k: 'alt', items: out };
  return { ok: true, lucene: printLucene(whole) };
}

const ANY_STRING: RegexNode = { k: 'anyString' };
const LINE_START: RegexNode = { k: 'repeat', node: { k: 'seq', items: [ANY_STRING, { k: 'char', cp: LF }] }, min: 0, max: 1 };
const LINE_END: RegexNode = { k: 'repeat', node: { k: 'seq', items: [{ k: 'char', cp: LF }, ANY_STRING] }, min: 0, max: 1 };

/**
 * `.*` then `items`, as a whole-value match: a search may start anywhere, unless the items
 * start at `^`. An anchor at the start of a group at the start is taken there too, one
 * alternative at a time (`.*(^A|B)C` is `(A|.*B)C`, `.*(^A)?B` is `(.*|A)B`), so the
 * pattern's size stays as it was.
 */
function openStart(items: readonly RegexNode[], multiline: boolean): RegexNode[] {
  const first = items[0];
  if (first === undefined) return [ANY_STRING];
  const rest = items.slice(1);
  if (first.k === 'bol') return multiline ? [LINE_START, ...rest] : rest;
  const choices = anchoredChoices(first);
  if (choices === undefined) return [ANY_STRING, ...items];
  if (first.k === 'seq') return openStart([...first.items, ...rest], multiline);
  return [oneOf(choices.map((c) => openStart(c, multiline))), ...rest];
}

/** `items` then `.*`, unless they end at `$`; the mirror of openStart. */
function closeEnd(items: readonly RegexNode[], multiline: boolean): RegexNode[] {
  const last = items[items.length - 1];
  if (last === undefined) return [ANY_STRING];
  const rest = items.slice(0, -1);
  if (last.k === 'eol') return multiline ? [...rest, LINE_END] : rest;
  const choices = anchoredChoices(last);
  if (choices === undefined) return [...items, ANY_STRING];
  if (last.k === 'seq') return closeEnd([...rest, ...last.items], multiline);
  return [...rest, oneOf(choices.map((c) => closeEnd(c, multiline)))];
}

/** The alternatives of a group that holds an anchor (`X?` is `X` or nothing); undefined for any other node. */
function anchoredChoices(n: RegexNode): (readonly RegexNode[])[] | undefined {
  if (!hasAnchor(n)) return undefined;
  if (n.k === 'seq') return [n.items];
  if (n.k === 'alt') return n.items.map(itemsOf);
  if (n.k === 'repeat' && n.min === 0 && n.max === 1) return [[], itemsOf(n.node)];
  return undefined;
}

function itemsOf(n: RegexNode): readonly RegexNode[] {
  return n.k === 'seq' ? n.items : [n];
}

/** One node for "any of these sequences"; an empty one makes the rest optional: `(.*\W)?`. */
function oneOf(choices: readonly RegexNode[][]): RegexNode {
  const filled = choices.filter((c) => c.length > 0).map((c): RegexNode => (c.length === 1 ? (c[0] as RegexNode) : { k: 'seq', items: c }));
  if (filled.length === 0) return { k: 'seq', items: [] };
  const any: RegexNode = filled.length === 1 ? (filled[0] as RegexNode) : { k: 'alt', items: filled };
  return filled.length < choices.length ? { k: 'repeat', node: any, min: 0, max: 1 } : any;
}

function hasAnchor(n: RegexNode): boolean {
  switch (n.k) {
    case 'bol':
    case 'eol':
      return true;
    case 'alt':
    case 'seq':
      return n.items.some(hasAnchor);
    case 'repeat':
      return hasAnchor(n.node);
    default:
      return false;
  }
}
