/**
 * Reads a portable pattern's syntax (regex.ts) without compiling it. Translation only needs to
 * know that a pattern is valid and, for KQL, whether it matches the empty string; compiling it
 * with re2js to learn that was a quarter of the time it took to read a Sigma rule, and the
 * program was garbage as soon as it was built. Evaluators still compile when they run.
 *
 * The contract is one-sided: when this returns a shape, re2js compiles the pattern (flags
 * 0, MULTILINE or DOTALL), and `matchesEmpty` is what the compiled pattern says of ''. When it
 * returns undefined nothing is claimed: the caller compiles, as before, and reports re2js's own
 * error. So it may refuse anything doubtful, and does: every construct outside the portable
 * subset, any pattern longer than MAX_READ_LENGTH. test/semantics/portable-syntax.test.ts checks
 * the contract against re2js on random patterns, hostile ones included.
 *
 * It follows re2js's parser (a port of Go's regexp/syntax, Perl flags) where the subset meets it:
 * - a quantifier needs an operand: not first in the pattern, a group or an alternative;
 * - two quantifiers in a row are an error (`a**`, `a*??`, `a{2}{3}`); one lazy `?` is not;
 * - `{` that does not spell `{n}`, `{n,}` or `{n,m}` is a literal; a number with a leading zero
 *   spells nothing (`a{01}` is literal), nor does more than 8 digits, unless the braces are
 *   complete, which is a bad count; counts go to 1000, min ≤ max;
 * - counted repeats nested in counted repeats multiply: at most 1000 copies of the innermost;
 * - in a class, `]` first is literal, `-` before `]` is literal, a range needs lo ≤ hi and ends
 *   at a single character, `\d \w \s` and their negations are members;
 * - an escape is `\d \D \w \W \s \S \t \n \r` or an ASCII character that is not a letter or digit.
 */
export interface PortableRegexShape {
  /** Whether the pattern finds a match in the empty string (what a missing column reads as). */
  readonly matchesEmpty: boolean;
}

/**
 * re2js also refuses a pattern whose tree is more than 1000 deep. Each code point accounts for at
 * most three levels (itself or the operator it spells, and the concatenation and alternation an
 * alternative's common-prefix factoring wraps around what follows it), so 300 code points stay
 * under that depth without computing it. Longer patterns are compiled, as before.
 */
const MAX_READ_LENGTH = 300;
const MAX_REPEAT = 1000;
/** re2js refuses a program size estimate over 1,398,101; this stays well under it. */
const MAX_SIZE = 1_000_000;
const PERL_CLASSES = 'dDwWsS';

/** What a node contributes: whether it matches '', re2js's size estimate, its repeat need. */
interface Shape {
  readonly nullable: boolean;
  readonly size: number;
  /** The least copy budget re2js's repeatIsValid needs for this subtree (0: none). */
  readonly need: number;
}

const ONE_CHAR: Shape = { nullable: false, size: 1, need: 0 };
const ANCHOR: Shape = { nullable: true, size: 1, need: 0 };

/** Thrown inside the reader only: the pattern is not one this reader vouches for. */
class Unread extends Error {}
const UNREAD = new Unread();

export function readPortableRegex(pattern: string): PortableRegexShape | undefined {
  if (pattern.length > MAX_READ_LENGTH) return undefined;
  const reader = new Reader(pattern);
  try {
    const shape = reader.alternation();
    // Only an unmatched `)` stops the top level early.
    if (reader.pos < pattern.length) return undefined;
    return { matchesEmpty: shape.nullable };
  } catch (err) {
    if (err instanceof Unread) return undefined;
    throw err;
  }
}

type Braces = { readonly kind: 'literal' } | { readonly kind: 'bad' } | { readonly kind: 'repeat'; readonly min: number; readonly max: number; readonly end: number };
const LITERAL_BRACE: Braces = { kind: 'literal' };
const BAD_BRACES: Braces = { kind: 'bad' };

class Reader {
  pos = 0;

  constructor(private readonly src: string) {}

  alternation(): Shape {
    let { nullable, size, need } = this.concat();
    let branches = 1;
    while (this.src.charCodeAt(this.pos) === 0x7c /* | */) {
      this.pos++;
      const next = this.concat();
      nullable ||= next.nullable;
      size += next.size;
      need = Math.max(need, next.need);
      branches++;
    }
    return this.sized(nullable, size + branches - 1, need);
  }

