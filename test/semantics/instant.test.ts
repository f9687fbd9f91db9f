import { describe, expect, it } from 'vitest';
import { isInstantText, parseInstant } from '../../src/semantics/instant.js';

describe('event times', () => {
  it.each([
    ['2026-11-20T10:00:00Z', Date.UTC(2026, 10, 20, 10)],
    // Zone-less is UTC in Kusto and in Elasticsearch, whatever the machine's zone.
    ['2026-11-20T10:00:00', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20 10:00:00', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20', Date.UTC(2026, 10, 20)],
    ['2026-11-20T10:00:00.250Z', Date.UTC(2026, 10, 20, 10, 0, 0, 250)],
    ['2026-11-20T10:00:00.1234567Z', Date.UTC(2026, 10, 20, 10, 0, 0, 123)],
    // ISO-8601 sets no limit on fraction digits; milliseconds are what is kept.
    ['2026-11-20T10:00:00.1234567890123Z', Date.UTC(2026, 10, 20, 10, 0, 0, 123)],
    ['2026-11-20T12:00:00+02:00', Date.UTC(2026, 10, 20, 10)],
    ['2026-11-20T05:30:00-0430', Date.UTC(2026, 10, 20, 10)],
  ])('%s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2026-13-01', '2026-02-30T00:00:00Z', '2026-11-20T25:00:00Z', '1700000000000'])(
    '%j is not an instant',
    (text) => {
      expect(parseInstant(text)).toBeUndefined();
    },
  );
});

// isInstantText decides the common spelling without building a Date (events stream through it);
// it must accept exactly the texts parseInstant reads, which the cases below and a sweep over
// every part of the common spelling compare.
describe('isInstantText', () => {
  it.each([
    '2026-11-20T10:00:00Z',
    '2026-11-20T10:00:00',
    '2026-11-20 10:00:00.000',
    '2026-11-20t10:00:00z',
    '2026-11-20T10:00:00.1234567Z',
    '2026-11-20T10:00:00 Z',
    '2026-11-20T10:00:00+02:00',
    '2026-11-20',
    '2026-11-20T10:00',
    ' 2026-11-20T10:00:00Z ',
    '2024-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2000-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-12-31T23:59:59Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T10:60:00Z',
    '2026-11-20T10:00:60Z',
    '0099-01-01T00:00:00Z',
    '0100-01-01T00:00:00Z',
    '2026-11-20T10:00:00.Z',
    '2026-11-20T10:00:00ZZ',
    '2026-11-20X10:00:00Z',
    '',
    'yesterday',
    '1700000000000',
  ])('%j: as parseInstant reads it', (text) => {
    expect(isInstantText(text)).toBe(parseInstant(text) !== undefined);
  });

  it('agrees with parseInstant on every month, day, hour, minute and second edge', () => {
    const disagreements: string[] = [];
    for (const year of ['2023', '2024', '2100', '2000'])
      for (let month = 0; month <= 13; month++)
        for (const day of [0, 1, 28, 29, 30, 31, 32])
          for (const [h, m, s] of [[0, 0, 0], [23, 59, 59], [24, 0, 0], [0, 60, 0], [0, 0, 60]] as const) {
            const two = (n: number): string => String(n).padStart(2, '0');
            const text = `${year}-${two(month)}-${two(day)}T${two(h)}:${two(m)}:${two(s)}Z`;
            if (isInstantText(text) !== (parseInstant(text) !== undefined)) disagreements.push(text);
          }
    expect(disagreements).toEqual([]);
  });
});
