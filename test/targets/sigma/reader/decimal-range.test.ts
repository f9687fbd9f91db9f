import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../../../src/semantics/regex.js';
import { canonicalDecimalAtMost } from '../../../../src/targets/sigma/decimal-range.js';
import { fuzzRuns, fuzzSeed } from '../../../property/fuzz-config.js';

/**
 * The canonical decimals from 0 to a bound, as Sysmon's Details rendering decides "a number":
 * digits only, no leading zero (`0` itself is canonical), at most the bound (taxonomy.ts
 * `renderDetails`: REG_DWORD up to 2^32-1, REG_QWORD up to 2^64-1).
 */
const DWORD_MAX = 0xffffffffn;
const QWORD_MAX = 0xffffffffffffffffn;

const holds = (max: bigint, text: string): boolean => compileRegex(canonicalDecimalAtMost(max)).test(text);

describe('canonicalDecimalAtMost', () => {
  it.each<readonly [bigint, string, boolean]>([
    [DWORD_MAX, '0', true],
    [DWORD_MAX, '1', true],
    [DWORD_MAX, '999999999', true],
    [DWORD_MAX, '4294967295', true],
    [DWORD_MAX, '4294967294', true],
    [DWORD_MAX, '4294967296', false],
    [DWORD_MAX, '9999999999', false],
    [DWORD_MAX, '42949672950', false],
    [DWORD_MAX, '00', false],
    [DWORD_MAX, '01', false],
    [DWORD_MAX, '', false],
    [DWORD_MAX, '+1', false],
    [DWORD_MAX, '1 ', false],
    [QWORD_MAX, '18446744073709551615', true],
    [QWORD_MAX, '18446744073709551616', false],
    [QWORD_MAX, '18446744073709551609', true],
    [0n, '0', true],
    [0n, '1', false],
    [100n, '100', true],
    [100n, '99', true],
    [100n, '101', false],
  ])('at most %s: %j → %s', (max, text, expected) => {
    expect(holds(max, text)).toBe(expected);
  });

  it('holds exactly for the canonical decimals up to the bound (any bound, any number)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 70n }), fc.bigInt({ min: 0n, max: 1n << 70n }), fc.nat({ max: 2 }), (max, n, zeros) => {
        const text = '0'.repeat(zeros) + n.toString(10);
        expect(holds(max, text)).toBe(zeros === 0 && n <= max);
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed(20261130) },
    );
  });
});
