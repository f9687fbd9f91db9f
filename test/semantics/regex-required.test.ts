import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../src/semantics/regex.js';
import { requiredCodePoints } from '../../src/semantics/regex-required.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';
import { portablePattern } from './portable-patterns.js';

/**
 * The characters every match of a regex contains (regex-required.ts). The table follows from
 * RE2's meaning of each construct: a literal outside an optional part must occur; `|` needs only
 * what every alternative needs; `?`, `*`, `{0,n}` may skip their operand; a class of several
 * characters or `.` names no one character.
 */
const cps = (text: string): number[] => [...new Set([...text].map((c) => c.codePointAt(0) as number))].sort((a, b) => a - b);
const of = (pattern: string): number[] | undefined => {
  const set = requiredCodePoints(pattern, false);
  return set === undefined ? undefined : [...set].sort((a, b) => a - b);
};

describe('requiredCodePoints', () => {
  it.each<readonly [string, string | undefined]>([
    ['-1[0-9]{3}\\\\Software', cps('-1\\Software').join()],
    ['abc', cps('abc').join()],
    ['a|b', ''],
    ['(?:ab|cb)', cps('b').join()],
    ['a?b', cps('b').join()],
    ['a*b+', cps('b').join()],
    ['a{2}', cps('a').join()],
    ['a{0,3}', ''],
    ['[x]', cps('x').join()],
    ['[xy]', ''],
    ['[^x]', ''],
    ['.', ''],
    ['\\.', cps('.').join()],
    ['^\\\\$', cps('\\').join()],
    ['(a', undefined],
  ])('%s', (pattern, expected) => {
    const got = of(pattern);
    if (expected === undefined) expect(got).toBeUndefined();
    else expect((got ?? []).join()).toBe(expected);
  });

  it('every value a regex matches contains each character it requires', () => {
    const value = fc.array(fc.constantFrom('a', 'B', 'x', '-', ' ', '.', '\t', '0', '9', 'é', ']', '{', '}'), { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(
      fc.property(portablePattern, fc.array(value, { minLength: 1, maxLength: 8 }), (pattern, values) => {
        const needed = requiredCodePoints(pattern, false);
        if (needed === undefined) return;
        let re;
        try {
          re = compileRegex(pattern);
        } catch {
          return;
        }
        for (const v of values) {
          if (!re.test(v)) continue;
          const present = new Set(cps(v));
          for (const cp of needed) expect(present.has(cp), `${JSON.stringify(pattern)} matched ${JSON.stringify(v)} without U+${cp.toString(16)}`).toBe(true);
        }
      }),
      { numRuns: fuzzRuns(400), seed: fuzzSeed(20261130) },
    );
  });
});
