/**
 * What a Sigma detection says, before it is laid out into search identifiers: items
 * (`Field|mod|mod: values`) combined with and / or / not. The layout (emit-layout.ts) turns
 * this into identifiers and a condition; the predicate writer (emit-predicate.ts) makes it.
 */
export type ItemValue = string | number | boolean | null;

export interface SigmaItem {
  readonly field: string;
  readonly modifiers: readonly string[];
  /** Strings are written in Sigma's value syntax already (escape.ts); several are ORed, or ANDed under `all`. */
  readonly values: readonly ItemValue[];
}

export type SigmaLogic =
  | { readonly t: 'item'; readonly item: SigmaItem }
  | { readonly t: 'and'; readonly items: readonly SigmaLogic[] }
  | { readonly t: 'or'; readonly items: readonly SigmaLogic[] }
  | { readonly t: 'not'; readonly item: SigmaLogic }
  | { readonly t: 'const'; readonly value: boolean };

export const TRUE: SigmaLogic = { t: 'const', value: true };
export const FALSE: SigmaLogic = { t: 'const', value: false };

export function item(field: string, modifiers: readonly string[], values: readonly ItemValue[]): SigmaLogic {
  return { t: 'item', item: { field, modifiers, values } };
}

/** and / or with constants folded and nested same-kind nodes flattened. */
export function join(kind: 'and' | 'or', parts: readonly SigmaLogic[]): SigmaLogic {
  const isAnd = kind === 'and';
  const out: SigmaLogic[] = [];
  // Indexed loops: this runs before the engine optimises it, where `for...of` allocates per step.
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as SigmaLogic;
    if (p.t === 'const') {
      if (p.value === isAnd) continue;
      return p;
    }
    if (p.t === kind) for (let j = 0; j < p.items.length; j++) out.push(p.items[j] as SigmaLogic);
    else out.push(p);
  }
  if (out.length === 0) return isAnd ? TRUE : FALSE;
  if (out.length === 1) return out[0] as SigmaLogic;
  return { t: kind, items: out };
}

export function negate(l: SigmaLogic): SigmaLogic {
  if (l.t === 'const') return { t: 'const', value: !l.value };
  if (l.t === 'not') return l.item;
  return { t: 'not', item: l };
}
