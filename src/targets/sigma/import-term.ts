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
/** The characters escape.ts regexLiteral puts a backslash before, and only those. */
const ESCAPED = new Set('\\.+*?()|[]{}^$');

/** The term test a `re` value (without the multi-line flag) spells, or undefined. */
export function termTestOfRegex(pattern: string): TermTest | undefined {
  const left = pattern.startsWith(BEFORE);
  const right = pattern.endsWith(AFTER);
  if (!left && !right) return undefined;
  const body = pattern.slice(left ? BEFORE.length : 0, right ? pattern.length - AFTER.length : pattern.length);
  const needles = needlesOf(body);
  if (needles === undefined) return undefined;
  const startsAlnum = needles.map((n) => isAlnum(n.charCodeAt(0)));
  const endsAlnum = needles.map((n) => isAlnum(n.charCodeAt(n.length - 1)));
  // A boundary group is written exactly where the needle's edge is a letter or digit.
  if (left && !startsAlnum.every(Boolean)) return undefined;
  if (right && !endsAlnum.every(Boolean)) return undefined;
  // A side without a group: the term test checks nothing there when no needle has a letter or
  // digit at that edge; otherwise only the one-sided operator says it.
  const leftFree = !startsAlnum.some(Boolean);
  const rightFree = !endsAlnum.some(Boolean);
  if (left && right) return { op: 'term', needles };
  if (left) return { op: rightFree ? 'term' : 'termprefix', needles };
  return { op: leftFree ? 'term' : 'termsuffix', needles };
}

/** `abc` or `(?:abc|d\.e)` as literal needles; undefined for any other regex. */
function needlesOf(body: string): string[] | undefined {
  const grouped = body.startsWith('(?:') && body.endsWith(')');
  const inner = grouped ? body.slice(3, -1) : body;
  const needles: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '\\') {
      const next = inner[i + 1];
      if (next === undefined || !ESCAPED.has(next)) return undefined;
      current += next;
      i++;
    } else if (ch === '|' && grouped) {
      needles.push(current);
      current = '';
    } else if (ESCAPED.has(ch)) {
      return undefined;
    } else {
      current += ch;
    }
  }
  needles.push(current);
  // One needle needs no group, and an empty needle is never written.
  if (grouped && needles.length < 2) return undefined;
  return needles.every((n) => n.length > 0) ? needles : undefined;
}
