import type { RegexFlags } from '../../ir/condition.js';
import { parsePortableTree } from '../../semantics/portable-parse.js';
import { foldClasses, type RegexNode } from './regex-ast.js';
import { printLucene } from './lucene-regex.js';

/**
 * The rule model's portable regex (semantics/regex.ts: an unanchored RE2 search) as a Lucene
 * regexp for EQL (eql.md "Regex"): Lucene matches the whole value, so a search is wrapped in
 * `.*`; `^`/`$` at the edges of a top-level alternative drop that wrap (or, with the
 * multi-line flag, become "start of a line": `(.*\n)?`); `\d \w \s` become explicit classes;
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
    const items = alt.k === 'seq' ? [...alt.items] : [alt];
    const anchoredStart = items[0]?.k === 'bol';
    if (anchoredStart) items.shift();
    const anchoredEnd = items.length > 0 && items[items.length - 1]?.k === 'eol';
    if (anchoredEnd) items.pop();
    if (items.some(hasAnchor)) return { ok: false, reason: 'a ^ or $ inside the pattern (not at the edge of an alternative) has no Lucene form' };
    const anyString: RegexNode = { k: 'anyString' };
    const lineStart: RegexNode = { k: 'repeat', node: { k: 'seq', items: [anyString, { k: 'char', cp: LF }] }, min: 0, max: 1 };
    const lineEnd: RegexNode = { k: 'repeat', node: { k: 'seq', items: [{ k: 'char', cp: LF }, anyString] }, min: 0, max: 1 };
    const prefix = anchoredStart ? (multiline ? [lineStart] : []) : [anyString];
    const suffix = anchoredEnd ? (multiline ? [lineEnd] : []) : [anyString];
    out.push({ k: 'seq', items: [...prefix, ...items, ...suffix] });
  }
  const whole: RegexNode = out.length === 1 ? (out[0] as RegexNode) : { k: 'alt', items: out };
  return { ok: true, lucene: printLucene(whole) };
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
