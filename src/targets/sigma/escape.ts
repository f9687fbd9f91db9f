import type { GlobToken } from '../../semantics/wildcard.js';

/**
 * Sigma's value escaping (sigma.md "Detection", the escaping table): `*` any run, `?` one
 * character, `\*` `\?` literal, `\\` one backslash, and a backslash before any other character
 * is itself literal. So `C:\Windows\System32` is written as is, while a backslash that comes
 * right before a wildcard, another backslash or the end of the value is doubled: `a\\*` is
 * `a\` followed by a wildcard, and a trailing `\\` stays a backslash when a modifier appends a
 * wildcard after it (`startswith: 'C:\\'` is `C:\` then `*`, not a literal star).
 */

/** Literal text as a Sigma value: nothing in it is a wildcard. */
export function sigmaLiteral(text: string): string {
  // One literal run with nothing after it (sigmaGlob of the one text token).
  return escapeRun(text);
}

/** Glob tokens (`*`, `?`, literal text) as a Sigma value. */
export function sigmaGlob(tokens: readonly GlobToken[]): string {
  // Adjacent texts are one literal run; what follows a run is a wildcard or the end.
  let out = '';
  let run = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as GlobToken;
    if (t.kind === 'text') run += t.text;
    else {
      out += escapeRun(run) + (t.kind === 'any' ? '*' : '?');
      run = '';
    }
  }
  return out + escapeRun(run);
}

/**
 * A literal `*` or `?` gets a backslash. A literal backslash needs doubling exactly when what
 * follows it would otherwise read as an escape: a `*`, `?` or backslash of the run (written
 * escaped, so starting with `\`), or the run's end, where a wildcard or the value's end follows.
 */
const RUN_ESCAPES = /\\(?=[*?\\]|$)|[*?]/g;
/**
 * The same pattern, to test first: a replace by a global pattern costs several times a test
 * even where nothing matches, and most values (plain words, paths) need no escape.
 */
const RUN_NEEDS_ESCAPE = /\\(?=[*?\\]|$)|[*?]/;

function escapeRun(run: string): string {
  return RUN_NEEDS_ESCAPE.test(run) ? run.replace(RUN_ESCAPES, '\\$&') : run;
}

const REGEX_META = /[\\.+*?()|[\]{}^$]/g;
/** REGEX_META, to test first (see RUN_NEEDS_ESCAPE). */
const HAS_REGEX_META = /[\\.+*?()|[\]{}^$]/;

/** Text as a regex that matches exactly it (RE2 / PCRE share these metacharacters). */
export function regexLiteral(text: string): string {
  return HAS_REGEX_META.test(text) ? text.replace(REGEX_META, '\\$&') : text;
}

/** ASCII letters and digits, the characters a term is made of (semantics/term.ts). */
export const TERM_CHAR_CLASS = '0-9A-Za-z';

/**
 * A term test as a regex search: where the needle starts (ends) with a letter or digit, the
 * character before (after) it must not be one, or there must be none (semantics/term.ts).
 * `left`/`right` say which sides are checked (term: both, termprefix: left, termsuffix: right).
 */
export function termRegex(needle: string, left: boolean, right: boolean): string {
  return termRegexOfAny([needle], left, right)[0] as string;
}

/**
 * Needles of one term test, any of which may match: those that need the same boundaries
 * share one regex, `(?:^|[^0-9A-Za-z])(?:vss|wbengine)(?:[^0-9A-Za-z]|$)`, which finds an
 * occurrence of either with its boundaries exactly when one of the single regexes would.
 */
export function termRegexOfAny(needles: readonly string[], left: boolean, right: boolean): string[] {
  // At most four groups (boundary before or not, after or not), in order of first use; each
  // keeps its distinct bodies in order of first occurrence.
  const groups: { before: string; after: string; bodies: Set<string> }[] = [];
  for (const needle of needles) {
    const before = left && ALNUM_FIRST.test(needle) ? TERM_BEFORE : '';
    const after = right && ALNUM_LAST.test(needle) ? TERM_AFTER : '';
    const body = regexLiteral(needle);
    const group = groups.find((g) => g.before === before && g.after === after);
    if (group) group.bodies.add(body);
    else groups.push({ before, after, bodies: new Set([body]) });
  }
  return groups.map((g) => {
    const bodies = [...g.bodies];
    return `${g.before}${bodies.length === 1 ? (bodies[0] as string) : `(?:${bodies.join('|')})`}${g.after}`;
  });
}

const ALNUM_FIRST = /^[0-9A-Za-z]/;
const ALNUM_LAST = /[0-9A-Za-z]$/;
const TERM_BEFORE = `(?:^|[^${TERM_CHAR_CLASS}])`;
const TERM_AFTER = `(?:[^${TERM_CHAR_CLASS}]|$)`;
