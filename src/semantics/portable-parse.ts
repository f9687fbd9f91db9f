import { MAX_REPEAT, readBraces } from './portable-braces.js';

/**
 * The one reader of the portable regex subset (regex.ts): one grammar and re2js's acceptance
 * rules, for both uses. Validation (portable-syntax.ts) reads a pattern without building
 * anything, to learn whether re2js compiles it and whether it matches ''; the EQL target
 * (eql/portable-regex.ts) asks for the tree as well and prints it in Lucene's dialect.
 *
 * It follows re2js's parser (a port of Go's regexp/syntax, Perl flags) where the subset meets it:
 * - a quantifier needs an operand: not first in the pattern, a group or an alternative;
 * - two quantifiers in a row are an error (`a**`, `a*??`, `a{2}{3}`); one lazy `?` is not;
 * - `{` that does not spell `{n}`, `{n,}` or `{n,m}` is a literal; a number with a leading zero
 *   spells nothing (`a{01}` is literal), nor does more than 8 digits, unless the braces are
 *   complete, which is a bad count; counts go to 1000, min ≤ max;
 * - counted repeats nested in counted repeats multiply: at most 1000 copies of the innermost;
 * - in a class, `]` first is literal, `-` before `]` is literal, a range needs lo ≤ hi and ends
 *   at a single character, `\d \w \s` and their negations are members (never a range's end, and
 *   a `-` after one is literal: `[\d-z]` is digits, `-` and `z`);
 * - an escape is `\d \D \w \W \s \S \t \n \r` or an ASCII character that is not a letter or digit.
 * Outside the subset it refuses what re2js would accept too: groups other than `(` and `(?:`,
 * POSIX classes (and `[:` look-alikes), other escapes. Groups nest at most 99 deep, which keeps
 * the recursion (here and in the printers that walk the tree) shallow; re2js allows more.
 */

/** A code point range, both ends included. */
export type CodePointRange = readonly [lo: number, hi: number];

/**
 * A regex tree over code points, with room for a dialect's own nodes (`Extra`: Lucene's `@` and
 * `#` in eql/regex-ast.ts). Groups leave no node (captures do not change what matches).
 */
export type RegexTree<Extra> =
  | { readonly k: 'alt'; readonly items: readonly RegexTree<Extra>[] }
  | { readonly k: 'seq'; readonly items: readonly RegexTree<Extra>[] }
  /** `max` undefined: unbounded. A lazy quantifier matches the same values; it leaves no mark. */
  | { readonly k: 'repeat'; readonly node: RegexTree<Extra>; readonly min: number; readonly max: number | undefined }
  | { readonly k: 'char'; readonly cp: number }
  /** Any one character: `.` under the dot-all flag (without it `.` is the class "not a line feed"). */
  | { readonly k: 'any' }
  | { readonly k: 'class'; readonly negated: boolean; readonly ranges: readonly CodePointRange[] }
  /** RE2 `^` / `$`. */
  | { readonly k: 'bol' }
  | { readonly k: 'eol' }
  | Extra;

/** The tree of a portable pattern: no nodes of other dialects, so every printer takes it. */
export type PortableNode = RegexTree<never>;

export interface PortableParsed<Tree> {
  readonly ok: true;
  readonly tree: Tree;
  /** Whether the pattern finds a match in the empty string (what a missing column reads as). */
  readonly matchesEmpty: boolean;
  /** re2js's program-size estimate of the largest subexpression (re2js refuses over 1,398,101). */
  readonly largestSize: number;
  /** The first `\D`, `\W` or `\S` inside a bracket class (the tree holds its complement). */
  readonly negatedShorthandInClass: { readonly letter: string; readonly offset: number } | undefined;
}

export interface PortableRefusal {
  readonly ok: false;
  readonly message: string;
  /** Where the problem is, in UTF-16 code units. */
  readonly offset: number;
}

export type PortableParse<Tree> = PortableParsed<Tree> | PortableRefusal;

export interface TreeOptions {
  /** RE2's `s` flag: `.` also matches a line feed. */
  readonly dotAll: boolean;
}

/** Reads a pattern without building its tree: validation's cheap path. */
export function readPortableSyntax(pattern: string): PortableParse<undefined> {
  return run(new Parser(pattern, false, false)) as PortableParse<undefined>;
}

