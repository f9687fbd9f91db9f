import type { RegexFlags } from '../../ir/condition.js';
import { MAX_REPEAT, RegexSyntaxError, foldClasses, type RegexNode } from './regex-ast.js';
import { printLucene } from './lucene-regex.js';

/**
 * The rule model's portable regex (semantics/regex.ts: an unanchored RE2 search) as a Lucene
 * regexp for EQL (eql.md "Regex"): Lucene matches the whole value, so a search is wrapped in
 * `.*`; `^`/`$` at the edges of a top-level alternative drop that wrap (or, with the
 * multi-line flag, become "start of a line": `(.*\n)?`); `\d \w \s` become explicit classes;
 * RE2's `.` (no line break unless dot-all) becomes `[^\n]`; Lucene's operator characters are
 * escaped. Anchors anywhere else have no Lucene form and are refused.
 */
export type Translation = { readonly ok: true; readonly lucene: string } | { readonly ok: false; readonly reason: string };

const LF = 0x0a;
const DIGIT: readonly [number, number][] = [[0x30, 0x39]];
const WORD: readonly [number, number][] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// RE2's \s is [\t\n\f\r ].
const SPACE: readonly [number, number][] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];

export function portableRegexToLucene(pattern: string, flags: RegexFlags | undefined, caseInsensitive = false): Translation {
  let tree: RegexNode;
  try {
    tree = parsePortable(pattern, flags?.dotAll ?? false);
    if (caseInsensitive) tree = foldClasses(tree);
  } catch (err) {
    if (err instanceof RegexSyntaxError) return { ok: false, reason: err.message };
    throw err;
  }
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

/** Parses the portable subset (already validated at load) into the shared tree. */
export function parsePortable(pattern: string, dotAll: boolean): RegexNode {
  const cps = [...pattern];
  let i = 0;
  const fail = (message: string): never => {
    throw new RegexSyntaxError(message, i);
  };
  const peek = (): string | undefined => cps[i];

  let depth = 0;
  const union = (): RegexNode => {
    if (++depth > 100) fail('regex nested deeper than 100 groups');
    const items = [concat()];
    while (peek() === '|') {
      i++;
      items.push(concat());
    }
    depth--;
    return items.length === 1 ? (items[0] as RegexNode) : { k: 'alt', items };
  };
  const concat = (): RegexNode => {
    const items: RegexNode[] = [];
    while (peek() !== undefined && peek() !== '|' && peek() !== ')') items.push(repeat());
    return items.length === 1 ? (items[0] as RegexNode) : { k: 'seq', items };
  };
  const repeat = (): RegexNode => {
    let node = atom();
    for (;;) {
      const c = peek();
      let min: number;
      let max: number | undefined;
      if (c === '*') [min, max] = [0, undefined];
      else if (c === '+') [min, max] = [1, undefined];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        // A count is `0` or has no leading zero: RE2 reads `a{01}` as literal text, as it does
        // any `{` that starts no repeat.
        const m = /^\{(0|[1-9][0-9]*)(,(0|[1-9][0-9]*)?)?\}/.exec(cps.slice(i, i + 24).join(''));
        if (!m) break;
        min = Number(m[1]);
        max = m[2] === undefined ? min : m[3] === undefined ? undefined : Number(m[3]);
        if (min > MAX_REPEAT || (max !== undefined && max > MAX_REPEAT)) fail('repeat count over 1000');
        i += m[0].length - 1;
      } else break;
      i++;
      // A lazy quantifier matches the same values; only what it captures differs.
      if (peek() === '?') i++;
      node = { k: 'repeat', node, min, max };
    }
    return node;
  };
  const atom = (): RegexNode => {
    const c = peek() as string;
    i++;
    switch (c) {
      case '(': {
        if (peek() === '?') {
          if (cps[i + 1] !== ':') fail('only (?:...) groups are portable');
          i += 2;
        }
        const inner = union();
        if (peek() !== ')') fail('unbalanced (');
        i++;
        return inner;
      }
      case '[':
        return charClass();
      case '.':
        return dotAll ? { k: 'any' } : { k: 'class', negated: true, ranges: [[LF, LF]] };
      case '^':
        return { k: 'bol' };
      case '$':
        return { k: 'eol' };
      case '\\':
        return escape(false);
      default:
        return { k: 'char', cp: c.codePointAt(0) as number };
    }
  };
  /** After a backslash; inside a class only single characters and \d \w \s are allowed. */
  const escape = (inClass: boolean): RegexNode => {
    const c = peek();
    if (c === undefined) return fail('lone backslash');
    i++;
    switch (c) {
      case 'd':
        return { k: 'class', negated: false, ranges: DIGIT };
      case 'w':
        return { k: 'class', negated: false, ranges: WORD };
      case 's':
        return { k: 'class', negated: false, ranges: SPACE };
      case 'D':
      case 'W':
      case 'S':
        if (inClass) fail(`\\${c} inside [...] has no Lucene form`);
        return { k: 'class', negated: true, ranges: c === 'D' ? DIGIT : c === 'W' ? WORD : SPACE };
      case 'n':
        return { k: 'char', cp: LF };
      case 'r':
        return { k: 'char', cp: 0x0d };
      case 't':
        return { k: 'char', cp: 0x09 };
      default:
        if (/[A-Za-z0-9]/.test(c)) fail(`escape \\${c} is not portable`);
        return { k: 'char', cp: c.codePointAt(0) as number };
    }
  };
  const classMember = (): readonly (readonly [number, number])[] => {
    const c = peek() as string;
    i++;
    if (c !== '\\') return [[c.codePointAt(0) as number, c.codePointAt(0) as number]];
    const e = escape(true);
    if (e.k === 'char') return [[e.cp, e.cp]];
    return (e as Extract<RegexNode, { k: 'class' }>).ranges;
  };
  const charClass = (): RegexNode => {
    let negated = false;
    if (peek() === '^') {
      negated = true;
      i++;
    }
    const ranges: (readonly [number, number])[] = [];
    let first = true;
    while (peek() !== ']' || first) {
      if (peek() === undefined) fail('unterminated [');
      if (peek() === '[' && cps[i + 1] === ':') fail('POSIX classes are not portable');
      first = false;
      const lo = classMember();
      if (lo.length === 1 && peek() === '-' && cps[i + 1] !== ']' && cps[i + 1] !== undefined) {
        i++;
        const hi = classMember();
        if (hi.length !== 1) fail('a class range must end at a single character');
        ranges.push([(lo[0] as readonly [number, number])[0], (hi[0] as readonly [number, number])[0]]);
      } else ranges.push(...lo);
    }
    i++;
    return { k: 'class', negated, ranges };
  };

  const tree = union();
  if (i < cps.length) fail(`unexpected ${cps[i]}`);
  return tree;
}
