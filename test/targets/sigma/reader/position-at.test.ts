import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineCounter } from 'yaml';
import { readFastYaml } from '../../../../src/targets/sigma/yaml-fast.js';
import { YamlDocumentReader } from '../../../../src/targets/sigma/yaml-nodes.js';
import { fuzzRuns, fuzzSeed } from '../../../property/fuzz-config.js';
import { sigmaLikeYaml } from './yaml-documents.js';

/**
 * The reader finds a position from the line of the last one asked (yaml-nodes.ts positionAt);
 * whatever the order offsets are asked in, it must answer what the library's LineCounter
 * answers from the same line starts.
 */
function readers(text: string): { reader: YamlDocumentReader; library: LineCounter } | undefined {
  const fast = readFastYaml(text);
  if (!fast) return undefined;
  const lines = new LineCounter();
  lines.lineStarts = [...fast.lineStarts];
  const library = new LineCounter();
  library.lineStarts = [...fast.lineStarts];
  return { reader: new YamlDocumentReader('x.yml', text, null, lines), library };
}

describe('positions from the last line asked are the library line counter positions', () => {
  it('on generated Sigma-like files, offsets asked in any order (outside the text too)', () => {
    let read = 0;
    fc.assert(
      fc.property(sigmaLikeYaml(false), fc.array(fc.integer({ min: -5, max: 1 << 16 }), { maxLength: 60 }), (text, raw) => {
        const both = readers(text);
        if (!both) return;
        read++;
        // Mostly ascending runs with jumps back and far ahead, as a reader asks.
        const offsets = raw.map((r, i) => (i % 3 === 0 ? r % (text.length + 3) : Math.min(text.length + 2, (raw[i - 1] ?? 0) % (text.length + 1) + (r % 40))));
        for (const offset of offsets) {
          const clamped = Math.max(0, Math.min(offset, text.length));
          expect(both.reader.positionAt(offset), `offset ${offset}`).toEqual(both.library.linePos(clamped));
        }
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed(7131) },
    );
    expect(read).toBeGreaterThan(0);
  });

  it.each([
    ['a: 1\n', [0, 3, 5, 4, 0, 99]],
    ['a: 1\nb:\n  - x\n  - y\n\n# c\nd: 2\n', [0, 5, 9, 13, 30, 31, 8, 2, 18, 19, 20, 21, 22, 23, 24, 25]],
    ['\n\n\n\n\n\n\n\n\n\n\n\n\n\n\na: 1', [15, 0, 14, 15, 7, 18]],
  ] as const)('%j', (text, offsets) => {
    const both = readers(text);
    expect(both).toBeDefined();
    for (const offset of offsets) expect(both?.reader.positionAt(offset)).toEqual(both?.library.linePos(Math.min(offset, text.length)));
  });
});