/** Reads a pattern and builds its tree. */
export function parsePortableTree(pattern: string, options: TreeOptions): PortableParse<PortableNode> {
  return run(new Parser(pattern, true, options.dotAll)) as PortableParse<PortableNode>;
}

function run(parser: Parser): PortableParse<PortableNode | undefined> {
  try {
    const tree = parser.whole();
    return { ok: true, tree, matchesEmpty: parser.nullable, largestSize: parser.largestSize, negatedShorthandInClass: parser.negatedShorthandInClass };
  } catch (err) {
    if (err === REFUSED) return { ok: false, ...(parser.refusal as { message: string; offset: number }) };
    throw err;
  }
}

/** Alternations open at once, the top level included: 99 nested groups. */
const MAX_DEPTH = 100;

/** Thrown inside the parser only (built once: a refusal costs no stack trace); the details are on the parser. */
const REFUSED = new Error('refused');

const LF = 0x0a;
// RE2's Perl classes: \d is [0-9], \w is [0-9A-Za-z_], \s is [\t\n\f\r ].
const DIGIT: readonly CodePointRange[] = [[0x30, 0x39]];
const WORD: readonly CodePointRange[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
const SPACE: readonly CodePointRange[] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];
const MAX_CODE_POINT = 0x10ffff;

const ANY: PortableNode = { k: 'any' };
const NOT_LF: PortableNode = { k: 'class', negated: true, ranges: [[LF, LF]] };
const BOL: PortableNode = { k: 'bol' };
const EOL: PortableNode = { k: 'eol' };

class Parser {
  pos = 0;
  private depth = 0;
  // The facts of the subexpression read last, in registers: validation allocates nothing per node.
  nullable = false;
  private size = 0;
  /** The least copy budget re2js's repeatIsValid needs for the subexpression (0: none). */
  private need = 0;
  largestSize = 0;
  negatedShorthandInClass: PortableParsed<unknown>['negatedShorthandInClass'];
  refusal: { message: string; offset: number } | undefined;

  constructor(
    private readonly src: string,
    private readonly build: boolean,
    private readonly dotAll: boolean,
  ) {}

  whole(): PortableNode | undefined {
    const tree = this.alternation();
    // Only an unmatched `)` stops the top level early.
    if (this.pos < this.src.length) this.fail('unexpected )');
    return tree;
  }

  fail(message: string, offset = this.pos): never {
    this.refusal = { message, offset };
    throw REFUSED;
  }

  private alternation(): PortableNode | undefined {
    if (++this.depth > MAX_DEPTH) this.fail(`regex nested deeper than ${MAX_DEPTH} groups`);
    const src = this.src;
    const first = this.concat();
    // Reads past the end are guarded here and in quantified (both end there in nearly every
    // pattern): an optimised charCodeAt is compiled for in-bounds reads, and the first read
    // past the end deoptimised these functions in every run (--trace-deopt: 'out of bounds').
    if (this.pos >= src.length || src.charCodeAt(this.pos) !== 0x7c /* | */) {
      this.depth--;
      return first;
    }
    let { nullable, size, need } = this;
    const items = this.build ? [first as PortableNode] : undefined;
    let branches = 1;
    while (this.pos < src.length && src.charCodeAt(this.pos) === 0x7c /* | */) {
      this.pos++;
      const next = this.concat();
      items?.push(next as PortableNode);
      nullable ||= this.nullable;
      size += this.size;
      need = Math.max(need, this.need);
      branches++;
    }
    this.set(nullable, size + branches - 1, need);
    this.depth--;
    return items && { k: 'alt', items };
  }

