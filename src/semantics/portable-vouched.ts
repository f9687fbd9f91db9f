import { asciiCaseless } from './ascii-caseless.js';
import { readPortableRegex } from './portable-syntax.js';

/**
 * Patterns the portable-subset reader (portable-syntax.ts) has vouched for, as written and in
 * the ASCII-caseless form a case-insensitive regex is compiled in. Reading a Sigma rule checks
 * each `re` value (sigma-regex.ts), importing it checks the same value again
 * (regex.ts `checkPortableRegex`), and a corpus repeats its patterns across rules: the reader's
 * answer for a pattern never changes, so a "yes" is kept; so is checkPortableRegex's "no
 * problem". A "no" is not kept (those patterns
 * are compiled, and re2js's programs and errors are cached in regex-cache.ts).
 *
 * Bounded like the program cache: at most MAX_VOUCHED patterns of up to MAX_VOUCHED_LENGTH
 * characters each (longer ones are read every time); when full, the table starts over.
 * Cleared with the program cache (clearRegexCache), so a benchmark phase starts cold.
 */
const MAX_VOUCHED = 4096;
const MAX_VOUCHED_LENGTH = 4096;

const asWritten = new Set<string>();
const caseless = new Set<string>();
/** Patterns regex.ts `checkPortableRegex` found no problem in. */
const portable = new Set<string>();

function remember(table: Set<string>, pattern: string): void {
  if (pattern.length > MAX_VOUCHED_LENGTH) return;
  if (table.size >= MAX_VOUCHED) table.clear();
  table.add(pattern);
}

/** `readPortableRegex(pattern) !== undefined`, remembered. */
export function vouchedPortable(pattern: string): boolean {
  if (asWritten.has(pattern)) return true;
  if (readPortableRegex(pattern) === undefined) return false;
  remember(asWritten, pattern);
  return true;
}

/** `readPortableRegex(asciiCaseless(pattern)) !== undefined`, remembered by the pattern as written. */
export function vouchedPortableCaseless(pattern: string): boolean {
  if (caseless.has(pattern)) return true;
  if (readPortableRegex(asciiCaseless(pattern)) === undefined) return false;
  remember(caseless, pattern);
  return true;
}

/** Whether checkPortableRegex already found no problem in the pattern. */
export function knownPortable(pattern: string): boolean {
  return portable.has(pattern);
}

/** checkPortableRegex found no problem in the pattern: it never will. */
export function rememberPortable(pattern: string): void {
  remember(portable, pattern);
}

/**
 * Patterns Sigma's `re` check (targets/sigma/sigma-regex.ts checkSigmaRegex) found no problem
 * in, one table per combination of its flags (i, m, s: the check reads them): a corpus repeats
 * its patterns, and the check scans every character before it asks the tables above.
 */
const sigmaChecked: readonly Set<string>[] = Array.from({ length: 8 }, () => new Set<string>());

/** Whether checkSigmaRegex already found no problem in the pattern under these flags (0-7). */
export function knownSigmaRegex(flags: number, pattern: string): boolean {
  return (sigmaChecked[flags] as Set<string>).has(pattern);
}

/** checkSigmaRegex found no problem in the pattern under these flags: it never will. */
export function rememberSigmaRegex(flags: number, pattern: string): void {
  remember(sigmaChecked[flags] as Set<string>, pattern);
}

/** Forgets every pattern (with clearRegexCache). */
export function clearVouched(): void {
  asWritten.clear();
  caseless.clear();
  portable.clear();
  for (const table of sigmaChecked) table.clear();
}
