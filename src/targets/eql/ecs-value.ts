import type { JsonObject, JsonValue } from '../../ir/value.js';
import { foldRepeated } from '../../semantics/fold.js';
import { toNumber } from '../../semantics/numeric.js';

/**
 * Values as EQL sees them in an ECS document. A field is read from nested objects or from
 * dotted keys (`{"process": {"name": ..}}` and `{"process.name": ..}` are the same field);
 * a multi-valued field is an array, and every predicate on it holds when any element does
 * (eql.md "Nulls and arrays"). A missing field, or one holding an object, is null.
 */
export type EqlScalar = string | number | boolean | null;
export type EqlValue = EqlScalar | readonly EqlScalar[];

export function readEcsField(doc: JsonObject, name: string): EqlValue {
  return fieldReader(name)(doc);
}

/** A reader for one field, split once; the common all-nested path is tried before the general search. */
export function fieldReader(name: string): (doc: JsonObject) => EqlValue {
  const parts = name.split('.');
  return (doc) => {
    let node: JsonValue | undefined = doc;
    for (const p of parts) {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, p)) {
        node = undefined;
        break;
      }
      node = (node as JsonObject)[p];
    }
    const v = node !== undefined ? node : lookup(doc, parts, 0);
    return v === undefined ? null : toEqlValue(v);
  };
}

function lookup(obj: JsonObject, parts: readonly string[], from: number): JsonValue | undefined {
  // The longest dotted key first: `{"process.name": x}` beats nothing, and keys may mix forms.
  for (let to = parts.length; to > from; to--) {
    const key = parts.slice(from, to).join('.');
    if (!Object.prototype.hasOwnProperty.call(obj, key)) continue;
    const v = obj[key] as JsonValue;
    if (to === parts.length) return v;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const found = lookup(v as JsonObject, parts, to);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function toEqlValue(v: JsonValue): EqlValue {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const out: EqlScalar[] = [];
    const flat = (x: JsonValue, depth: number): void => {
      if (Array.isArray(x)) {
        if (depth < 8) for (const y of x) flat(y, depth + 1);
      } else if (x === null || typeof x !== 'object') out.push(x);
    };
    flat(v, 0);
    return out;
  }
  return null;
}

/** The alternatives a value offers a predicate: an array's elements, a scalar itself. */
export function alternatives(v: EqlValue): readonly EqlScalar[] {
  return Array.isArray(v) ? (v as readonly EqlScalar[]) : [v as EqlScalar];
}

/** Text of a scalar for string operators; numbers and booleans read as their JSON text. */
export function textOf(v: EqlScalar): string | undefined {
  if (v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** `==` between two non-null scalars, case-sensitive unless `insensitive` (ASCII folding). */
export function scalarEquals(a: EqlScalar, b: EqlScalar, insensitive: boolean): boolean {
  if (a === null || b === null) return false;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : toNumber(a);
    const y = typeof b === 'number' ? b : toNumber(b);
    if (x !== undefined && y !== undefined) return x === y;
  }
  const s = String(a);
  const t = String(b);
  return insensitive ? foldRepeated(s) === foldRepeated(t) : s === t;
}

/** `<` `<=` `>` `>=`: numbers numerically (a numeric string counts), strings by code unit. */
export function scalarCompare(a: EqlScalar, b: EqlScalar): number | undefined {
  if (a === null || b === null) return undefined;
  if (typeof a === 'number' || typeof b === 'number') {
    const x = typeof a === 'number' ? a : toNumber(a);
    const y = typeof b === 'number' ? b : toNumber(b);
    if (x === undefined || y === undefined) return undefined;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}
