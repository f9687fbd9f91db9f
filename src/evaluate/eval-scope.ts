import type { FieldValue } from '../ir/value.js';
import { foldAscii } from '../semantics/fold.js';
import { stringsOf } from './field-value.js';

/** What a compiled condition reads: a field's value and the event's kind. */
export interface EvalScope {
  readonly kind: string;
  get(field: string): FieldValue | undefined;
  /** The field's values, ASCII-folded; scopes cache it so a field folds once per event. */
  getFolded(field: string): readonly string[] | undefined;
}

/** Hands out needle ids for (field, folded needle) pairs (needle-presence.ts `NeedleIndex`). */
export interface NeedleGate {
  idOf(field: string, folded: string): number;
}

export type CompiledCondition = (scope: EvalScope) => boolean;

export type ListResolver = (name: string) => readonly string[];

/** A scope over a field reader that folds each field at most once. */
export function makeScope(kind: string, get: (field: string) => FieldValue | undefined): EvalScope {
  let cache: Map<string, readonly string[] | undefined> | undefined;
  return {
    kind,
    get,
    getFolded(field) {
      cache ??= new Map();
      if (cache.has(field)) return cache.get(field);
      const strings = stringsOf(get(field));
      const folded = strings?.map(foldAscii);
      cache.set(field, folded);
      return folded;
    },
  };
}
