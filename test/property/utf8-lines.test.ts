import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8LineChecker } from '../../src/events/utf8-lines.js';
import { firstInvalidByte } from '../../src/rule/strict-utf8.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The streaming checker against a whole-line decode: a line is bad exactly when a fatal
 * UTF-8 decoder refuses it, and the column is that of its first bad byte, however the bytes
 * are split into reads.
 */
const runs = fuzzRuns(300);
const fatal = new TextDecoder('utf-8', { fatal: true });

// Bytes that make every kind of sequence, well-formed and not, likely.
const byte = fc.constantFrom(0x41, 0x0a, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xa0, 0xed, 0x9f, 0xef, 0xf0, 0x90, 0xf4, 0x8f, 0xf5, 0xff);

function expected(bytes: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  let start = 0;
  let line = 1;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const body = bytes.subarray(start, i);
      const bad = firstInvalidByte(body);
      if (bad < body.length) out.set(line, fatal.decode(body.subarray(0, bad)).length + 1);
      line++;
      start = i + 1;
    }
  }
  return out;
}

describe('Utf8LineChecker', () => {
  it('finds the bad lines and columns a whole-line decode finds, across any split', () => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 40 }), fc.nat(), (list, cutSeed) => {
        const bytes = Uint8Array.from(list);
        if (bytes[0] === 0xef) return; // a BOM-like start is handled separately
        const cut = bytes.length === 0 ? 0 : cutSeed % bytes.length;
        const checker = new Utf8LineChecker();
        checker.feed(bytes.subarray(0, cut));
        checker.feed(bytes.subarray(cut));
        checker.end();
        const want = expected(bytes);
        const lines = bytes.filter((b) => b === 0x0a).length + 1;
        for (let line = 1; line <= lines; line++) expect(checker.take(line), `line ${line}`).toBe(want.get(line));
      }),
      { numRuns: runs, seed: fuzzSeed(20261124) },
    );
  });

  // Real input is valid text for chunks on end, with a rare bad byte: chunks of valid text are
  // skipped whole (Node's isUtf8), so split valid text must still count lines and columns.
  const text = fc.string({ unit: fc.constantFrom('a', '\n', 'é', '€', '😀', '\u0000', '\uFFFD'), maxLength: 30 });
  const bad = fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0x80]);
  const segment = fc.oneof({ arbitrary: text.map((t) => [...new TextEncoder().encode(t)]), weight: 4 }, { arbitrary: bad, weight: 1 });

  it('finds them in mostly valid text cut into several reads anywhere, even inside a character', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 4 }), (segments, cutSeeds) => {
        const bytes = Uint8Array.from(segments.flat());
        if (bytes[0] === 0xef) return;
        const cuts = [...new Set(cutSeeds.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
        const checker = new Utf8LineChecker();
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
          checker.feed(bytes.subarray(from, cut));
          from = cut;
        }
        checker.end();
        const want = expected(bytes);
        const lines = bytes.filter((b) => b === 0x0a).length + 1;
        for (let line = 1; line <= lines; line++) expect(checker.take(line), `line ${line}`).toBe(want.get(line));
      }),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
  });

  it('a byte order mark at the start is not counted in the first line', () => {
    const checker = new Utf8LineChecker();
    checker.feed(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41, 0xff]));
    checker.end();
    expect(checker.take(1)).toBe(2);
  });
});
