import type { FieldValue, JsonValue } from '../../ir/value.js';
import type { KqlColumnType } from './tables.js';
import { parseInstant } from '../../semantics/instant.js';

/**
 * Kusto's scalar values as the evaluator holds them. Strings are never null (kql.md, "Nulls");
 * every other type can be. `dynamic` arrays hold values; nested arrays flatten where `in` and
 * `has_any` read them.
 */
export interface DateTimeValue {
  readonly type: 'datetime';
  readonly ms: number;
}
export interface TimespanValue {
  readonly type: 'timespan';
  readonly ms: number;
}
export type KValue = null | string | number | boolean | DateTimeValue | TimespanValue | readonly KValue[];

export const datetime = (ms: number): DateTimeValue => ({ type: 'datetime', ms });
export const timespanValue = (ms: number): TimespanValue => ({ type: 'timespan', ms });

export function isDateTime(v: KValue): v is DateTimeValue {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && (v as DateTimeValue).type === 'datetime';
}
export function isTimespan(v: KValue): v is TimespanValue {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && (v as TimespanValue).type === 'timespan';
}

/** ISO-8601 as Kusto writes it: whole seconds without a fraction (`2026-11-20T11:00:00Z`). */
export function isoText(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '';
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Kusto's `tostring()`: null → "", datetimes in ISO-8601, arrays as JSON. */
export function toText(v: KValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isDateTime(v)) return isoText(v.ms);
  if (isTimespan(v)) return `${v.ms}ms`;
  return JSON.stringify(toJson(v));
}

export function toJson(v: KValue): JsonValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (isDateTime(v)) return isoText(v.ms);
  if (isTimespan(v)) return toText(v);
  return (v as readonly KValue[]).map(toJson);
}

export function toFieldValue(v: KValue): FieldValue {
  const j = toJson(v);
  if (Array.isArray(j)) return j.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return j as FieldValue;
}

/** Nested arrays flattened (kql.md: `in`, `has_any` flatten their lists). */
export function flatten(items: readonly KValue[]): KValue[] {
  const out: KValue[] = [];
  const visit = (v: KValue): void => {
    if (Array.isArray(v)) (v as readonly KValue[]).forEach(visit);
    else out.push(v);
  };
  items.forEach(visit);
  return out;
}

/**
 * A Kusto datetime: ISO-8601, `T` or a space between date and time, UTC unless the text says
 * otherwise (Kusto has no local time). The one parser every target shares.
 */
export const parseDateTime = parseInstant;

/** A JSON cell read as a column of a known type; a missing cell is `""` for strings, null otherwise. */
export function readCell(value: JsonValue | undefined, type: KqlColumnType | undefined): KValue {
  if (type === 'string') return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (value === undefined || value === null) return type === undefined ? '' : null;
  switch (type) {
    case 'datetime': {
      if (typeof value === 'number') return datetime(value);
      const ms = typeof value === 'string' ? parseDateTime(value) : undefined;
      return ms === undefined ? null : datetime(ms);
    }
    case 'long':
    case 'int':
    case 'real': {
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && /^\s*-?[0-9]+(\.[0-9]+)?\s*$/.test(value)) return Number(value);
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : null;
    default:
      return fromJson(value);
  }
}

export function fromJson(value: JsonValue): KValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(fromJson);
  return JSON.stringify(value);
}
