import { RE2JS } from 're2js';
import { clearVouched } from './portable-vouched.js';

/**
 * Compiled RE2 programs by (pattern, flags). A rule's regex is compiled when it is checked
 * (reading a Sigma rule, converting a rule file), again when it is imported and once more
 * when it is evaluated or emitted; and a corpus repeats the same patterns across rules.
 * Compiling is the costliest step of reading such a rule (re2js parses, simplifies and builds
 * a program each time), so each (pattern, flags) is compiled once. A compiled RE2JS is
 * immutable to its users (matchers are made per call), so sharing it is safe.
 *
 * Bounded, least recently used first out, so that a stream of distinct patterns cannot grow
 * memory without limit: at most MAX_ENTRIES programs, of patterns holding MAX_CACHED_CHARS
 * characters together (a program takes about 130 bytes per pattern character, so ~17 MB at
 * most). Patterns longer than MAX_CACHED_LENGTH are compiled every time, as before.
 */
const MAX_ENTRIES = 1024;
const MAX_CACHED_CHARS = 128 * 1024;
const MAX_CACHED_LENGTH = 4096;

/** `used`: looked up since it was last passed over for eviction (a second chance, as CLOCK). */
type Entry = ({ readonly re: RE2JS } | { readonly error: unknown }) & { used: boolean };

/** One map per flag set, keyed by the pattern: no key string to build per lookup. */
const byFlags = new Map<number, Map<string, Entry>>();
let size = 0;
let chars = 0;

/** RE2JS.compile(pattern, flags), cached; throws what it throws (the same error each time). */
export function compileRe2(pattern: string, flags = 0): RE2JS {
  if (pattern.length > MAX_CACHED_LENGTH) return RE2JS.compile(pattern, flags);
  let table = byFlags.get(flags);
  if (!table) byFlags.set(flags, (table = new Map()));
  let entry = table.get(pattern);
  if (entry) {
    entry.used = true;
  } else {
    try {
      entry = { re: RE2JS.compile(pattern, flags), used: false };
    } catch (error) {
      entry = { error, used: false };
    }
    table.set(pattern, entry);
    size++;
    chars += pattern.length;
    while (size > MAX_ENTRIES || chars > MAX_CACHED_CHARS) evictOne();
  }
  if ('error' in entry) throw entry.error;
  return entry.re;
}

/**
 * Drops the oldest entry of the largest table that was not used since it was last passed
 * over; a used one moves to the back with its mark cleared. Close to least-recently-used
 * without reordering the map on every hit.
 */
function evictOne(): void {
  let largest: Map<string, Entry> | undefined;
  for (const table of byFlags.values()) if (!largest || table.size > largest.size) largest = table;
  if (!largest) return;
  for (const [pattern, entry] of largest) {
    largest.delete(pattern);
    if (entry.used) {
      entry.used = false;
      largest.set(pattern, entry);
      continue;
    }
    size--;
    chars -= pattern.length;
    return;
  }
}

/**
 * Forgets every cached program (and every pattern the portable reader vouched for,
 * portable-vouched.ts). For the benchmark only: each of its translation phases starts
 * cold, so a phase is not credited with programs an earlier phase compiled.
 */
export function clearRegexCache(): void {
  clearVouched();
  byFlags.clear();
  size = 0;
  chars = 0;
}

/** How many programs are cached, and their patterns' length (for tests of the bound). */
export function cachedRe2Size(): { readonly entries: number; readonly chars: number } {
  return { entries: size, chars };
}
