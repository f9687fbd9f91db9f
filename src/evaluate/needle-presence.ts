import type { FieldValue } from '../ir/value.js';
import { foldAscii } from '../semantics/fold.js';
import { buildAutomata, type Needle, type NeedleAutomaton } from './aho-corasick.js';
import type { Presence } from './presence.js';

/**
 * The literal needles of a rule set, one id per distinct (field, ASCII-folded needle). Per
 * event, `PresenceScanner.mark` records where each needle occurs in its field's folded value
 * (presence.ts; numbers and booleans are read as their JSON text, as field-value.ts reads
 * them) with one Aho–Corasick pass per field, however many rules share it.
 *
 * Presence is a fact about folded text, so it is a *necessary* condition for every literal
 * string test on that needle, sensitive ones included: ASCII folding maps each code unit on its
 * own, so a raw value containing a raw needle folds to one containing the folded needle, in
 * the same place. For the case-insensitive operators it is the whole test.
 */
export class NeedleIndex {
  private readonly fields = new Map<string, Map<string, number>>();
  private readonly terms = new Set<number>();
  private needles = 0;

  /** The id of a (field, folded needle); the same pair always gets the same id. */
  idOf(field: string, folded: string, usedAsTerm = false): number {
    let needles = this.fields.get(field);
    if (!needles) this.fields.set(field, (needles = new Map()));
    let id = needles.get(folded);
    if (id === undefined) needles.set(folded, (id = this.needles++));
    if (usedAsTerm) this.terms.add(id);
    return id;
  }

  /** Freezes the needles registered so far into per-field scanners. */
  build(): PresenceScanner {
    const scanners = [...this.fields].map(([field, needles]) =>
      fieldScanner(field, [...needles].map(([text, id]) => ({ text, id, term: this.terms.has(id) }))),
    );
    return new PresenceScanner(scanners, this.needles);
  }
}

/** Longer needles are searched with `indexOf`: a transition table for them would be too large. */
const AUTOMATON_NEEDLE_LIMIT = 256;

interface FieldScanner {
  readonly field: string;
  readonly automata: readonly NeedleAutomaton[];
  readonly long: readonly Needle[];
}

function fieldScanner(field: string, needles: readonly Needle[]): FieldScanner {
  return {
    field,
    automata: buildAutomata(needles.filter((n) => n.text.length <= AUTOMATON_NEEDLE_LIMIT)),
    long: needles.filter((n) => n.text.length > AUTOMATON_NEEDLE_LIMIT),
  };
}

/** Reads a field's raw value from the current event. */
export type FieldReader = (field: string) => FieldValue | undefined;

export class PresenceScanner {
  constructor(
    private readonly scanners: readonly FieldScanner[],
    readonly needles: number,
  ) {}

  /** Starts a new event on `presence` and records every needle present in it. */
  mark(read: FieldReader, presence: Presence): void {
    presence.begin();
    for (const scanner of this.scanners) {
      const value = read(scanner.field);
      if (value === undefined || value === null) continue;
      if (typeof value === 'string') scanValue(scanner, value, presence);
      else if (typeof value === 'number' || typeof value === 'boolean') scanValue(scanner, String(value), presence);
      else for (const element of value) scanValue(scanner, element, presence);
    }
  }
}

/** The automata fold as they scan; only the rare long needle needs the folded string. */
function scanValue({ automata, long }: FieldScanner, value: string, presence: Presence): void {
  for (const a of automata) a.scan(value, presence);
  if (long.length === 0) return;
  const folded = foldAscii(value);
  for (const n of long) scanLong(n, folded, presence);
}

function scanLong(n: Needle, folded: string, presence: Presence): void {
  let at = folded.indexOf(n.text);
  if (at < 0) return;
  presence.add(n.id);
  if (at === 0) presence.addStart(n.id);
  if (folded.endsWith(n.text)) presence.addEnd(n.id);
  if (folded.length === n.text.length) presence.addWhole(n.id);
  for (; n.term && at >= 0; at = folded.indexOf(n.text, at + 1)) presence.addTermOccurrence(n.id, folded, at, at + n.text.length);
}
