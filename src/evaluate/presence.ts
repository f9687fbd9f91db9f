import { isAlnum } from '../semantics/fold.js';

/**
 * Per-event facts about the needles of a rule set (needle-presence.ts): a needle is present
 * anywhere in a value, at its start, at its end, as the whole value, and — for needles used by
 * term operators — as a term (semantics/term.ts: both boundaries, the left one only, the right
 * one only). For an array field each fact holds when it holds for some element, as every
 * predicate reads arrays.
 *
 * All facts live in one table, eight slots per needle (`factSlot`), so that a program
 * (decision.ts) tests any of them with the same instruction. The table is stamped with the
 * event's number: starting the next event forgets the last one without clearing anything.
 *
 * After the needles' slots come fact groups: a group holds when any of its facts does, and is
 * marked when one of them is first set in an event. A rule's alternatives (`values: [...]`, a
 * named list, an `or` of lookups) are then one lookup however long, and the cost is paid where
 * facts are found — a few per event — instead of by every rule that asks about them.
 */
export type NeedlePlace = 'anywhere' | 'start' | 'end' | 'whole' | 'term' | 'termLeft' | 'termRight';

const PLACE_INDEX: Readonly<Record<NeedlePlace, number>> = { anywhere: 0, start: 1, end: 2, whole: 3, term: 4, termLeft: 5, termRight: 6 };
const ANYWHERE = 0;
const START = 1;
const END = 2;
const WHOLE = 3;
const TERM = 4;
const TERM_LEFT = 5;
const TERM_RIGHT = 6;

/**
 * Which facts about a needle a rule set reads, one bit per place (bit `PLACE_INDEX[place]`).
 * A scanner sets only those (and always `anywhere`, which candidate selection and every other
 * fact rest on): a rule set that never asks whether a needle starts a value does not pay for
 * recording that it does.
 */
export type PlaceSet = number;
export const ALL_PLACES: PlaceSet = 0x7f;
/** The places a term operator reads. */
export const TERM_PLACES: PlaceSet = (1 << TERM) | (1 << TERM_LEFT) | (1 << TERM_RIGHT);

export function placeBit(place: NeedlePlace): PlaceSet {
  return 1 << PLACE_INDEX[place];
}

/** The places of `needle` whose slots `reads` names. */
export function placesRead(needle: number, reads: (slot: number) => boolean): PlaceSet {
  let places = 1 << ANYWHERE;
  for (let p = 0; p < 7; p++) if (reads((needle << 3) | p)) places |= 1 << p;
  return places;
}

/** The slot of a fact about a needle in `Presence.facts`. */
export function factSlot(needle: number, place: NeedlePlace): number {
  return (needle << 3) | PLACE_INDEX[place];
}

/** The slot of fact group `group` in a table for `needles` needles. */
export function groupSlot(needles: number, group: number): number {
  return (needles << 3) + group;
}

export class Presence {
  readonly facts: Int32Array;
  /** The needles found in this event, in the order found; the first `count` are valid. */
  readonly found: Int32Array;
  count = 0;
  stamp = 0;
  /** Per fact slot, its groups' slots: `groupSlots[groupsFrom[slot] .. groupsFrom[slot + 1])`. */
  private readonly groupsFrom: Int32Array;
  private readonly groupSlots: Int32Array;

  /** `groups`: each group's fact slots. */
  constructor(needles: number, groups: readonly (readonly number[])[] = []) {
    const slots = needles << 3;
    this.facts = new Int32Array(slots + groups.length);
    this.found = new Int32Array(needles);
    const of: number[][] = Array.from({ length: slots }, () => []);
    groups.forEach((facts, g) => {
      for (const slot of new Set(facts)) of[slot]!.push(groupSlot(needles, g));
    });
    this.groupsFrom = new Int32Array(slots + 1);
    for (let slot = 0; slot < slots; slot++) this.groupsFrom[slot + 1] = this.groupsFrom[slot]! + of[slot]!.length;
    this.groupSlots = Int32Array.from(of.flat());
  }

