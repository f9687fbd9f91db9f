import type { Presence } from './presence.js';

/**
 * Which rules of a set an event can possibly match, found from the needles present in it
 * rather than by asking every rule. Each rule has a trigger: one prefilter clause (a set of
 * needles of which a match needs at least one), or none when nothing is required. Per event,
 * the candidates are the rules without a trigger plus the owners of each needle found; with a
 * hundred rules that is a handful, and the rest are never touched.
 */
export type Trigger = { readonly kind: 'always' } | { readonly kind: 'never' } | { readonly kind: 'needles'; readonly needles: readonly number[] };

interface KindPlan {
  readonly always: Int32Array;
  /**
   * Per needle id, the rules of this kind it triggers: `owners[ownersFrom[id] .. ownersFrom[id + 1])`.
   * Two flat arrays rather than one array per needle, so a lookup touches two compact tables.
   */
  readonly ownersFrom: Int32Array;
  readonly owners: Int32Array;
}

export class RuleCandidates {
  private readonly plans = new Map<string, KindPlan>();
  private readonly stamps: Int32Array;
  private stamp = 0;
  private lastKind: string | undefined;
  private lastPlan: KindPlan | undefined;
  /** The candidates of the last `select`, its first `count` entries. */
  readonly list: Int32Array;
  count = 0;

  constructor(triggers: readonly Trigger[], kinds: readonly (readonly string[])[], needles: number) {
    this.stamps = new Int32Array(triggers.length);
    this.list = new Int32Array(triggers.length);
    for (const kind of new Set(kinds.flat())) {
      const always: number[] = [];
      const owners: number[][] = Array.from({ length: needles }, () => []);
      triggers.forEach((t, rule) => {
        if (!kinds[rule]!.includes(kind)) return;
        if (t.kind === 'always') always.push(rule);
        else if (t.kind === 'needles') for (const n of new Set(t.needles)) owners[n]!.push(rule);
      });
      const ownersFrom = new Int32Array(needles + 1);
      owners.forEach((o, id) => (ownersFrom[id + 1] = ownersFrom[id]! + o.length));
      this.plans.set(kind, { always: Int32Array.from(always), ownersFrom, owners: Int32Array.from(owners.flat()) });
    }
  }

  /** Fills `list` with the rules of `kind` that may match, given the needles found. */
  select(kind: string, presence: Presence): void {
    this.count = 0;
    // A stream's events are mostly of one kind; comparing with the last one is cheaper than
    // hashing each event's fresh kind string.
    if (kind !== this.lastKind) {
      this.lastKind = kind;
      this.lastPlan = this.plans.get(kind);
    }
    const plan = this.lastPlan;
    if (plan === undefined) return;
    if (this.stamp === 0x7fffffff) {
      this.stamps.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const { stamps, list } = this;
    const { always, ownersFrom, owners } = plan;
    let count = 0;
    for (let j = 0; j < always.length; j++) list[count++] = always[j]!;
    const found = presence.found;
    for (let k = 0; k < presence.count; k++) {
      const id = found[k]!;
      const end = ownersFrom[id + 1]!;
      for (let j = ownersFrom[id]!; j < end; j++) {
        const rule = owners[j]!;
        if (stamps[rule] === stamp) continue;
        stamps[rule] = stamp;
        list[count++] = rule;
      }
    }
    this.count = count;
  }
}
