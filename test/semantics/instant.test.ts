import { describe, expect, it } from 'vitest';
import { parseInstant } from '../../src/semantics/instant.js';

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
