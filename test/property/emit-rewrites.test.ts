import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kustoToRe2, toKustoRegex } from '../../src/targets/kql/regex-dialect.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The emitters' text rewrites are written for speed (slices, early returns, scans by char
 * code). Each is held here against a plain character-by-character statement of the same
 * rule, on text drawn mostly from the characters the rewrite treats specially.
 */

/** Patterns over the characters that matter to a class rewrite, plus some ordinary ones. */
const patternText = fc.string({ unit: fc.constantFrom('\\', '[', ']', '^', 'd', 'D', 'w', 'W', 's', 'S', 'b', 'a', 'x', '.', '*', '(', ')', '-', 'é'), maxLength: 24 });

type ClassMap = Readonly<Record<string, { readonly outside: string; readonly inside?: string }>>;

/** kql.md "Regex dialect": `\d \w \s` and their negations in ASCII, written out in and out of brackets. */
const ASCII: ClassMap = {
  d: { outside: '[0-9]', inside: '0-9' },
  D: { outside: '[^0-9]' },
  w: { outside: '[0-9A-Za-z_]', inside: '0-9A-Za-z_' },
  W: { outside: '[^0-9A-Za-z_]' },
  s: { outside: '[\\t\\n\\f\\r ]', inside: '\\t\\n\\f\\r ' },
  S: { outside: '[^\\t\\n\\f\\r ]' },
};

/** The same classes as Kusto's Rust engine reads them: Unicode-aware. */
const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}';
const SPACE = '\\t\\n\\x{0B}\\f\\r \\x{85}\\p{Z}';
const UNICODE: ClassMap = {
  d: { outside: '\\p{Nd}', inside: '\\p{Nd}' },
  D: { outside: '\\P{Nd}' },
  w: { outside: `[${WORD}]`, inside: WORD },
  W: { outside: `[^${WORD}]` },
  s: { outside: `[${SPACE}]`, inside: SPACE },
  S: { outside: `[^${SPACE}]` },
};

/** One character at a time: an escape is read with its letter, a class from `[` to its `]`. */
function classesByCharacter(pattern: string, map: ClassMap, keepNegatedInside: boolean): string | undefined {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      const entry = Object.prototype.hasOwnProperty.call(map, next) ? map[next] : undefined;
      i++;
      if (!entry) out += ch + next;
      else if (!inClass) out += entry.outside;
      else if (entry.inside !== undefined) out += entry.inside;
      else if (keepNegatedInside) out += ch + next;
      else return undefined;
      continue;
    }
    out += ch;
    if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') {
      inClass = true;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += pattern[++i];
    }
  }
  return out;
}

describe('emitter rewrites agree with a character-by-character statement', () => {
  it('toKustoRegex', () => {
    fc.assert(
      fc.property(patternText, (p) => {
        expect(toKustoRegex(p)).toBe(classesByCharacter(p, ASCII, false));
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });

  it('kustoToRe2', () => {
    fc.assert(
      fc.property(patternText, (p) => {
        expect(kustoToRe2(p)).toBe(classesByCharacter(p, UNICODE, true) ?? p);
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });
});
