import { describe, expect, it } from 'vitest';
import { importDate } from '../../src/rule/import-date.js';

// The reproducible-builds convention: SOURCE_DATE_EPOCH is whole seconds since 1970-01-01 UTC.
describe('the date an imported rule gets', () => {
  it.each([
    ['0', '1970-01-01'],
    ['86399', '1970-01-01'],
    ['86400', '1970-01-02'],
    ['1700000000', '2023-11-14'], // 2023-11-14T22:13:20Z
    ['253402300799', '9999-12-31'],
  ])('SOURCE_DATE_EPOCH=%s is %s', (epoch, day) => {
    expect(importDate({ SOURCE_DATE_EPOCH: epoch })).toBe(day);
  });

  it.each(['-1', '1.5', '1e9', ' 5', 'tomorrow', '253402300800'])('SOURCE_DATE_EPOCH=%j is refused', (epoch) => {
    expect(() => importDate({ SOURCE_DATE_EPOCH: epoch })).toThrow(/SOURCE_DATE_EPOCH/);
  });

  it('without the variable it is today (UTC)', () => {
    const before = new Date().toISOString().slice(0, 10);
    const day = importDate({});
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(day);
  });
});
