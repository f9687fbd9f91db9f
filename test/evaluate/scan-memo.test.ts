import { describe, expect, it } from 'vitest';
import { ScanMemo, type MemoLimits } from '../../src/evaluate/scan-memo.js';

/**
 * The memo's bounds and its pause (scan-memo.ts): what it holds never passes `entries` values
 * or `chars` code units, a value longer than a sixteenth of the character budget is never
 * kept, and a window with too few hits makes it stop looking for `pause` values.
 */
const facts = (n: number): Int32Array => Int32Array.of(0, n);
const roomy: MemoLimits = { entries: 100, chars: 1 << 12, window: 1 << 20, minHitRate: 2, pause: 3 };

/** Looks `value` up and, on a miss the memo wants, remembers it as a scanner does. */
function see(memo: ScanMemo, value: string, n = 1): Int32Array | undefined {
  const known = memo.lookup(value);
  if (known === undefined && memo.admit(value)) memo.remember(value, facts(n));
  return known;
}

describe('scan memo', () => {
  it('gives back the facts remembered for a value', () => {
    const memo = new ScanMemo(roomy);
    expect(see(memo, 'sc.exe', 7)).toBeUndefined();
    expect(see(memo, 'net.exe', 8)).toBeUndefined();
    expect(see(memo, 'sc.exe')).toEqual(facts(7));
    expect(see(memo, 'net.exe')).toEqual(facts(8));
  });

  it.each([
    ['entries', { ...roomy, entries: 3 }, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], roomy.chars, 3],
    // Values of two units, the longest a budget of 32 keeps: sixteen fit.
    ['characters', { ...roomy, chars: 32 }, Array.from({ length: 20 }, (_, i) => String.fromCharCode(97 + i).repeat(2)), 32, 16],
  ])('never holds more than its bound of %s', (_bound, limits, values, maxChars, maxSize) => {
    const memo = new ScanMemo(limits);
    for (const v of [...values, ...values]) {
      see(memo, v);
      expect(memo.size).toBeLessThanOrEqual(maxSize);
      expect(memo.heldChars).toBeLessThanOrEqual(maxChars);
    }
    // Full, it started afresh: the last value is held, the first one forgotten.
    expect(memo.lookup(values[values.length - 1]!)).toBeDefined();
    expect(memo.lookup(values[0]!)).toBeUndefined();
  });

  it.each([
    ['fits', 16, true],
    ['is longer than a sixteenth of the budget', 17, false],
  ])('keeps a value that %s', (_what, length, kept) => {
    const memo = new ScanMemo({ ...roomy, chars: 256 });
    const value = 'x'.repeat(length);
    see(memo, value);
    expect(memo.lookup(value) !== undefined).toBe(kept);
  });

  it('stops looking after a window with too few hits, for `pause` values, then looks again', () => {
    const memo = new ScanMemo({ ...roomy, window: 4, minHitRate: 2, pause: 3 });
    // Four lookups, one hit: fewer than one in two.
    for (const v of ['a', 'b', 'c', 'a']) see(memo, v);
    // Paused: it neither finds nor admits anything, and has forgotten what it held.
    expect(memo.size).toBe(0);
    for (let i = 0; i < 3; i++) {
      expect(memo.lookup('a')).toBeUndefined();
      expect(memo.admit('a')).toBe(false);
    }
    expect(see(memo, 'a')).toBeUndefined();
    expect(see(memo, 'a')).toEqual(facts(1));
  });

  it('keeps looking while one lookup in `minHitRate` hits', () => {
    const memo = new ScanMemo({ ...roomy, window: 4, minHitRate: 2, pause: 3 });
    // Two hits in a window of four: exactly one in two, not fewer.
    for (const v of ['a', 'a', 'b', 'a']) see(memo, v);
    expect(memo.lookup('b')).toEqual(facts(1));
  });
});
