import type { ItemValue, SigmaItem, SigmaLogic } from './emit-logic.js';

/**
 * Lays a detection out the way SigmaHQ rules read (sigma.md "Detection", "Condition grammar"):
 * what must hold goes into `selection` identifiers, what must not into `filter_main_*`, and
 * the condition reads `selection and not 1 of filter_main_*`. A search identifier holds a map
 * (ANDed) or a list of maps (ORed), so any and / or of items without negation inside fits one
 * identifier; negations and deeper nesting are spelled out in the condition.
 */
export interface Layout {
  /** Each search identifier's name and search, in the order they are written. */
  readonly identifiers: readonly (readonly [string, Search])[];
  readonly condition: string;
}

/** A search map: its items are ANDed (the layout gives each item a key of its own). */
export type Map = readonly SigmaItem[];
/** What one search identifier holds: a map, or a list of maps (ORed). */
export type Search = Map | readonly Map[];

/*
 * The functions below are written for the optimising compiler as much as for the reader: a
 * rule set is laid out mostly while they are being compiled, and compiling a function costs
 * in proportion to what it holds. So they use plain indexed loops (no callbacks, spreads or
 * closures, each of which the compiler expands in place), and the rarer cases are functions
 * of their own, compiled only if they turn out hot.
 */

/** The logic must not be a constant (the caller writes those). */
export function layOut(logic: SigmaLogic): Layout {
  const parts = logic.t === 'and' ? logic.items : [logic];

  // Plain items and maps of the top-level conjunction share one selection where keys allow.
  const merged: SigmaItem[][] = [];
  const positives: Search[] = [];
  const filters: Search[] = [];
  const complex: SigmaLogic[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as SigmaLogic;
    const asMap = mapOf(part);
    if (asMap) {
      addToMaps(merged, asMap);
      continue;
    }
    const search = alternativesOf(part);
    if (search) {
      positives.push(search);
      continue;
    }
    const negated = part.t === 'not' ? searchOf(part.item) : undefined;
    if (negated) filters.push(negated);
    else complex.push(part);
  }
  // The merged maps come first.
  const selections: readonly Search[] = merged.length === 0 ? positives : (merged as Search[]).concat(positives);
  return complex.length === 0 ? flatLayout(selections, filters) : nestedLayout(selections, filters, complex);
}

/** Selections and filters only: `selection and not filter_main_x`, or `all of` / `1 of` patterns. */
function flatLayout(positives: readonly Search[], filters: readonly Search[]): Layout {
  const ids = new Identifiers();
  const single = positives.length === 1;
  for (let i = 0; i < positives.length; i++) {
    const s = positives[i] as Search;
    ids.add(s, 'selection', single ? undefined : hintOf(s));
  }
  const firstFilter = ids.entries.length;
  for (let i = 0; i < filters.length; i++) {
    const s = filters[i] as Search;
    ids.add(s, 'filter_main', hintOf(s));
  }
  let condition = '';
  if (positives.length === 1) condition = (ids.entries[0] as readonly [string, Search])[0];
  else if (positives.length > 1) condition = 'all of selection_*';
  const filterTerm = filters.length === 1 ? `not ${(ids.entries[firstFilter] as readonly [string, Search])[0]}` : filters.length > 1 ? 'not 1 of filter_main_*' : '';
  if (filterTerm !== '') condition = condition === '' ? filterTerm : `${condition} and ${filterTerm}`;
  return { identifiers: ids.entries, condition };
}

/** Nested negations or alternatives: every identifier is named in the condition. */
function nestedLayout(positives: readonly Search[], filters: readonly Search[], complex: readonly SigmaLogic[]): Layout {
  const ids = new Identifiers();
  let condition = '';
  for (let i = 0; i < positives.length; i++) condition += (condition === '' ? '' : ' and ') + ids.addNamed(positives[i] as Search, 'selection');
  for (let i = 0; i < filters.length; i++) condition += (condition === '' ? '' : ' and ') + `not ${ids.addNamed(filters[i] as Search, 'filter')}`;
  for (let i = 0; i < complex.length; i++) condition += (condition === '' ? '' : ' and ') + expression(complex[i] as SigmaLogic, 'and', ids);
  return { identifiers: ids.entries, condition };
}

/**
 * The identifiers written so far, with unique names: a second `selection_cli` is
 * `selection_cli_2`. A name is its prefix and hint joined by `_`, numbered from the second
 * use of the two; no hint ends in `_` and digits (hintOf), so names of different prefix or hint
 * never meet. Names are told apart by prefix and hint, mostly the same strings every time,
 * rather than as new name strings, which a comparison or a hash first has to read through.
 */
