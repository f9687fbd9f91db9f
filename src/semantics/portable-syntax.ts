import { readPortableSyntax } from './portable-parse.js';

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
 * subset (portable-parse.ts has the grammar and re2js's rules), any pattern longer than
 * MAX_READ_LENGTH, any whose size estimate nears re2js's limit. The tree is not built.
 * test/semantics/portable-syntax.test.ts checks the contract against re2js on random patterns,
 * hostile ones included.
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
/** re2js refuses a program size estimate over 1,398,101; this stays well under it. */
const MAX_SIZE = 1_000_000;

const MATCHES_EMPTY: PortableRegexShape = { matchesEmpty: true };
const NEEDS_TEXT: PortableRegexShape = { matchesEmpty: false };

export function readPortableRegex(pattern: string): PortableRegexShape | undefined {
  if (pattern.length > MAX_READ_LENGTH) return undefined;
  const read = readPortableSyntax(pattern);
  if (!read.ok || read.largestSize > MAX_SIZE) return undefined;
  return read.matchesEmpty ? MATCHES_EMPTY : NEEDS_TEXT;
}