  begin(): void {
    if (this.stamp === 0x7fffffff) {
      this.facts.fill(0);
      this.stamp = 0;
    }
    this.stamp++;
    this.count = 0;
  }

  /** Records a needle as present; false when it already was in this event. */
  add(id: number): boolean {
    const slot = (id << 3) | ANYWHERE;
    if (this.facts[slot] === this.stamp) return false;
    this.mark(slot);
    this.found[this.count++] = id;
    return true;
  }

  has(id: number, place: NeedlePlace = 'anywhere'): boolean {
    return this.facts[factSlot(id, place)] === this.stamp;
  }

  /** Whether group `group` (of a table for `needles` needles) holds. */
  hasGroup(needles: number, group: number): boolean {
    return this.facts[groupSlot(needles, group)] === this.stamp;
  }

  addStart(id: number): void {
    this.mark((id << 3) | START);
  }

  addEnd(id: number): void {
    this.mark((id << 3) | END);
  }

  addWhole(id: number): void {
    this.mark((id << 3) | WHOLE);
  }

  /**
   * Records one occurrence of a term needle at [from, to) in `value`, setting those of its
   * term facts that are in `places`. A boundary is checked only where the needle's own edge
   * character is alphanumeric; since folding keeps alphanumerics alphanumeric, the value's
   * characters at the edges tell.
   */
  addTermOccurrence(id: number, value: string, from: number, to: number, places: PlaceSet): void {
    const base = id << 3;
    // An occurrence with both boundaries has set every term fact wanted: later ones cannot add any.
    if (this.facts[base | TERM] === this.stamp) return;
    const left = !isAlnum(value.charCodeAt(from)) || from === 0 || !isAlnum(value.charCodeAt(from - 1));
    const right = !isAlnum(value.charCodeAt(to - 1)) || to === value.length || !isAlnum(value.charCodeAt(to));
    if (left && (places & (1 << TERM_LEFT)) !== 0) this.mark(base | TERM_LEFT);
    if (right && (places & (1 << TERM_RIGHT)) !== 0) this.mark(base | TERM_RIGHT);
    // Set even when unread, as the early return's witness that nothing is left to find.
    if (left && right) this.mark(base | TERM);
  }

  /**
   * The facts set since `found` held `before` needles, with the groups they set, in the form
   * `replay` takes: [needle count, needle ids..., fact and group slots...]. Only whole when
   * those needles were all new then, as they are after one scalar value of a field whose
   * needles no other field shares (needle-presence.ts); every fact implies its needle's
   * `anywhere` fact, so it is found through `found`.
   */
  recordSince(before: number): Int32Array {
    const { facts, stamp, found, groupsFrom, groupSlots } = this;
    const ids = this.count - before;
    const slots: number[] = [];
    for (let k = before; k < this.count; k++) {
      const base = found[k]! << 3;
      for (let slot = base; slot < base + 8; slot++) {
        if (facts[slot] !== stamp) continue;
        slots.push(slot);
        const end = groupsFrom[slot + 1]!;
        for (let g = groupsFrom[slot]!; g < end; g++) slots.push(groupSlots[g]!);
      }
    }
    const record = new Int32Array(1 + ids + slots.length);
    record[0] = ids;
    record.set(found.subarray(before, this.count), 1);
    record.set(slots, 1 + ids);
    return record;
  }

  /** Sets what `recordSince` recorded, as if the value it came from were scanned again. */
  replay(record: Int32Array): void {
    const { facts, stamp, found } = this;
    const ids = record[0]! + 1;
    let count = this.count;
    for (let k = 1; k < ids; k++) found[count++] = record[k]!;
    this.count = count;
    for (let k = ids; k < record.length; k++) facts[record[k]!] = stamp;
  }

  /** Sets a fact, and on its first setting in this event, every group it belongs to. */
  private mark(slot: number): void {
    const { facts, stamp, groupsFrom, groupSlots } = this;
    if (facts[slot] === stamp) return;
    facts[slot] = stamp;
    const end = groupsFrom[slot + 1]!;
    for (let k = groupsFrom[slot]!; k < end; k++) facts[groupSlots[k]!] = stamp;
  }
}
