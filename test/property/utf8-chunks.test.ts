import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Utf8ChunkDecoder } from '../../src/events/utf8-chunks.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The chunk decoder's contract with the NDJSON reader: however the bytes are cut into reads,
 * the text has a line per byte line, and each line that is valid UTF-8 reads as a strict
 * decoder reads it (a line with bad bytes is refused by the reader, whatever it decodes to).
 */
const runs = fuzzRuns(300);
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const text = fc.string({ unit: fc.constantFrom('a', '\n', 'é', '€', '😀', '\uFEFF', '\uFFFD'), maxLength: 30 });
const bad = fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf0, 0x9f], [0x80]);
const segment = fc.oneof({ arbitrary: text.map((t) => [...new TextEncoder().encode(t)]), weight: 3 }, { arbitrary: bad, weight: 1 });

function byteLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  return lines;
}

describe('Utf8ChunkDecoder', () => {
  it('keeps lines apart and decodes valid lines exactly, across any cuts', () => {
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 5 }), (segments, cutSeeds) => {
        const bytes = Uint8Array.from(segments.flat());
        const cuts = [...new Set(cutSeeds.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
        const decoder = new Utf8ChunkDecoder();
        let decoded = '';
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
          decoded += decoder.decode(bytes.slice(from, cut));
          from = cut;
        }
        decoded += decoder.end();
        const lines = decoded.split('\n');
        const expected = byteLines(bytes);
        expect(lines.length).toBe(expected.length);
        expected.forEach((line, i) => {
          let valid: string | undefined;
          try {
            valid = strict.decode(line);
          } catch {
            valid = undefined;
          }
          if (valid !== undefined) expect(lines[i], `line ${i + 1}`).toBe(valid);
        });
      }),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
  });
});
