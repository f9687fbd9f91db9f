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

/** The slot of a fact about a needle in `Presence.facts`. */
export function factSlot(needle: number, place: NeedlePlace): number {
  return (needle << 3) | PLACE_INDEX[place];
}

export class Presence {
  readonly facts: Int32Array;
  /** The needles found in this event, in the order found; the first `count` are valid. */
  readonly found: Int32Array;
  count = 0;
  stamp = 0;

  constructor(needles: number) {
    this.facts = new Int32Array(needles << 3);
    this.found = new Int32Array(needles);
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
    this.facts[slot] = this.stamp;
    this.found[this.count++] = id;
    return true;
  }

  has(id: number, place: NeedlePlace = 'anywhere'): boolean {
    return this.facts[factSlot(id, place)] === this.stamp;
  }

  addStart(id: number): void {
    this.facts[(id << 3) | START] = this.stamp;
  }

  addEnd(id: number): void {
    this.facts[(id << 3) | END] = this.stamp;
  }

  addWhole(id: number): void {
    this.facts[(id << 3) | WHOLE] = this.stamp;
  }

  /**
   * Records one occurrence of a term needle at [from, to) in `value`. A boundary is checked
   * only where the needle's own edge character is alphanumeric; since folding keeps
   * alphanumerics alphanumeric, the value's characters at the edges tell.
   */
  addTermOccurrence(id: number, value: string, from: number, to: number): void {
    const left = !isAlnum(value.charCodeAt(from)) || from === 0 || !isAlnum(value.charCodeAt(from - 1));
    const right = !isAlnum(value.charCodeAt(to - 1)) || to === value.length || !isAlnum(value.charCodeAt(to));
    const base = id << 3;
    if (left) this.facts[base | TERM_LEFT] = this.stamp;
    if (right) this.facts[base | TERM_RIGHT] = this.stamp;
    if (left && right) this.facts[base | TERM] = this.stamp;
  }
}
