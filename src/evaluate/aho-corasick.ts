/**
 * Aho–Corasick over UTF-16 code units: one left-to-right pass over a value finds every needle
 * of a set that occurs in its ASCII-folded form (semantics/fold.ts), however many needles there
 * are, without building the folded string. The rule set uses it to learn, per event and
 * field, which of all its rules' literal needles are present — anywhere, at the start, at the
 * end, or as the whole value — so that a predicate on a needle is decided, or known false,
 * without looking at the value again.
 *
 * The automaton is a full transition table (a DFA) over character classes: every code unit that
 * occurs in some needle has a class, every other code unit shares class 0. The table has
 * states × classes entries, so needle sets are split into several automata before it grows
 * past TABLE_LIMIT (a set of 100 rules needs a few thousand states).
 *
 * The scan is one dependent load per code unit, so the table is laid out for that chain: an
 * entry holds the successor's row offset (state << shift, rows padded to a power of two) rather
 * than its number, and is negative (the offset's complement) when a needle ends in the
 * successor or on its failure chain. Most steps are thus an add and a load, with no multiply
 * and no second lookup to ask whether anything was found.
 */
import { placeBit, TERM_PLACES, type Presence, type PlaceSet } from './presence.js';

export interface Needle {
  readonly text: string;
  readonly id: number;
  /**
   * The facts to record about it (presence.ts); `anywhere` always is. With a term place,
   * every occurrence's boundaries are looked at, not just the first occurrence.
   */
  readonly places: PlaceSet;
}

const TABLE_LIMIT = 1 << 21;
const START = placeBit('start');
const END = placeBit('end');
const WHOLE = placeBit('whole');
/** In `terms`: a term needle ends at the state or down its failure chain (the low bits are the own needle's term places). */
const CHAIN_TERM = 0x80;

export class NeedleAutomaton {
  private readonly ascii = new Int32Array(128);
  private readonly wide = new Map<number, number>();
  private readonly classes: number;
  /** log2 of the row stride: the smallest power of two that holds `classes` entries. */
  private readonly shift: number;
  /** Row offset + class → the successor's row offset, complemented when it reports (see above). */
  private readonly delta: Int32Array;
  /** Per state: the needle id ending exactly there, or -1. */
  private readonly idAt: Int32Array;
  /** Per state: the id ending there if its `start` fact is wanted, or -1; likewise `whole`. */
  private readonly startAt: Int32Array;
  private readonly wholeAt: Int32Array;
  /** Like `report` and `next`, through the states whose needle's `end` fact is wanted only. */
  private readonly endReport: Int32Array;
  private readonly endNext: Int32Array;
  /** Per state: the first state on its failure chain (itself included) where a needle ends, or -1. */
  private readonly report: Int32Array;
  /** Per state with a needle: the next state with a needle on its failure chain, or -1. */
  private readonly next: Int32Array;
  /** Per state: the length of the text it stands for. */
  private readonly depth: Int32Array;
  /** Per state: the term places wanted of the needle ending there, and CHAIN_TERM when a term needle ends there or on its failure chain. */
  private readonly terms: Uint8Array;

  constructor(needles: readonly Needle[]) {
    let classes = 1;
    for (const n of needles) {
      for (let i = 0; i < n.text.length; i++) {
        const c = n.text.charCodeAt(i);
        if (this.classOf(c) === 0) {
          if (c < 128) this.ascii[c] = classes++;
          else this.wide.set(c, classes++);
        }
      }
    }
    // Needles are ASCII-folded; giving A–Z the class of a–z folds the scanned text on the fly.
    for (let c = 65; c <= 90; c++) this.ascii[c] = this.ascii[c + 32]!;
    this.classes = classes;
    this.shift = 32 - Math.clz32(classes - 1);
    const trie = buildTrie(needles, (c) => this.classOf(c));
    const states = trie.idAt.length;
    this.idAt = Int32Array.from(trie.idAt);
    this.depth = Int32Array.from(trie.depth);
    this.terms = new Uint8Array(states);
    this.startAt = new Int32Array(states).fill(-1);
    this.wholeAt = new Int32Array(states).fill(-1);
    for (const n of needles) {
      const state = trie.stateOf.get(n.id)!;
      const terms = n.places & TERM_PLACES;
      if (terms !== 0) this.terms[state] = terms | CHAIN_TERM;
      if ((n.places & START) !== 0) this.startAt[state] = n.id;
      if ((n.places & WHOLE) !== 0) this.wholeAt[state] = n.id;
    }
    this.delta = new Int32Array(states << this.shift);
    this.report = new Int32Array(states).fill(-1);
    this.next = new Int32Array(states).fill(-1);
    this.endReport = new Int32Array(states).fill(-1);
    this.endNext = new Int32Array(states).fill(-1);
    const endAt = new Uint8Array(states);
    for (const n of needles) if ((n.places & END) !== 0) endAt[trie.stateOf.get(n.id)!] = 1;
    this.link(trie.children, endAt);
  }

