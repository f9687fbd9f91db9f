import { isInstantText } from '../semantics/instant.js';
import { perKind, type EventKind } from './event-kind.js';
import { FIELDS_BY_KIND, type FieldSpec } from './fields.js';
import type { FieldValue } from './value.js';

/**
 * The values a typed field (fields.ts: `number`, `datetime`) may hold in an event: those every
 * schema a logical event is projected into can hold. A value outside them is an event no source
 * writes, and each target would do its own thing with it (Defender's long column reads the text
 * "0012" as 12 where the rule model reads the text, Sysmon has no place for a boolean, a
 * negative pid or a 70000th port), so it is refused where events come in — NDJSON
 * (events/logical-event.ts) and a rule's test events (rule/convert-tests.ts) — and the check
 * synthesises no such event (check/boundary-events.ts). Text fields are not typed here: a
 * number there reads as its JSON text by design.
 *
 * Numbers: a whole number from 0 to the largest value the narrowest schema holds, written as a
 * JSON number (12, 12.0 and 1.2e1 are one number) or as the decimal digits Sysmon renders in
 * its event data (`<Data Name="ProcessId">4410</Data>`: no sign, no leading zero, no space),
 * which is read as the number so that every target sees the number its schema holds.
 *   - process ids: Sysmon `ProcessId` / `ParentProcessId` are `win:UInt32` (its manifest,
 *     `sysmon -s`), Defender `ProcessId` / `InitiatingProcessId` are long, ECS `process.pid` /
 *     `process.parent.pid` long: 0 to 4294967295;
 *   - ports: Sysmon `SourcePort` / `DestinationPort` are `win:UInt16`, Defender `LocalPort` /
 *     `RemotePort` int, ECS `source.port` / `destination.port` long: 0 to 65535.
 * Times: what the reference reads as an instant (semantics/instant.ts: an ISO-8601 date or
 * date-time, zone-less meaning UTC, which covers Sysmon's `UtcTime` spelling), or a JSON number
 * of milliseconds since 1970 as Elasticsearch's `epoch_millis` reads a date, within the range a
 * JavaScript Date holds (±8.64e15 ms).
 * Null is a missing field (README "Missing fields and nulls") and is always accepted.
 */

/** Returned by `read` for a value the field cannot hold. */
export const REFUSED: unique symbol = Symbol('refused');
export type Refused = typeof REFUSED;

export interface TypedField {
  readonly name: string;
  /** What the field accepts, as the error message says it. */
  readonly accepts: string;
  /**
   * The value as the logical event holds it — the same value, or digit text as its number —
   * or REFUSED. Allocates nothing: it runs on every event read.
   */
  readonly read: (value: FieldValue) => FieldValue | Refused;
  /**
   * Whether some value the field holds reads as this text where a rule compares text with it
   * (README "Missing fields and nulls": a number compares as its JSON text), so whether
   * `equals` with it can ever be true. Rule values are checked with it (rule/typed-value-lint.ts).
   */
  readonly holdsText: (text: string) => boolean;
  /**
   * The numbers `lt`..`gte` can see in the field (semantics/numeric.ts reads a value as a
   * number): every held value lies in [min, max]; `everyValue` when each held value reads as
   * one (a time written as ISO-8601 text does not).
   */
  readonly numbers: { readonly min: number; readonly max: number; readonly everyValue: boolean };
}

const UINT16_MAX = 0xffff;
const UINT32_MAX = 0xffffffff;

/** The largest value of each number field (see above for the sources). */
const NUMBER_MAX: ReadonlyMap<string, number> = new Map([
  ['process.pid', UINT32_MAX],
  ['process.parent.pid', UINT32_MAX],
  ['source.port', UINT16_MAX],
  ['destination.port', UINT16_MAX],
]);

/** The largest magnitude of a JavaScript Date's time value (ECMA-262 "Time Values and Time Range"). */
const MAX_TIME_MS = 8.64e15;

