import { describe, expect, it } from 'vitest';
import { DistinctStrings } from '../src/distinct-strings.js';

/** DistinctStrings keeps what a Set keeps, in the same order, whether short or long. */
describe('DistinctStrings', () => {
  const many = Array.from({ length: 40 }, (_, i) => `v${i % 25}`);
  it.each<readonly string[]>([[], ['a'], ['a', 'a'], ['b', 'a', 'b', 'c', 'a'], ['', ''], many, [...many].reverse()])('%j', (...input) => {
    const distinct = new DistinctStrings();
    const seen = new Set<string>();
    for (const value of input) {
      expect(distinct.add(value)).toBe(!seen.has(value));
      seen.add(value);
    }
    expect(distinct.values).toEqual([...seen]);
  });
});