  private concat(): PortableNode | undefined {
    const src = this.src;
    let nullable = true;
    let size = 0;
    let need = 0;
    const items: PortableNode[] | undefined = this.build ? [] : undefined;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === 0x7c /* | */ || c === 0x29 /* ) */) break;
      const item = this.quantified(this.atom());
      items?.push(item as PortableNode);
      nullable &&= this.nullable;
      size += this.size;
      need = Math.max(need, this.need);
    }
    // An empty concatenation is re2js's empty-match node, size 1.
    this.set(nullable, size, need);
    if (items === undefined) return undefined;
    return items.length === 1 ? items[0] : { k: 'seq', items };
  }

  private atom(): PortableNode | undefined {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    switch (c) {
      case 0x2a /* * */:
      case 0x2b /* + */:
      case 0x3f /* ? */:
        return this.fail('missing argument to repetition operator');
      case 0x7b /* { */:
        if (readBraces(src, this.pos).kind !== 'literal') this.fail('missing argument to repetition operator');
        this.pos++;
        return this.literal(c);
      case 0x28 /* ( */:
        return this.group();
      case 0x5b /* [ */:
        return this.charClass();
      case 0x2e /* . */:
        this.pos++;
        this.set(false, 1, 0);
        return this.build ? (this.dotAll ? ANY : NOT_LF) : undefined;
      case 0x5e /* ^ */:
      case 0x24 /* $ */:
        this.pos++;
        this.set(true, 1, 0);
        return this.build ? (c === 0x5e ? BOL : EOL) : undefined;
      case 0x5c /* \ */:
        return this.escape();
      default: {
        const cp = src.codePointAt(this.pos) as number;
        this.pos += cp > 0xffff ? 2 : 1;
        return this.literal(cp);
      }
    }
  }

  private literal(cp: number): PortableNode | undefined {
    this.set(false, 1, 0);
    return this.build ? { k: 'char', cp } : undefined;
  }

  private group(): PortableNode | undefined {
    const src = this.src;
    const open = this.pos;
    let capture = true;
    this.pos++;
    if (src.charCodeAt(this.pos) === 0x3f /* ? */) {
      if (src.charCodeAt(this.pos + 1) !== 0x3a /* : */) this.fail('only (?:...) groups are portable', open);
      capture = false;
      this.pos += 2;
    }
    const inner = this.alternation();
    if (src.charCodeAt(this.pos) !== 0x29 /* ) */) this.fail('unbalanced (', open); // re2js: missing closing )
    this.pos++;
    if (capture) this.set(this.nullable, this.size + 2, this.need);
    return inner;
  }

  /** The quantifier after an atom, at most one (with its lazy `?`): a second is an error. */
  private quantified(sub: PortableNode | undefined): PortableNode | undefined {
    const src = this.src;
    const at = this.pos;
    if (at >= src.length) return sub;
    const c = src.charCodeAt(at);
    let min: number;
    let max: number | undefined;
    if (c === 0x2a /* * */) {
      min = 0;
      max = undefined;
      this.set(true, this.size + 2, this.need);
      this.pos++;
    } else if (c === 0x2b /* + */ || c === 0x3f /* ? */) {
      min = c === 0x2b ? 1 : 0;
      max = c === 0x2b ? undefined : 1;
      this.set(c === 0x3f || this.nullable, this.size + 1, this.need);
      this.pos++;
    } else if (c === 0x7b /* { */) {
      const braces = readBraces(src, at);
      if (braces.kind === 'literal') return sub;
      if (braces.kind === 'bad') return this.fail(braces.message);
      min = braces.min;
      max = braces.max === -1 ? undefined : braces.max;
      this.counted(min, braces.max, at);
      this.pos = braces.end;
    } else {
      return sub;
    }
    if (this.pos < src.length && src.charCodeAt(this.pos) === 0x3f /* ? */) this.pos++;
    const next = this.pos < src.length ? src.charCodeAt(this.pos) : -1;
    if (next === 0x2a || next === 0x2b || next === 0x3f || (next === 0x7b && readBraces(src, this.pos).kind !== 'literal')) {
      this.fail('invalid nested repetition operator');
    }
    return this.build ? { k: 'repeat', node: sub as PortableNode, min, max } : undefined;
  }

  /** `{min,max}` (max -1: unbounded) of the subexpression in the registers: re2js's size estimate and repeatIsValid. */
  private counted(min: number, max: number, at: number): void {
    const copies = max === -1 ? min : max;
    // repeatIsValid stops at a node repeated zero times, and divides the budget by the copies.
    const need = max === 0 ? 0 : copies === 0 ? this.need : Math.max(copies, copies * this.need);
    if ((min >= 2 || max >= 2) && need > MAX_REPEAT) this.fail(`nested repeats make more than ${MAX_REPEAT} copies`, at);
    const sub = this.size;
    const size = max === -1 ? (min === 0 ? 2 + sub : 1 + min * sub) : max * sub + (max - min);
    this.set(min === 0 || this.nullable, size, need);
  }

  private escape(): PortableNode | undefined {
    const letter = this.src.charCodeAt(this.pos + 1);
    const ranges = shorthandRanges(letter);
    if (ranges === undefined) return this.literal(this.char());
    this.pos += 2;
    this.set(false, 1, 0);
    return this.build ? { k: 'class', negated: isUpper(letter), ranges } : undefined;
  }

  private charClass(): PortableNode | undefined {
    const src = this.src;
    const open = this.pos;
    this.pos++;
    const negated = src.charCodeAt(this.pos) === 0x5e; /* ^ */
    if (negated) this.pos++;
    const ranges: CodePointRange[] | undefined = this.build ? [] : undefined;
    for (let first = true; ; first = false) {
      if (this.pos >= src.length) this.fail('unterminated [', open); // re2js: missing closing ]
      const c = src.charCodeAt(this.pos);
      if (c === 0x5d /* ] */ && !first) break;
      if (c === 0x5b /* [ */ && src.charCodeAt(this.pos + 1) === 0x3a /* : */) this.fail('POSIX classes are not portable'); // or a look-alike
      if (c === 0x5c /* \ */ && shorthandRanges(src.charCodeAt(this.pos + 1)) !== undefined) {
        this.shorthandMember(ranges);
        this.pos += 2;
        continue;
      }
      const start = this.pos;
      const lo = this.char();
      if (src.charCodeAt(this.pos) !== 0x2d /* - */ || src.charCodeAt(this.pos + 1) === 0x5d /* ] */) {
        ranges?.push([lo, lo]);
        continue;
      }
      this.pos++;
      if (src.charCodeAt(this.pos) === 0x5c /* \ */ && shorthandRanges(src.charCodeAt(this.pos + 1)) !== undefined) {
        this.fail('a class range must end at a single character'); // re2js: invalid escape sequence
      }
      const hi = this.char();
      if (hi < lo) this.fail('invalid character class range', start);
      ranges?.push([lo, hi]);
    }
    this.pos++;
    this.set(false, 1, 0);
    return ranges && { k: 'class', negated, ranges };
  }

  /** `\d \w \s` in a class add their ranges; `\D \W \S` the complement of them, noted. */
  private shorthandMember(ranges: CodePointRange[] | undefined): void {
    const letter = this.src.charCodeAt(this.pos + 1);
    const own = shorthandRanges(letter) as readonly CodePointRange[];
    if (!isUpper(letter)) {
      ranges?.push(...own);
      return;
    }
    this.negatedShorthandInClass ??= { letter: String.fromCharCode(letter), offset: this.pos };
    ranges?.push(...complement(own));
  }

  /** One character, as written or escaped; its code point. */
  private char(): number {
    const src = this.src;
    const at = this.pos;
    if (at >= src.length) return this.fail('unterminated ['); // only a class reads on to the end
    const cp = src.codePointAt(at) as number;
    if (cp !== 0x5c /* \ */) {
      this.pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    if (at + 1 >= src.length) return this.fail('lone backslash', at);
    const e = src.charCodeAt(at + 1);
    this.pos = at + 2;
    if (e === 0x6e /* n */) return LF;
    if (e === 0x72 /* r */) return 0x0d;
    if (e === 0x74 /* t */) return 0x09;
    // Any other escaped ASCII character that is not a letter or digit stands for itself.
    if (e < 0x80 && !isAsciiAlnum(e)) return e;
    return this.fail(`escape \\${String.fromCodePoint(src.codePointAt(at + 1) as number)} is not portable`, at);
  }

  private set(nullable: boolean, size: number, need: number): void {
    const s = Math.max(1, size);
    this.nullable = nullable;
    this.size = s;
    this.need = need;
    if (s > this.largestSize) this.largestSize = s;
  }
}

function shorthandRanges(letter: number): readonly CodePointRange[] | undefined {
  switch (letter | 0x20 /* lower case */) {
    case 0x64 /* d */:
      return DIGIT;
    case 0x77 /* w */:
      return WORD;
    case 0x73 /* s */:
      return SPACE;
    default:
      return undefined;
  }
}

/** Every code point outside sorted, disjoint ranges. */
function complement(ranges: readonly CodePointRange[]): CodePointRange[] {
  const out: CodePointRange[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
