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
  const extra: string[] = [];
  let i = 1;
  if (cls[i] === '^') i++;
  const bodyEnd = cls.endsWith(']') ? cls.length - 1 : cls.length;
  // Where the added letters go: the end of the body, unless the body ends in a literal `-`,
  // which must stay last (`[a-]` + `A` would read `a-A`, a range).
  let insertAt = bodyEnd;
  while (i < bodyEnd) {
    const start = i;
    const lo = readClassChar(cls, i);
    i = lo.next;
    if (i === bodyEnd && cls[start] === '-') insertAt = start;
    if (lo.char !== undefined && cls[i] === '-' && i + 1 < bodyEnd) {
      const hi = readClassChar(cls, i + 1);
      if (hi.char !== undefined) {
        extra.push(...otherCaseRanges(lo.char.charCodeAt(0), hi.char.charCodeAt(0)));
        i = hi.next;
        continue;
      }
    }
    if (lo.char !== undefined && isAsciiLetter(lo.char)) extra.push(swapCase(lo.char));
  }
  if (extra.length === 0) return cls;
  return cls.slice(0, insertAt) + extra.join('') + cls.slice(insertAt);
}

interface ClassChar {
  /** The literal character, or undefined for a class escape such as `\d`. */
  readonly char: string | undefined;
  readonly next: number;
}

function readClassChar(cls: string, i: number): ClassChar {
  const ch = cls[i] as string;
  if (ch !== '\\') return { char: ch, next: i + 1 };
  const esc = cls[i + 1] ?? '';
  if (esc === 't') return { char: '\t', next: i + 2 };
  if (esc === 'n') return { char: '\n', next: i + 2 };
  if (esc === 'r') return { char: '\r', next: i + 2 };
  if (/[A-Za-z]/.test(esc)) return { char: undefined, next: i + 2 };
  return { char: esc, next: i + 2 };
}

/** The other-case counterparts of the letters inside the code range lo..hi, as class ranges. */
function otherCaseRanges(lo: number, hi: number): string[] {
  const out: string[] = [];
  const overlap = (from: number, to: number, shift: number): void => {
    const a = Math.max(lo, from);
    const b = Math.min(hi, to);
    if (a <= b) out.push(`${String.fromCharCode(a + shift)}-${String.fromCharCode(b + shift)}`);
  };
  overlap(65, 90, 32); // A-Z → a-z
  overlap(97, 122, -32); // a-z → A-Z
  return out;
}

function isAsciiLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

function swapCase(ch: string): string {
  return ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
}