class Identifiers {
  readonly entries: [string, Search][];
  private readonly bases: Base[];

  constructor() {
    this.entries = [];
    this.bases = [];
  }

  /** A new identifier holding the search, named `prefix_hint` (`prefix` without a hint) made unique; its name. */
  add(s: Search, prefix: string, hint: string | undefined): string {
    const base = this.base(prefix, hint);
    base.uses++;
    let name = hint === undefined ? prefix : `${prefix}_${hint}`;
    if (base.uses > 1) name += `_${base.uses}`;
    this.entries.push([name, s]);
    return name;
  }

  /** `prefix_hint`, the hint naming the search's first field. */
  addNamed(s: Search, prefix: string): string {
    return this.add(s, prefix, hintOf(s));
  }

  private base(prefix: string, hint: string | undefined): Base {
    const bases = this.bases;
    for (let i = 0; i < bases.length; i++) {
      const b = bases[i] as Base;
      if (b.prefix === prefix && b.hint === hint) return b;
    }
    const b: Base = { prefix, hint, uses: 0 };
    bases.push(b);
    return b;
  }
}

/** A name identifiers share before they are numbered, and how many have it. */
interface Base {
  readonly prefix: string;
  readonly hint: string | undefined;
  uses: number;
}

function expression(logic: SigmaLogic, context: 'and' | 'or' | 'not', ids: Identifiers): string {
  const search = searchOf(logic);
  if (search) return ids.addNamed(search, 'selection');
  switch (logic.t) {
    case 'not': {
      const inner = searchOf(logic.item);
      if (inner) return `not ${ids.addNamed(inner, 'filter')}`;
      return `not (${expression(logic.item, 'not', ids)})`;
    }
    case 'and':
      return expressions(logic.items, 'and', ids, ' and ');
    case 'or': {
      const text = expressions(logic.items, 'or', ids, ' or ');
      return context === 'or' ? text : `(${text})`;
    }
    case 'item':
    case 'const':
      throw new Error(`sigma layout: unexpected ${logic.t}`);
  }
}

/** The operands' expressions joined by `separator`. */
function expressions(items: readonly SigmaLogic[], context: 'and' | 'or', ids: Identifiers, separator: string): string {
  let text = '';
  for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : separator) + expression(items[i] as SigmaLogic, context, ids);
  return text;
}

/** An item or an and of items whose keys can share one map. */
function mapOf(logic: SigmaLogic): Map | undefined {
  if (logic.t === 'item') return [logic.item];
  if (logic.t !== 'and') return undefined;
  const items: SigmaItem[] = [];
  for (let i = 0; i < logic.items.length; i++) {
    const l = logic.items[i] as SigmaLogic;
    if (l.t !== 'item') return undefined;
    items.push(l.item);
  }
  const out: SigmaItem[][] = [];
  addToMaps(out, items);
  return out.length === 1 ? (out[0] as Map) : undefined;
}

/** A map, or an or of maps: what one search identifier can hold. */
function searchOf(logic: SigmaLogic): Search | undefined {
  return mapOf(logic) ?? alternativesOf(logic);
}

/** An or of maps (searchOf, where mapOf has already said no). */
function alternativesOf(logic: SigmaLogic): Search | undefined {
  if (logic.t !== 'or') return undefined;
  const alternatives: SigmaItem[][] = [];
  // Indexed loops in this file: most of a rule set is emitted before the engine optimises this
  // code, and there a `for...of` step allocates an iterator result.
  for (let i = 0; i < logic.items.length; i++) {
    const am = mapOf(logic.items[i] as SigmaLogic);
    if (!am) return undefined;
    // mapOf makes a new array every time: it is this alternative's own, no copy needed.
    alternatives.push(am as SigmaItem[]);
  }
  return groupSameKey(alternatives);
}

/**
 * Alternatives that are one item on the same key are one item with several values. Values
 * gather in a Set per group (not re-copied per alternative): a rule with thousands of
 * alternatives on one field stays linear.
 */
function groupSameKey(alternatives: readonly SigmaItem[][]): Search {
  const grouped: SigmaItem[][] = [];
  // Made on the first merge: most ors have none.
  let gathered: globalThis.Map<SigmaItem[], Set<ItemValue>> | undefined;
  for (let i = 0; i < alternatives.length; i++) {
    const alt = alternatives[i] as SigmaItem[];
    const only = alt.length === 1 ? (alt[0] as SigmaItem) : undefined;
    let into: SigmaItem[] | undefined;
    if (only && !only.modifiers.includes('all')) {
      for (let j = 0; j < grouped.length && into === undefined; j++) {
        const g = grouped[j] as SigmaItem[];
        if (g.length === 1 && sameKey(g[0] as SigmaItem, only) && !(g[0] as SigmaItem).modifiers.includes('all')) into = g;
      }
    }
    if (into && only) {
      gathered ??= new globalThis.Map();
      gatherValues(gathered, into, only);
    } else grouped.push(alt);
  }
  if (gathered !== undefined) writeGathered(gathered);
  return grouped.length === 1 ? (grouped[0] as Map) : grouped;
}

