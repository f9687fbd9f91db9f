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
  // Most joins have nothing to fold or flatten: the parts as given, no copy.
  if (parts.length > 0 && allPlain(parts, kind)) return parts.length === 1 ? (parts[0] as SigmaLogic) : { t: kind, items: parts };
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

/** No constant and no `kind` node among the parts. */
function allPlain(parts: readonly SigmaLogic[], kind: 'and' | 'or'): boolean {
  for (let i = 0; i < parts.length; i++) {
    const t = (parts[i] as SigmaLogic).t;
    if (t === 'const' || t === kind) return false;
  }
  return true;
}

export function negate(l: SigmaLogic): SigmaLogic {
  if (l.t === 'const') return { t: 'const', value: !l.value };
  if (l.t === 'not') return l.item;
  return { t: 'not', item: l };
}
