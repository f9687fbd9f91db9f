import type { RegexTree } from '../../semantics/portable-parse.js';

/**
 * A small regex tree shared by the two regex dialects this target meets: the rule model's
 * portable (RE2-like) subset and Lucene's regexp (eql.md "Regex"). Characters are code points.
 */
export type RegexNode = RegexTree<
  /** Lucene `@`: any string. */
  | { readonly k: 'anyString' }
  /** Lucene `#`: matches nothing. */
  | { readonly k: 'none' }
>;

export const MAX_REPEAT = 1000;

/** A problem at an offset of the pattern (code-unit offset). */
export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

const RE2_META = new Set('\\.+*?()|[]{}^$'.split(''));

/**
 * Prints a tree as an RE2 pattern that uses only the portable subset (semantics/regex.ts):
 * literal characters escaped with a backslash where RE2 reads them as operators. With
 * `asciiFold`, each ASCII letter also matches its other case, so a case-insensitive Lucene
 * regex (`regex~`, ASCII folding) becomes an exact case-sensitive RE2 pattern.
 */
export function printRe2(node: RegexNode, asciiFold: boolean): string {
  switch (node.k) {
    case 'alt':
      return node.items.map((n) => printRe2(n, asciiFold)).join('|');
    case 'seq':
      return node.items.map((n) => (n.k === 'alt' ? `(?:${printRe2(n, asciiFold)})` : printRe2(n, asciiFold))).join('');
    case 'repeat': {
      const inner = printRe2(node.node, asciiFold);
      const atom = isAtom(node.node) ? inner : `(?:${inner})`;
      return atom + quantifier(node.min, node.max);
    }
    case 'char': {
      const other = asciiFold ? otherAsciiCase(node.cp) : undefined;
      if (other !== undefined) return `[${String.fromCodePoint(node.cp)}${String.fromCodePoint(other)}]`;
      const ch = String.fromCodePoint(node.cp);
      return RE2_META.has(ch) ? '\\' + ch : ch;
    }
    case 'any':
      return '.';
    case 'anyString':
      return '.*';
    case 'none':
      // A negated class of everything: portable and never matches.
      return '[^\\s\\S]';
    case 'class': {
      const ranges = asciiFold ? foldRanges(node.ranges) : node.ranges;
      if (ranges.length === 0) return node.negated ? '.' : '[^\\s\\S]';
      const body = ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
      return `[${node.negated ? '^' : ''}${body}]`;
    }
    case 'bol':
      return '^';
    case 'eol':
      return '$';
  }
}

function isAtom(n: RegexNode): boolean {
  return n.k === 'char' || n.k === 'any' || n.k === 'class' || n.k === 'none';
}

export function quantifier(min: number, max: number | undefined): string {
  if (min === 0 && max === undefined) return '*';
  if (min === 1 && max === undefined) return '+';
  if (min === 0 && max === 1) return '?';
  if (max === undefined) return `{${min},}`;
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function classChar(cp: number): string {
  const ch = String.fromCodePoint(cp);
  return /[A-Za-z0-9]/.test(ch) || cp > 0x7f ? ch : '\\' + ch;
}

function otherAsciiCase(cp: number): number | undefined {
  if (cp >= 0x41 && cp <= 0x5a) return cp + 32;
  if (cp >= 0x61 && cp <= 0x7a) return cp - 32;
  return undefined;
}

/**
 * Adds the other ASCII case of every letter a set of ranges holds. Indexed loops, no spread:
 * the EQL emitter calls this for every case-insensitive class, mostly before the engine has
 * optimised it, and iterator steps and destructuring cost there and in compiling it.
 */
export function foldRanges(ranges: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = ranges.slice();
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as readonly [number, number];
    const lo = r[0];
    const hi = r[1];
    // Upper-case letters gain their lower case, lower-case letters their upper case.
    const upperFrom = Math.max(lo, 0x41);
    const upperTo = Math.min(hi, 0x5a);
    if (upperFrom <= upperTo) addUncovered(out, upperFrom + 32, upperTo + 32);
    const lowerFrom = Math.max(lo, 0x61);
    const lowerTo = Math.min(hi, 0x7a);
    if (lowerFrom <= lowerTo) addUncovered(out, lowerFrom - 32, lowerTo - 32);
  }
  return out;
}

/**
 * Appends the parts of lo..hi that no range of `out` holds yet, so that folding a class that
 * already has both cases (`[^0-9A-Za-z]`) leaves it as written. The ranges added are ASCII
 * letters, so walking them one code point at a time is cheap.
 */
function addUncovered(out: (readonly [number, number])[], lo: number, hi: number): void {
  const held = out.length;
  let start = -1;
  // One past hi counts as held, so that a free run up to hi is closed there.
  for (let cp = lo; cp <= hi + 1; cp++) {
    let taken = cp > hi;
    for (let i = 0; i < held && !taken; i++) {
      const r = out[i] as readonly [number, number];
      taken = r[0] <= cp && cp <= r[1];
    }
    if (!taken && start < 0) start = cp;
    if (taken && start >= 0) {
      out.push([start, cp - 1]);
      start = -1;
    }
  }
}

/**
 * Adds the other ASCII case to every character class of a tree. Lucene's case-insensitive
 * flag is documented for characters; spelling classes out keeps `regex~` exact either way.
 */
export function foldClasses(node: RegexNode): RegexNode {
  switch (node.k) {
    case 'alt':
    case 'seq': {
      // A loop rather than map(): see foldRanges.
      const items: RegexNode[] = [];
      for (let i = 0; i < node.items.length; i++) items.push(foldClasses(node.items[i] as RegexNode));
      return { k: node.k, items };
    }
    case 'repeat':
      return { k: 'repeat', node: foldClasses(node.node), min: node.min, max: node.max };
    case 'class':
      return { k: 'class', negated: node.negated, ranges: foldRanges(node.ranges) };
    default:
      return node;
  }
}
