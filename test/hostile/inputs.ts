/**
 * Hostile material, generated rather than committed: garbage bytes from a fixed seed, long
 * values, deep nesting, YAML alias bombs. Sizes are parameters so each test says what it uses.
 */
export function garbageBytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

/** Printable garbage that is valid UTF-8: punctuation, quotes, brackets, control characters. */
export function garbageText(length: number, seed = 11): string {
  const alphabet = '{}[]()<>|&!~*?:;,.#%@`\'"\\/-+=\t\u0001\u001f \n aZ09é\u2028\uFFFD';
  const bytes = garbageBytes(length, seed);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

export const MIB = 1024 * 1024;

export function nested(open: string, inner: string, close: string, depth: number): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** Every prefix of `text` cut at `count` evenly spaced points (never the whole text). */
export function truncations(text: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => text.slice(0, Math.floor((text.length * i) / count)));
}

/** The classic "billion laughs": each level refers nine times to the one before. */
export function yamlAliasBomb(levels: number): string {
  let out = 'l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i <= levels; i++) out += `l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
  return out;
}

/** Bytes of `text` with `bad` spliced in where `marker` is (the marker must occur once). */
export function withBytes(text: string, marker: string, bad: readonly number[]): Uint8Array {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  const enc = new TextEncoder();
  const before = enc.encode(text.slice(0, at));
  const after = enc.encode(text.slice(at + marker.length));
  const out = new Uint8Array(before.length + bad.length + after.length);
  out.set(before, 0);
  out.set(bad, before.length);
  out.set(after, before.length + bad.length);
  return out;
}

/**
 * Regex bombs for backtracking engines: the pattern, a subject that makes a backtracking engine
 * explode (and that does not match), and a short subject that does match.
 */
export const REGEX_BOMBS: readonly (readonly [pattern: string, explode: (length: number) => string, matching: string])[] = [
  ['(a+)+$', (n) => 'a'.repeat(n) + '!', 'xaaa'],
  ['(a|aa)+b', (n) => 'a'.repeat(n), 'aab'],
  ['(\\w+\\s?)*!$', (n) => 'word '.repeat(Math.ceil(n / 5)), 'word word!'],
  ['^(([a-z])+.)+[A-Z]([a-z])+$', (n) => 'a'.repeat(n) + '!', 'ab.Cde'],
];