  private concat(): Shape {
    let nullable = true;
    let size = 0;
    let need = 0;
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '|' || c === ')') break;
      const item = this.quantified(this.atom());
      nullable &&= item.nullable;
      size += item.size;
      need = Math.max(need, item.need);
    }
    // An empty concatenation is re2js's empty-match node, size 1.
    return this.sized(nullable, size, need);
  }

  private atom(): Shape {
    const src = this.src;
    const c = src[this.pos];
    switch (c) {
      case '*':
      case '+':
      case '?':
        throw UNREAD; // missing argument to repetition operator
      case '{':
        if (readBraces(src, this.pos).kind !== 'literal') throw UNREAD;
        this.pos++;
        return ONE_CHAR;
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '.':
        this.pos++;
        return ONE_CHAR;
      case '^':
      case '$':
        this.pos++;
        return ANCHOR;
      case '\\':
        return this.escape();
      default:
        this.pos += codePointLength(src, this.pos);
        return ONE_CHAR;
    }
  }

  private group(): Shape {
    const src = this.src;
    let capture = true;
    this.pos++;
    if (src[this.pos] === '?') {
      if (src[this.pos + 1] !== ':') throw UNREAD;
      capture = false;
      this.pos += 2;
    }
    const inner = this.alternation();
    if (src[this.pos] !== ')') throw UNREAD; // missing closing )
    this.pos++;
    return capture ? this.sized(inner.nullable, inner.size + 2, inner.need) : inner;
  }

  /** The quantifiers after an atom, at most one (with its lazy `?`): a second is an error. */
  private quantified(sub: Shape): Shape {
    const src = this.src;
    const c = src[this.pos];
    let shape: Shape;
    if (c === '*') {
      shape = this.sized(true, sub.size + 2, sub.need);
      this.pos++;
    } else if (c === '+' || c === '?') {
      shape = this.sized(c === '?' || sub.nullable, sub.size + 1, sub.need);
      this.pos++;
    } else if (c === '{') {
      const braces = readBraces(src, this.pos);
      if (braces.kind === 'literal') return sub;
      if (braces.kind === 'bad') throw UNREAD;
      shape = this.counted(sub, braces.min, braces.max);
      this.pos = braces.end;
    } else {
      return sub;
    }
    if (src[this.pos] === '?') this.pos++;
    const next = src[this.pos];
    if (next === '*' || next === '+' || next === '?') throw UNREAD; // nested repetition
    if (next === '{' && readBraces(src, this.pos).kind !== 'literal') throw UNREAD;
    return shape;
  }

  /** `{min,max}` (max -1: unbounded), with re2js's size estimate and repeatIsValid. */
  private counted(sub: Shape, min: number, max: number): Shape {
    const copies = max === -1 ? min : max;
    // repeatIsValid stops at a node repeated zero times, and divides the budget by the copies.
    const need = max === 0 ? 0 : copies === 0 ? sub.need : Math.max(copies, copies * sub.need);
    if ((min >= 2 || max >= 2) && need > MAX_REPEAT) throw UNREAD;
    const size = max === -1 ? (min === 0 ? 2 + sub.size : 1 + min * sub.size) : max * sub.size + (max - min);
    return this.sized(min === 0 || sub.nullable, size, need);
  }

  private escape(): Shape {
    const next = this.src[this.pos + 1];
    if (next !== undefined && PERL_CLASSES.includes(next)) {
      this.pos += 2;
      return ONE_CHAR;
    }
    this.classChar();
    return ONE_CHAR;
  }

  private charClass(): Shape {
    const src = this.src;
    this.pos++;
    if (src[this.pos] === '^') this.pos++;
    for (let first = true; ; first = false) {
      const c = src[this.pos];
      if (c === undefined) throw UNREAD; // missing closing ]
      if (c === ']' && !first) break;
      if (c === '[' && src[this.pos + 1] === ':') throw UNREAD; // POSIX class (or its look-alike)
      if (c === '\\' && PERL_CLASSES.includes(src[this.pos + 1] ?? '_')) {
        this.pos += 2;
        continue;
      }
      const lo = this.classChar();
      if (src[this.pos] !== '-' || src[this.pos + 1] === ']') continue;
      this.pos++;
      if (this.classChar() < lo) throw UNREAD; // invalid character class range
    }
    this.pos++;
    return ONE_CHAR;
  }

  /** One character, as written or escaped; its code point. */
  private classChar(): number {
    const src = this.src;
    if (this.pos >= src.length) throw UNREAD;
    const cp = src.codePointAt(this.pos) as number;
    if (cp !== 0x5c /* \ */) {
      this.pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    const e = src.charCodeAt(this.pos + 1);
    this.pos += 2;
    if (e === 0x6e /* n */) return 0x0a;
    if (e === 0x72 /* r */) return 0x0d;
    if (e === 0x74 /* t */) return 0x09;
    // Any other escaped ASCII character that is not a letter or digit stands for itself.
    if (e < 0x80 && !isAsciiAlnum(e)) return e; // NaN (a trailing backslash) fails `<`
    throw UNREAD;
  }

  private sized(nullable: boolean, size: number, need: number): Shape {
    const s = Math.max(1, size);
    if (s > MAX_SIZE) throw UNREAD;
    return { nullable, size: s, need };
  }
}

/**
 * re2js's parseRepeat at `{`: a literal unless it spells a repeat; `bad` when it spells one
 * with a count re2js refuses.
 */
function readBraces(src: string, at: number): Braces {
  const lo = readCount(src, at + 1);
  if (lo.value === -1 || lo.end >= src.length) return LITERAL_BRACE;
  let i = lo.end;
  let max = lo.value;
  if (src[i] === ',') {
    i++;
    if (i >= src.length) return LITERAL_BRACE;
    if (src[i] === '}') {
      max = -1;
    } else {
      const hi = readCount(src, i);
      if (hi.value === -1) return LITERAL_BRACE;
      max = hi.value;
      i = hi.end;
    }
  }
  if (src[i] !== '}') return LITERAL_BRACE;
  const min = lo.value;
  if (min < 0 || min > MAX_REPEAT || max === -2 || max > MAX_REPEAT || (max >= 0 && min > max)) return BAD_BRACES;
  return { kind: 'repeat', min, max, end: i + 1 };
}

/** re2js's parseInt: -1 when no number is spelled (none, or a leading zero), -2 when too long. */
function readCount(src: string, at: number): { readonly value: number; readonly end: number } {
  let end = at;
  while (end < src.length && src.charCodeAt(end) >= 0x30 && src.charCodeAt(end) <= 0x39) end++;
  const digits = end - at;
  if (digits === 0 || (digits > 1 && src[at] === '0')) return { value: -1, end };
  if (digits > 8) return { value: -2, end };
  return { value: Number(src.slice(at, end)), end };
}

function codePointLength(src: string, at: number): number {
  return (src.codePointAt(at) as number) > 0xffff ? 2 : 1;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
