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
  return sigmaGlob([{ kind: 'text', text }]);
}

/** Glob tokens (`*`, `?`, literal text) as a Sigma value. */
export function sigmaGlob(tokens: readonly GlobToken[]): string {
  // Each piece is a literal character or a wildcard; a literal backslash needs doubling
  // exactly when the piece after it would otherwise read as an escape.
  type Piece = { readonly literal: string } | { readonly wildcard: '*' | '?' };
  const pieces: Piece[] = [];
  for (const t of tokens) {
    if (t.kind === 'any') pieces.push({ wildcard: '*' });
    else if (t.kind === 'one') pieces.push({ wildcard: '?' });
    else for (const ch of t.text) pieces.push({ literal: ch });
  }
  let out = '';
  pieces.forEach((p, i) => {
    if ('wildcard' in p) {
      out += p.wildcard;
      return;
    }
    if (p.literal === '*' || p.literal === '?') {
      out += `\\${p.literal}`;
      return;
    }
    if (p.literal !== '\\') {
      out += p.literal;
      return;
    }
    const next = pieces[i + 1];
    // The next piece is written starting with `*`, `?` or `\` (a wildcard, an escaped
    // literal star or question mark, or another backslash), or there is none.
    const ambiguous = next === undefined || 'wildcard' in next || next.literal === '*' || next.literal === '?' || next.literal === '\\';
    out += ambiguous ? '\\\\' : '\\';
  });
  return out;
}

/** Text as a regex that matches exactly it (RE2 / PCRE share these metacharacters). */
export function regexLiteral(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
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
  const isAlnum = (ch: string | undefined): boolean => ch !== undefined && /^[0-9A-Za-z]$/.test(ch);
  const groups = new Map<string, string[]>();
  for (const needle of needles) {
    const before = left && isAlnum(needle[0]) ? `(?:^|[^${TERM_CHAR_CLASS}])` : '';
    const after = right && isAlnum(needle[needle.length - 1]) ? `(?:[^${TERM_CHAR_CLASS}]|$)` : '';
    const key = `${before}\u0000${after}`;
    groups.set(key, [...(groups.get(key) ?? []), regexLiteral(needle)]);
  }
  return [...groups].map(([key, bodies]) => {
    const [before, after] = key.split('\u0000') as [string, string];
    const unique = [...new Set(bodies)];
    const body = unique.length === 1 ? (unique[0] as string) : `(?:${unique.join('|')})`;
    return `${before}${body}${after}`;
  });
}
