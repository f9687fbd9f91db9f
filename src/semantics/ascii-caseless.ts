/**
 * Case-insensitive regexes fold ASCII only, like every other insensitive operator in the rule
 * model (fold.ts). RE2's CASE_INSENSITIVE flag applies Unicode simple case folding instead: it
 * makes `é` match `É`, `k` match the Kelvin sign U+212A and `s` match the long s U+017F. So the
 * reference does not use the flag: it matches the ASCII-folded value against this rewrite of
 * the pattern, in which a literal letter is lower case and a class holds both cases of its
 * letters. Literals stay literals, so the engine keeps its fast literal search.
 *
 * Input is a portable pattern (regex.ts `checkPortableRegex`): the only letter escapes are
 * `\d \D \w \W \s \S \t \n \r`, so a letter after a backslash is never a literal letter.
 */
export function asciiCaseless(pattern: string): string {
  return rewriteLetters(pattern, false);
}

/**
 * The same rewrite for an engine that is given the value as it is, not folded: a literal
 * letter becomes the class of both its cases (`s` → `[sS]`). Matched case-sensitively, the
 * result accepts exactly what the rule model's case-insensitive regex accepts, so an emitter
 * can drop the `(?i)` flag and with it the engine's Unicode folding.
 */
export function asciiBothCases(pattern: string): string {
  return rewriteLetters(pattern, true);
}

/**
 * A literal letter becomes its lower case (`bothCases` false) or the class of both its cases;
 * a class gains the other case of its letters; escapes and group heads are copied. Text that
 * stays as it is is copied in slices (most of a pattern: the letters `asciiCaseless` leaves
 * alone, digits, punctuation), not a character at a time.
 */
function rewriteLetters(pattern: string, bothCases: boolean): string {
  let out = '';
  // pattern[copied, i) is yet to be copied to `out`.
  let copied = 0;
  for (let i = 0; i < pattern.length; i++) {
    const code = pattern.charCodeAt(i);
    if (code === 0x5c /* \ */) {
      i = escapeEnd(pattern, i) - 1;
    } else if (code === 0x28 /* ( */ && pattern.charCodeAt(i + 1) === 0x3f /* ? */) {
      // Group syntax (`(?:`, inline flags `(?-s)`, names `(?P<name>`) is not text: copy it.
      i = groupHeadEnd(pattern, i) - 1;
    } else if (code === 0x5b /* [ */) {
      const end = classEnd(pattern, i);
      const cls = pattern.slice(i, end);
      const caseless = caselessClass(cls);
      if (caseless !== cls) {
        out += pattern.slice(copied, i) + caseless;
        copied = end;
      }
      i = end - 1;
    } else if (code >= 0x41 && code <= 0x5a /* A-Z */) {
      const lower = String.fromCharCode(code + 32);
      out += pattern.slice(copied, i) + (bothCases ? `[${lower}${pattern[i] as string}]` : lower);
      copied = i + 1;
    } else if (bothCases && code >= 0x61 && code <= 0x7a /* a-z */) {
      out += `${pattern.slice(copied, i)}[${pattern[i] as string}${String.fromCharCode(code - 32)}]`;
      copied = i + 1;
    }
  }
  return copied === 0 ? pattern : out + pattern.slice(copied);
}

/**
 * Index just past the escape at `start`. Braced escapes (`\p{Greek}`, `\x{41}`), which only
 * non-portable patterns from imported rules carry, are copied whole so their names stay intact.
 */
function escapeEnd(pattern: string, start: number): number {
  const letter = pattern[start + 1];
  if ((letter === 'p' || letter === 'P' || letter === 'x') && pattern[start + 2] === '{') {
    const close = pattern.indexOf('}', start + 3);
    if (close >= 0) return close + 1;
  }
  return start + 2;
}

/** Index just past the head of a `(?...` group: its `:`, `)` or the `>` closing a name. */
function groupHeadEnd(pattern: string, start: number): number {
  for (let i = start + 2; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === ':' || c === ')' || c === '>') return i + 1;
  }
  return pattern.length;
}

/** Index just past the `]` that closes the class opened at `start`. */
function classEnd(pattern: string, start: number): number {
  let i = start + 1;
  if (pattern[i] === '^') i++;
  // A `]` first in the class is a literal.
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']') return i + 1;
  }
  return pattern.length;
}

/**
 * Adds the other case of every ASCII letter a class holds, single letters and ranges alike.
 * A negated class is closed under case first and negated after, which is what an insensitive
 * `[^a]` means: neither `a` nor `A`.
 */
function caselessClass(cls: string): string {
  let extra = '';
  let i = 1;
  if (cls.charCodeAt(i) === 0x5e /* ^ */) i++;
  const bodyEnd = cls.endsWith(']') ? cls.length - 1 : cls.length;
  // Where the added letters go: the end of the body, unless the body ends in a literal `-`,
  // which must stay last (`[a-]` + `A` would read `a-A`, a range).
  let insertAt = bodyEnd;
  while (i < bodyEnd) {
    const start = i;
    const lo = classCharCode(cls, i);
    i = nextClassChar(cls, i);
    if (i === bodyEnd && cls[start] === '-') insertAt = start;
    if (lo !== CLASS_ESCAPE && cls[i] === '-' && i + 1 < bodyEnd) {
      const hi = classCharCode(cls, i + 1);
      if (hi !== CLASS_ESCAPE) {
        extra += otherCaseRanges(lo, hi);
        i = nextClassChar(cls, i + 1);
        continue;
      }
    }
    if (lo >= 0x41 && lo <= 0x5a) extra += String.fromCharCode(lo + 32);
    else if (lo >= 0x61 && lo <= 0x7a) extra += String.fromCharCode(lo - 32);
  }
  if (extra === '') return cls;
  return cls.slice(0, insertAt) + extra + cls.slice(insertAt);
}

/** What `classCharCode` answers for a class escape such as `\d`, which is no one character. */
const CLASS_ESCAPE = -1;

/**
 * The code of the literal character at `i` in a class (`\t \n \r` and escaped punctuation
 * read as the character; NaN for a backslash that ends the text), or CLASS_ESCAPE.
 */
function classCharCode(cls: string, i: number): number {
  const code = cls.charCodeAt(i);
  if (code !== 0x5c /* \ */) return code;
  const esc = cls.charCodeAt(i + 1);
  if (esc === 0x74 /* t */) return 0x09;
  if (esc === 0x6e /* n */) return 0x0a;
  if (esc === 0x72 /* r */) return 0x0d;
  if ((esc >= 0x41 && esc <= 0x5a) || (esc >= 0x61 && esc <= 0x7a)) return CLASS_ESCAPE;
  return esc;
}

/** Index just past the class character at `i` (one character, or a backslash and the next). */
function nextClassChar(cls: string, i: number): number {
  return cls.charCodeAt(i) === 0x5c ? i + 2 : i + 1;
}

/** The other-case counterparts of the letters inside the code range lo..hi, as class ranges. */
function otherCaseRanges(lo: number, hi: number): string {
  let out = '';
  // A-Z → a-z
  let a = Math.max(lo, 65);
  let b = Math.min(hi, 90);
  if (a <= b) out += `${String.fromCharCode(a + 32)}-${String.fromCharCode(b + 32)}`;
  // a-z → A-Z
  a = Math.max(lo, 97);
  b = Math.min(hi, 122);
  if (a <= b) out += `${String.fromCharCode(a - 32)}-${String.fromCharCode(b - 32)}`;
  return out;
}