/** The decimal digits of a whole number as Sysmon writes it: no sign, no leading zero, at most ten digits. */
const DIGITS = /^(?:0|[1-9][0-9]{0,9})$/;

function numberField(name: string, max: number): TypedField {
  return {
    name,
    accepts: `a whole number from 0 to ${max} (a JSON number, or its decimal digits as text)`,
    read: (value) => {
      if (value === null) return null;
      if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value <= max ? value : REFUSED;
      if (typeof value === 'string' && DIGITS.test(value)) {
        const n = Number(value);
        return n <= max ? n : REFUSED;
      }
      return REFUSED;
    },
    // A held number's JSON text is exactly the digits DIGITS accepts.
    holdsText: (text) => DIGITS.test(text) && Number(text) <= max,
    numbers: { min: 0, max, everyValue: true },
  };
}

function datetimeField(name: string): TypedField {
  return {
    name,
    accepts: 'an ISO-8601 date or date-time such as 2026-11-20T10:00:00Z (without a zone it is UTC), or a JSON number of milliseconds since 1970',
    read: (value) => {
      if (value === null) return null;
      if (typeof value === 'string') return isInstantText(value) ? value : REFUSED;
      if (typeof value === 'number') return Math.abs(value) <= MAX_TIME_MS ? value : REFUSED;
      return REFUSED;
    },
    // Instant text as it is, or the JSON text of a number of milliseconds (1.7e12 is written
    // 1700000000000 there, so only that spelling can ever be equal to it).
    holdsText: (text) => isInstantText(text) || (text !== '' && String(Number(text)) === text && Math.abs(Number(text)) <= MAX_TIME_MS),
    numbers: { min: -MAX_TIME_MS, max: MAX_TIME_MS, everyValue: false },
  };
}

function typedFieldOf(spec: FieldSpec): TypedField | undefined {
  switch (spec.type) {
    case 'string':
    case 'string[]':
      return undefined;
    case 'number': {
      const max = NUMBER_MAX.get(spec.name);
      // A number field added to the taxonomy needs its range, from the schemas, here.
      if (max === undefined) throw new Error(`field-domains.ts: no range for the number field ${spec.name}`);
      return numberField(spec.name, max);
    }
    case 'datetime':
      return datetimeField(spec.name);
  }
}

const typedOf = (kind: EventKind): readonly TypedField[] => FIELDS_BY_KIND[kind].map(typedFieldOf).filter((f): f is TypedField => f !== undefined);
const TYPED_BY_KIND = perKind(typedOf);

/** The typed (not text) fields of a kind, in taxonomy order: what an event of that kind has checked. */
export function typedFieldsOf(kind: EventKind): readonly TypedField[] {
  return TYPED_BY_KIND[kind];
}

/** The typed field of that name on that kind, or undefined for a text field or an unknown name. */
export function typedField(kind: EventKind, name: string): TypedField | undefined {
  return TYPED_BY_KIND[kind].find((f) => f.name === name);
}

/**
 * The typed field of that name on the first of those kinds that has it (a field's domain is the
 * same on every kind that has it), or undefined.
 */
export function typedFieldIn(kinds: readonly EventKind[], name: string): TypedField | undefined {
  for (const kind of kinds) {
    const field = typedField(kind, name);
    if (field !== undefined) return field;
  }
  return undefined;
}

/**
 * The value as an event of that kind holds it in that field (digit text in a number field as
 * its number), or REFUSED; a text field or a name outside the taxonomy holds any value as is.
 */
export function heldValue(kind: EventKind, name: string, value: FieldValue): FieldValue | Refused {
  const field = typedField(kind, name);
  return field === undefined ? value : field.read(value);
}

/** The error for a value the field refuses: the field, what it accepts, the value as written (JSON or YAML text). */
export function refusalMessage(field: TypedField, written: string): string {
  const got = written.length > 60 ? `${written.slice(0, 57)}...` : written;
  return `\`${field.name}\` must be ${field.accepts}; got ${got}`;
}