/** Adds an item's values to those gathered for the group `into` (starting from the group's own). */
function gatherValues(gathered: globalThis.Map<SigmaItem[], Set<ItemValue>>, into: SigmaItem[], only: SigmaItem): void {
  const values = gathered.get(into) ?? new Set((into[0] as SigmaItem).values);
  for (let j = 0; j < only.values.length; j++) values.add(only.values[j] as ItemValue);
  gathered.set(into, values);
}

/** Each group's one item, with the values gathered for it. */
function writeGathered(gathered: globalThis.Map<SigmaItem[], Set<ItemValue>>): void {
  gathered.forEach((values, group) => {
    const first = group[0] as SigmaItem;
    group[0] = { field: first.field, modifiers: first.modifiers, values: [...values] };
  });
}

/**
 * Adds items to the first map where their key is free; a key taken by an item with one value
 * (or under `all`) takes another such item as one more value under `all` (both must hold).
 */
function addToMaps(maps: SigmaItem[][], items: readonly SigmaItem[]): void {
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as SigmaItem;
    let placed = false;
    for (let j = 0; j < maps.length; j++) {
      const map = maps[j] as SigmaItem[];
      let at = -1;
      for (let k = 0; k < map.length && at < 0; k++) if (sameKey(map[k] as SigmaItem, it)) at = k;
      if (at < 0) {
        map.push(it);
        placed = true;
        break;
      }
      const existing = map[at] as SigmaItem;
      if (conjunctive(existing) && conjunctive(it)) {
        map[at] = bothOf(existing, it);
        placed = true;
        break;
      }
    }
    if (!placed) maps.push([it]);
  }
}

/** One item on the key of two conjunctive items: all values of both must hold. */
function bothOf(existing: SigmaItem, it: SigmaItem): SigmaItem {
  const values = dedupe([...existing.values, ...it.values]);
  const base = existing.modifiers.filter((m) => m !== 'all');
  return { field: existing.field, modifiers: values.length > 1 && !base.includes('exists') ? [...base, 'all'] : base, values };
}

/** One value, or several under `all`: the item is the and of its values. */
function conjunctive(i: SigmaItem): boolean {
  return i.values.length === 1 || i.modifiers.includes('all');
}

/** Same field and the same modifiers apart from `all` (compared in place: this runs for every pair of items). */
function sameKey(a: SigmaItem, b: SigmaItem): boolean {
  if (a.field !== b.field) return false;
  const am = a.modifiers;
  const bm = b.modifiers;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < am.length && am[i] === 'all') i++;
    while (j < bm.length && bm[j] === 'all') j++;
    if (i === am.length || j === bm.length) return i === am.length && j === bm.length;
    if (am[i] !== bm[j]) return false;
    i++;
    j++;
  }
}

function dedupe(values: readonly ItemValue[]): ItemValue[] {
  return [...new Set(values)];
}

export function isMapList(s: Search): s is readonly Map[] {
  return s.length > 0 && Array.isArray(s[0]);
}

const HINTS: Readonly<Record<string, string>> = {
  Image: 'img',
  OriginalFileName: 'ofn',
  CommandLine: 'cli',
  ParentImage: 'parent',
  ParentCommandLine: 'parent_cli',
  User: 'user',
  TargetObject: 'target',
  Details: 'details',
  Hashes: 'hashes',
  TargetFilename: 'target',
  ImageLoaded: 'loaded',
  DestinationIp: 'dst_ip',
  DestinationPort: 'dst_port',
  DestinationHostname: 'dst_host',
  SourceIp: 'src_ip',
  SourcePort: 'src_port',
  EventID: 'event',
};

/**
 * The name of a search's first field, short: a HINTS word, else its letters and digits in
 * lower case. Either way letters, digits and `_`, never ending in `_` and digits (Identifiers
 * counts on it), so an identifier name is a plain YAML key.
 */
function hintOf(s: Search): string {
  const first = isMapList(s) ? (s[0] as Map)[0] : s[0];
  const field = first?.field ?? 'any';
  return (Object.prototype.hasOwnProperty.call(HINTS, field) ? HINTS[field] : undefined) ?? field.replace(/[^A-Za-z0-9]+/g, '').toLowerCase();
}
