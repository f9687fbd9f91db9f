import { describe, expect, it } from 'vitest';
import { mapPacked } from '../src/packed-map.js';

/** mapPacked is Array.prototype.map (same values, same index argument), built by pushing. */
describe('mapPacked', () => {
  it.each<readonly unknown[]>([[], [1], ['a', 'b', 'c'], [{ x: 1 }, null, undefined, 3]])('%j', (...array) => {
    const fn = (item: unknown, index: number): unknown[] => [item, index];
    expect(mapPacked(array, fn)).toEqual(array.map(fn));
  });

  it('has no holes, even where the values are undefined', () => {
    const out = mapPacked([1, 2, 3], () => undefined);
    expect(out).toHaveLength(3);
    expect(Object.keys(out)).toEqual(['0', '1', '2']);
  });
});
