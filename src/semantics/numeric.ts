import type { FieldValue } from '../ir/value.js';

/** A field value read as a number: numbers as they are, decimal strings parsed, else undefined. */
export function toNumber(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

export type NumericComparison = 'lt' | 'lte' | 'gt' | 'gte';

export function compareNumber(op: NumericComparison, left: number, right: number): boolean {
  switch (op) {
    case 'lt':
      return left < right;
    case 'lte':
      return left <= right;
    case 'gt':
      return left > right;
    case 'gte':
      return left >= right;
  }
}
