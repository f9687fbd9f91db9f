import type { FieldValue } from '../ir/value.js';
import { foldAscii } from '../semantics/fold.js';
import { buildAutomata, type Needle, type NeedleAutomaton } from './aho-corasick.js';
import { placeBit, placesRead, TERM_PLACES, type Presence } from './presence.js';
import { DEFAULT_MEMO_LIMITS, ScanMemo, type MemoLimits } from './scan-memo.js';

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
  private needles = 0;

  /** The id of a (field, folded needle); the same pair always gets the same id. */
  idOf(field: string, folded: string): number {
    let needles = this.fields.get(field);
    if (!needles) this.fields.set(field, (needles = new Map()));
    let id = needles.get(folded);
    if (id === undefined) needles.set(folded, (id = this.needles++));
    return id;
  }

  /** How many needles have been registered: ids are 0 .. count - 1. */
  get count(): number {
    return this.needles;
  }

  /**
   * Freezes the needles registered so far into per-field scanners. `reads` names the fact
   * slots (presence.ts) anything will read; the others are not recorded. Each field keeps a
   * memo of recent values (scan-memo.ts) unless `memo` is false.
   */
  build(options: ScannerOptions = {}): PresenceScanner {
    const reads = options.reads ?? (() => true);
    const memo = options.memo ?? DEFAULT_MEMO_LIMITS;
    const scanners = [...this.fields].map(([field, needles]) =>
      fieldScanner(field, [...needles].map(([text, id]) => ({ text, id, places: placesRead(id, reads) })), memo),
    );
    return new PresenceScanner(scanners, this.needles);
  }
}

export interface ScannerOptions {
  /** Whether a fact slot is ever read; by default every fact is recorded. */
  readonly reads?: (slot: number) => boolean;
  readonly memo?: MemoLimits | false;
}

/** Longer needles are searched with `indexOf`: a transition table for them would be too large. */
const AUTOMATON_NEEDLE_LIMIT = 256;

interface FieldScanner {
  readonly field: string;
  readonly automata: readonly NeedleAutomaton[];
  readonly long: readonly Needle[];
  readonly memo: ScanMemo | undefined;
}

function fieldScanner(field: string, needles: readonly Needle[], memo: MemoLimits | false): FieldScanner {
  return {
    field,
    automata: buildAutomata(needles.filter((n) => n.text.length <= AUTOMATON_NEEDLE_LIMIT)),
    long: needles.filter((n) => n.text.length > AUTOMATON_NEEDLE_LIMIT),
    memo: memo === false ? undefined : new ScanMemo(memo),
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
      if (typeof value === 'string') scanScalar(scanner, value, presence);
      else if (typeof value === 'number' || typeof value === 'boolean') scanScalar(scanner, String(value), presence);
      // An array's elements share their needles' facts, so one element's facts alone are not
      // all it set: arrays are scanned, never memoised.
      else for (const element of value) scanValue(scanner, element, presence);
    }
  }
}

/** A field's only value: its needles are new in this event, so its facts can be recorded. */
function scanScalar(scanner: FieldScanner, value: string, presence: Presence): void {
  const memo = scanner.memo;
  if (memo === undefined) return scanValue(scanner, value, presence);
  const known = memo.lookup(value);
  if (known !== undefined) return presence.replay(known);
  if (!memo.admit(value)) return scanValue(scanner, value, presence);
  const before = presence.count;
  scanValue(scanner, value, presence);
  memo.remember(value, presence.recordSince(before));
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
  if (at === 0 && (n.places & placeBit('start')) !== 0) presence.addStart(n.id);
  if ((n.places & placeBit('end')) !== 0 && folded.endsWith(n.text)) presence.addEnd(n.id);
  if ((n.places & placeBit('whole')) !== 0 && folded.length === n.text.length) presence.addWhole(n.id);
  const terms = n.places & TERM_PLACES;
  for (; terms !== 0 && at >= 0; at = folded.indexOf(n.text, at + 1)) presence.addTermOccurrence(n.id, folded, at, at + n.text.length, terms);
}
