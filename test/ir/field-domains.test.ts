import { describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../src/ir/event-kind.js';
import { REFUSED, typedField, typedFieldsOf } from '../../src/ir/field-domains.js';
import { FIELDS_BY_KIND } from '../../src/ir/fields.js';
import type { FieldValue } from '../../src/ir/value.js';

/**
 * The largest value each number field holds in every schema an event is projected into:
 * - process ids: Sysmon ProcessId / ParentProcessId are win:UInt32 (Sysmon's manifest, printed
 *   by `sysmon -s`), Defender ProcessId / InitiatingProcessId long, ECS process.pid /
 *   process.parent.pid long — the narrowest is 2^32 - 1;
 * - ports: Sysmon SourcePort / DestinationPort are win:UInt16, Defender LocalPort / RemotePort
 *   int, ECS source.port / destination.port long — the narrowest is 2^16 - 1.
 * A number field added to the taxonomy fails the first test until its range is known here.
 */
const NUMBER_FIELD_MAX: Readonly<Record<string, number>> = {
  'process.pid': 4294967295,
  'process.parent.pid': 4294967295,
  'source.port': 65535,
  'destination.port': 65535,
};

const numberFields = [...new Set(Object.values(FIELDS_BY_KIND).flatMap((specs) => specs.filter((s) => s.type === 'number').map((s) => s.name)))];

describe('typed fields', () => {
  it('every number field of the taxonomy has its range from the schemas', () => {
    expect(numberFields.sort()).toEqual(Object.keys(NUMBER_FIELD_MAX).sort());
  });

  it.each(EVENT_KINDS)('%s: every number and datetime field is checked, no text field is', (kind) => {
    const expected = FIELDS_BY_KIND[kind].filter((s) => s.type === 'number' || s.type === 'datetime').map((s) => s.name);
    expect(typedFieldsOf(kind).map((f) => f.name)).toEqual(expected);
  });

  const cases = EVENT_KINDS.flatMap((kind) => FIELDS_BY_KIND[kind].filter((s) => s.type === 'number').map((s) => [kind, s.name, NUMBER_FIELD_MAX[s.name]!] as const));

  describe.each(cases)('%s %s (0 to %i)', (kind, name, max) => {
    const field = typedField(kind, name)!;
    // A JSON number is its value: 12.0 and 1.2e1 are 12. Digit text is Sysmon's rendering of the
    // number and is read as it; null is a missing field.
    it.each([
      [0, 0],
      [4, 4],
      [12.0, 12],
      [1.2e1, 12],
      [max, max],
      ['4', 4],
      ['0', 0],
      [String(max), max],
      [null, null],
    ] as [FieldValue, FieldValue][])('accepts %j as %j', (value, held) => {
      expect(field.read(value)).toEqual(held);
    });

    it.each([
      [max + 1, 'beyond the narrowest schema'],
      [String(max + 1), 'text beyond it'],
      [-1, 'negative: no schema has a negative id or port'],
      ['-1', 'negative text'],
      [12.5, 'not whole'],
      [1e20, 'far beyond'],
      ['abc', 'no number'],
      ['', 'empty text'],
      [' 12', 'a space'],
      ['+12', 'a sign'],
      ['0012', 'leading zeros, which Sysmon never writes'],
      ['12.0', 'a decimal point in text'],
      ['1e3', 'an exponent in text'],
      ['12345678901', 'more digits than any 32-bit number'],
      [true, 'a boolean'],
      [['1', '2'], 'several values'],
    ] as [FieldValue, string][])('refuses %j (%s)', (value) => {
      expect(field.read(value)).toBe(REFUSED);
    });
  });

  describe.each(EVENT_KINDS)('%s @timestamp', (kind) => {
    const field = typedField(kind, '@timestamp')!;
    it.each([
      '2026-11-20T10:00:00Z',
      '2026-11-20T10:00:00.123456Z',
      // Sysmon's UtcTime spelling; zone-less is UTC (semantics/instant.ts).
      '2026-11-20 10:00:00.000',
      '2026-11-20T12:00:00+02:00',
      '2026-11-20',
      '2024-02-29T00:00:00Z',
      // Milliseconds since 1970, as Elasticsearch's epoch_millis reads a date.
      Date.UTC(2026, 10, 20, 10),
      0,
      null,
    ] as FieldValue[])('accepts %j as it is', (value) => {
      expect(field.read(value)).toBe(value);
    });

    it.each([
      'yesterday',
      '',
      '2026-13-20T10:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-04-31T10:00:00Z',
      '2026-11-20T24:00:00Z',
      // Beyond the ±8.64e15 ms a JavaScript Date holds.
      8.64e15 + 1,
      true,
      ['2026-11-20T10:00:00Z'],
    ] as FieldValue[])('refuses %j', (value) => {
      expect(field.read(value)).toBe(REFUSED);
    });
  });

  it('leaves text fields alone: a number in process.name reads as its JSON text by design', () => {
    expect(typedField('process_creation', 'process.name')).toBeUndefined();
    expect(typedField('process_creation', 'process.args')).toBeUndefined();
  });
});