  /**
   * Records in `presence` every needle that occurs in `foldAscii(value)`, and which of them
   * occur at its start, at its end, or are the whole of it.
   */
  scan(value: string, presence: Presence): void {
    const { ascii, wide, shift, delta, startAt, depth } = this;
    const length = value.length;
    if (length === 0) return;
    let row = 0;
    let i = 0;
    // While no failure link has been taken, the state spells the value's prefix read so far, and
    // a needle ending there starts the value. That holds for a few code units at most, so it
    // has its own loop and the main loop below does not ask.
    let onPrefix = true;
    while (i < length) {
      const c = value.charCodeAt(i++);
      row = delta[row + (c < 128 ? ascii[c]! : (wide.get(c) ?? 0))]!;
      const found = row < 0;
      if (found) row = ~row;
      const state = row >> shift;
      if (depth[state] !== i) {
        onPrefix = false;
        if (found) this.record(state, value, i, presence);
        break;
      }
      if (startAt[state]! >= 0) presence.addStart(startAt[state]!);
      if (found) this.record(state, value, i, presence);
    }
    while (i < length) {
      const c = value.charCodeAt(i++);
      row = delta[row + (c < 128 ? ascii[c]! : (wide.get(c) ?? 0))]!;
      if (row < 0) {
        row = ~row;
        this.record(row >> shift, value, i, presence);
      }
    }
    // Every needle on the final state's chain ends where the value ends.
    const state = row >> shift;
    const { endReport, endNext, idAt, wholeAt } = this;
    for (let t = endReport[state]!; t >= 0; t = endNext[t]!) presence.addEnd(idAt[t]!);
    if (onPrefix && wholeAt[state]! >= 0) presence.addWhole(wholeAt[state]!);
  }

  /** The needles that end at `state` (itself or down its failure chain), `end` units into `value`. */
  private record(state: number, value: string, end: number, presence: Presence): void {
    const { idAt, report, next, depth, terms } = this;
    const first = report[state]!;
    if ((terms[state]! & CHAIN_TERM) === 0) {
      // A needle already marked under this stamp had its whole chain marked with it.
      for (let t = first; t >= 0; t = next[t]!) if (!presence.add(idAt[t]!)) break;
    } else {
      // Term needles need every occurrence: a later one may have the boundaries.
      for (let t = first; t >= 0; t = next[t]!) {
        presence.add(idAt[t]!);
        const places = terms[t]! & TERM_PLACES;
        if (places !== 0) presence.addTermOccurrence(idAt[t]!, value, end - depth[t]!, end, places);
      }
    }
  }

  private classOf(c: number): number {
    return c < 128 ? this.ascii[c]! : (this.wide.get(c) ?? 0);
  }

  /** Breadth-first: failure links, the full transition table and the output chains (`endAt`: the states whose `end` is wanted). */
  private link(children: readonly Map<number, number>[], endAt: Uint8Array): void {
    const { classes, shift, idAt, report, next, endReport, endNext, terms } = this;
    const fail = new Int32Array(idAt.length);
    // By state number first; rewritten below as complemented row offsets where a state reports.
    const delta = new Int32Array(idAt.length * classes);
    const queue: number[] = [];
    for (const [cls, child] of children[0]!) {
      delta[cls] = child;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      const below = report[f]!;
      report[s] = idAt[s]! >= 0 ? s : below;
      if (idAt[s]! >= 0) next[s] = below;
      endReport[s] = endAt[s] === 1 ? s : endReport[f]!;
      if (endAt[s] === 1) endNext[s] = endReport[f]!;
      terms[s] = terms[s]! | (terms[f]! & CHAIN_TERM);
      const kids = children[s]!;
      for (let cls = 0; cls < classes; cls++) {
        const child = kids.get(cls);
        if (child === undefined) {
          delta[s * classes + cls] = delta[f * classes + cls]!;
        } else {
          delta[s * classes + cls] = child;
          fail[child] = delta[f * classes + cls]!;
          queue.push(child);
        }
      }
    }
    for (let s = 0; s < idAt.length; s++) {
      for (let cls = 0; cls < classes; cls++) {
        const to = delta[s * classes + cls]!;
        this.delta[(s << shift) + cls] = report[to]! >= 0 ? ~(to << shift) : to << shift;
      }
    }
  }
}

interface Trie {
  readonly idAt: number[];
  readonly depth: number[];
  readonly children: Map<number, number>[];
  /** Needle id → the state it ends at. */
  readonly stateOf: Map<number, number>;
}

function buildTrie(needles: readonly Needle[], classOf: (c: number) => number): Trie {
  const idAt = [-1];
  const depth = [0];
  const stateOf = new Map<number, number>();
  const children: Map<number, number>[] = [new Map()];
  for (const n of needles) {
    let s = 0;
    for (let i = 0; i < n.text.length; i++) {
      const cls = classOf(n.text.charCodeAt(i));
      let child = children[s]!.get(cls);
      if (child === undefined) {
        child = idAt.length;
        idAt.push(-1);
        depth.push(i + 1);
        children.push(new Map());
        children[s]!.set(cls, child);
      }
      s = child;
    }
    idAt[s] = n.id;
    stateOf.set(n.id, s);
  }
  return { idAt, depth, children, stateOf };
}

/**
 * Automata for a needle set, split so that no transition table exceeds `limit` entries.
 * The estimate (total length + 1 states, rows for distinct code units + 1 classes) bounds the real size.
 */
export function buildAutomata(needles: readonly Needle[], limit = TABLE_LIMIT): NeedleAutomaton[] {
  if (needles.length === 0) return [];
  if (needles.length === 1 || estimate(needles) <= limit) return [new NeedleAutomaton(needles)];
  const half = needles.length >> 1;
  return [...buildAutomata(needles.slice(0, half), limit), ...buildAutomata(needles.slice(half), limit)];
}

function estimate(needles: readonly Needle[]): number {
  let states = 1;
  const units = new Set<number>();
  for (const n of needles) {
    states += n.text.length;
    for (let i = 0; i < n.text.length; i++) units.add(n.text.charCodeAt(i));
  }
  // Rows are padded to a power of two (see NeedleAutomaton).
  return states * 2 ** (32 - Math.clz32(units.size));
}
