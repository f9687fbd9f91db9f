import { isAlnum } from '../../semantics/fold.js';
import { TERM_CHAR_CLASS } from './escape.js';

/**
 * Sigma has no term modifier, so the rule model's term tests travel as `re` values of one
 * spelling (escape.ts termRegexOfAny): `(?:^|[^0-9A-Za-z])` before the needles where their
 * first character is a letter or digit, `(?:[^0-9A-Za-z]|$)` after them where their last one
 * is, and the needles as escaped literals, several as `(?:a|b)`. Read back as a regex, such a
 * test would reach KQL as `matches regex` instead of `has`, so a value spelled exactly so is
 * read as the term test it says. Anything else, even a regex with the same matches, stays a
 * regex: only this spelling is known to mean the term test (semantics/term.ts) to the letter.
 */
export type TermOperator = 'term' | 'termprefix' | 'termsuffix';

export interface TermTest {
  readonly op: TermOperator;
  readonly needles: readonly string[];
}

const BEFORE = `(?:^|[^${TERM_CHAR_CLASS}])`;
const AFTER = `(?:[^${TERM_CHAR_CLASS}]|$)`;
/** The characters escape.ts regexLiteral puts a backslash before, and only those (by char code). */
const ESCAPED: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const ch of '\\.+*?()|[]{}^$') table[ch.charCodeAt(0)] = 1;
  return table;
})();
function isEscaped(c: number): boolean {
  return c < 128 && ESCAPED[c] === 1;
}

/**
 * The term test a `re` value (without the multi-line flag) spells, or undefined. Loops rather
 * than map/every/some: every `re` value of every rule read comes here, and the optimising
 * compiler builds each of those builtins out in full (a second pass paid ~10 ms compiling this).
 */
export function termTestOfRegex(pattern: string): TermTest | undefined {
  const left = pattern.startsWith(BEFORE);
  const right = pattern.endsWith(AFTER);
  if (!left && !right) return undefined;
  const body = pattern.slice(left ? BEFORE.length : 0, right ? pattern.length - AFTER.length : pattern.length);
  const needles = needlesOf(body);
  if (needles === undefined) return undefined;
  // How many needles start, and how many end, with a letter or digit.
  let startsAlnum = 0;
  let endsAlnum = 0;
  for (let i = 0; i < needles.length; i++) {
    const n = needles[i] as string;
    if (isAlnum(n.charCodeAt(0))) startsAlnum++;
    if (isAlnum(n.charCodeAt(n.length - 1))) endsAlnum++;
  }
  // A boundary group is written exactly where the needle's edge is a letter or digit.
  if (left && startsAlnum < needles.length) return undefined;
  if (right && endsAlnum < needles.length) return undefined;
  // A side without a group: the term test checks nothing there when no needle has a letter or
  // digit at that edge; otherwise only the one-sided operator says it.
  const leftFree = startsAlnum === 0;
  const rightFree = endsAlnum === 0;
  if (left && right) return { op: 'term', needles };
  if (left) return { op: rightFree ? 'term' : 'termprefix', needles };
  return { op: leftFree ? 'term' : 'termsuffix', needles };
}

/**
 * `abc` or `(?:abc|d\.e)` as literal needles; undefined for any other regex. Each needle is
 * cut out of the body in runs between escapes, not built a character at a time.
 */
function needlesOf(body: string): string[] | undefined {
  const grouped = body.startsWith('(?:') && body.endsWith(')');
  const end = grouped ? body.length - 1 : body.length;
  const needles: string[] = [];
  // The needle so far is `current` then body[from, i).
  let current = '';
  let from = grouped ? 3 : 0;
  for (let i = from; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c === 92) {
      if (i + 1 >= end || !isEscaped(body.charCodeAt(i + 1))) return undefined;
      current += body.slice(from, i);
      // The escaped character opens the next run.
      from = i + 1;
      i++;
    } else if (c === 124 && grouped) {
      needles.push(current + body.slice(from, i));
      current = '';
      from = i + 1;
    } else if (isEscaped(c)) {
      return undefined;
    }
  }
  needles.push(current + body.slice(from, end));
  // One needle needs no group, and an empty needle is never written.
  if (grouped && needles.length < 2) return undefined;
  for (let i = 0; i < needles.length; i++) if ((needles[i] as string).length === 0) return undefined;
  return needles;
}
