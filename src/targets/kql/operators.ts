import { foldRepeated } from '../../semantics/fold.js';
import { termMatch } from '../../semantics/term.js';
import { flatten, isDateTime, isTimespan, toText, type KValue } from './values.js';

/**
 * Kusto's operators on values (kql.md): string operators fold ASCII only, `has` is the term
 * model of semantics/term.ts, strings are never null, and comparisons with null are null
 * except `==` (false) and `!=` (true).
 */
export type Tri = boolean | null;

// Rows repeat their values and queries their needles: see foldRepeated.
const fold = foldRepeated;

/** A string operator word, without its `!`: true/false on two strings. */
export function stringOperator(op: string): ((value: string, needle: string) => boolean) | undefined {
  switch (op) {
    case 'contains':
      return (v, n) => fold(v).includes(fold(n));
    case 'contains_cs':
      return (v, n) => v.includes(n);
    case 'startswith':
      return (v, n) => fold(v).startsWith(fold(n));
    case 'startswith_cs':
      return (v, n) => v.startsWith(n);
    case 'endswith':
      return (v, n) => fold(v).endsWith(fold(n));
    case 'endswith_cs':
      return (v, n) => v.endsWith(n);
    case 'has':
      return (v, n) => termMatch(fold(v), fold(n), 'both');
    case 'has_cs':
      return (v, n) => termMatch(v, n, 'both');
    case 'hasprefix':
      return (v, n) => termMatch(fold(v), fold(n), 'left');
    case 'hasprefix_cs':
      return (v, n) => termMatch(v, n, 'left');
    case 'hassuffix':
      return (v, n) => termMatch(fold(v), fold(n), 'right');
    case 'hassuffix_cs':
      return (v, n) => termMatch(v, n, 'right');
    default:
      return undefined;
  }
}

function orderable(v: KValue): number | string | undefined {
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && (isDateTime(v) || isTimespan(v))) return v.ms;
  return undefined;
}

/** Equality as `==` reads it: strings case-sensitive, numbers by value, datetimes by instant. */
export function equal(a: KValue, b: KValue): Tri {
  if (a === null || b === null) return null;
  const x = orderable(a);
  const y = orderable(b);
  if (typeof x === 'number' && typeof y === 'number') return x === y;
  return toText(a) === toText(b);
}

export function compare(op: string, a: KValue, b: KValue): Tri {
  switch (op) {
    case '==':
      return equal(a, b) === true;
    case '!=':
      return equal(a, b) !== true;
    case '=~':
      return a !== null && b !== null && fold(toText(a)) === fold(toText(b));
    case '!~':
      return !(a !== null && b !== null && fold(toText(a)) === fold(toText(b)));
    default:
      break;
  }
  const x = a === null ? undefined : orderable(a);
  const y = b === null ? undefined : orderable(b);
  if (x === undefined || y === undefined) return null;
  if (typeof x !== typeof y) return null;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      throw new Error(`not a comparison: ${op}`);
  }
}

/** `in`/`in~` and their negations over a flattened list. */
export function setMembership(op: string, left: KValue, items: readonly KValue[]): Tri {
  const negated = op.startsWith('!');
  const insensitive = op.endsWith('~');
  if (left === null) return negated;
  const flat = flatten(items);
  const leftText = insensitive ? fold(toText(left)) : toText(left);
  const found = flat.some((item) => {
    if (item === null) return false;
    if (typeof left === 'number' && typeof item === 'number') return left === item;
    return (insensitive ? fold(toText(item)) : toText(item)) === leftText;
  });
  return negated ? !found : found;
}

/** `has_any` / `has_all`: `has` against any / every element of the flattened list. */
export function hasSet(op: 'has_any' | 'has_all', left: KValue, items: readonly KValue[]): Tri {
  const value = fold(toText(left));
  const needles = flatten(items).map((i) => fold(toText(i)));
  return op === 'has_any' ? needles.some((n) => termMatch(value, n, 'both')) : needles.every((n) => termMatch(value, n, 'both'));
}

export function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

export function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

export function asTri(v: KValue): Tri {
  return typeof v === 'boolean' ? v : null;
}

export function arithmetic(op: string, a: KValue, b: KValue): KValue {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') {
    switch (op) {
      case '+':
        return a + b;
      case '-':
        return a - b;
      case '*':
        return a * b;
      case '/':
        return b === 0 ? null : a / b;
      case '%':
        return b === 0 ? null : a % b;
    }
  }
  const am = isDateTime(a) || isTimespan(a) ? a.ms : undefined;
  const bm = isDateTime(b) || isTimespan(b) ? b.ms : undefined;
  if (am === undefined || bm === undefined) return null;
  if (op === '+' && isDateTime(a) && isTimespan(b)) return { type: 'datetime', ms: am + bm };
  if (op === '-' && isDateTime(a) && isTimespan(b)) return { type: 'datetime', ms: am - bm };
  if (op === '-' && isDateTime(a) && isDateTime(b)) return { type: 'timespan', ms: am - bm };
  if (isTimespan(a) && isTimespan(b) && (op === '+' || op === '-')) return { type: 'timespan', ms: op === '+' ? am + bm : am - bm };
  return null;
}
