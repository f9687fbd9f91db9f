/**
 * The needle facts a field's value produced the last time it was scanned, so that a value seen
 * again costs one hash lookup instead of an Aho–Corasick pass. Security telemetry repeats its
 * values heavily — process names, paths, parents, the command lines of services and scheduled
 * tasks — and the facts of a value depend on nothing but the value (needle-presence.ts).
 *
 * Memory never grows with the input: a memo holds at most `entries` values of at most
 * `chars` code units in all, and starts afresh when either bound would be passed. Values longer
 * than a sixteenth of the character budget are never kept, so one huge value cannot flush the
 * rest.
 *
 * Values that never repeat (unique command lines) would only pay for the hashing and the
 * bookkeeping, so the memo watches its own hit rate: over each `window` lookups, if fewer than
 * one in `minHitRate` hit, it stops looking (and forgets what it holds) for `pause` values, then
 * tries again. The facts are the same either way; only the work differs.
 */
export interface MemoLimits {
  /** Most values kept per field. */
  readonly entries: number;
  /** Most code units kept per field, all values together. */
  readonly chars: number;
  /** Lookups per hit-rate check. */
  readonly window: number;
  /** A window with fewer than `window / minHitRate` hits pauses the memo. */
  readonly minHitRate: number;
  /** How many values a paused memo lets through unlooked and unrecorded before it tries again. */
  readonly pause: number;
}

export const DEFAULT_MEMO_LIMITS: MemoLimits = { entries: 4096, chars: 1 << 18, window: 1024, minHitRate: 8, pause: 1 << 18 };

/** A value's facts as presence.ts records and replays them. */
export type RecordedFacts = Int32Array;

/**
 * At most this many slots are probed for a value: past it, the value is neither found nor kept
 * (values that share their sampled code units cost a bounded number of comparisons).
 */
const MAX_PROBES = 8;

export class ScanMemo {
  /*
   * An open-addressing table rather than a Map: a Map hashes every code unit of each value, and
   * an event's values are fresh strings whose hash was never computed, so on a hit the hash
   * cost as much as the Aho–Corasick pass it saves on a short value. Here a value is hashed
   * from its length and a few code units (`sampleHash`), then compared whole.
   */
  private readonly mask: number;
  private readonly hashes: Int32Array;
  private readonly keys: (string | undefined)[];
  private readonly values: (RecordedFacts | undefined)[];
  private held = 0;
  private chars = 0;
  private lookups = 0;
  private hits = 0;
  /** Values still to let through before looking again; 0 while the memo is in use. */
  private paused = 0;

  constructor(private readonly limits: MemoLimits) {
    // At most half full, so a probe sequence ends at an empty slot soon.
    const capacity = 1 << (32 - Math.clz32(Math.max(limits.entries, 1) * 2 - 1));
    this.mask = capacity - 1;
    this.hashes = new Int32Array(capacity);
    this.keys = new Array<string | undefined>(capacity).fill(undefined);
    this.values = new Array<RecordedFacts | undefined>(capacity).fill(undefined);
  }

  /** How many values, and how many code units in all, the memo holds now. */
  get size(): number {
    return this.held;
  }

  get heldChars(): number {
    return this.chars;
  }

  /**
   * The facts recorded for `value`, or undefined; a paused memo finds nothing. After
   * undefined, `admit(value)` tells whether to record the scan and `remember` it.
   */
  lookup(value: string): RecordedFacts | undefined {
    if (this.paused > 0) return undefined;
    const facts = this.find(value);
    if (facts !== undefined) this.hits++;
    if (++this.lookups === this.limits.window) this.checkHitRate();
    return facts;
  }

  private find(value: string): RecordedFacts | undefined {
    const { hashes, keys, mask } = this;
    const hash = sampleHash(value);
    for (let probe = 0, slot = hash & mask; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
      const key = keys[slot];
      if (key === undefined) return undefined;
      if (hashes[slot] === hash && key === value) return this.values[slot];
    }
    return undefined;
  }

  /**
   * Whether a value `lookup` did not find is to be recorded and remembered; asked once per
   * such value, so a paused memo counts its pause here.
   */
  admit(value: string): boolean {
    if (this.paused > 0) {
      this.paused--;
      return false;
    }
    return value.length <= this.limits.chars >> 4;
  }

  remember(value: string, facts: RecordedFacts): void {
    const { entries, chars } = this.limits;
    if (this.held >= entries || this.chars + value.length > chars) this.forget();
    const { hashes, keys, mask } = this;
    const hash = sampleHash(value);
    for (let probe = 0, slot = hash & mask; probe < MAX_PROBES; probe++, slot = (slot + 1) & mask) {
      if (keys[slot] !== undefined) continue;
      hashes[slot] = hash;
      keys[slot] = value;
      this.values[slot] = facts;
      this.held++;
      this.chars += value.length;
      return;
    }
  }

  private checkHitRate(): void {
    if (this.hits * this.limits.minHitRate < this.lookups) {
      this.paused = this.limits.pause;
      this.forget();
    }
    this.lookups = 0;
    this.hits = 0;
  }

  private forget(): void {
    if (this.held === 0) return;
    this.keys.fill(undefined);
    this.values.fill(undefined);
    this.held = 0;
    this.chars = 0;
  }
}

/**
 * A hash of a value's length and at most nine of its code units, spread over it from the last
 * one back: names and paths differ at their ends and in their middles. Equal values hash
 * alike, which is all the table needs; unequal ones that collide are told apart by comparing.
 */
function sampleHash(value: string): number {
  const length = value.length;
  const step = (length >> 3) + 1;
  let h = length;
  for (let i = length - 1; i >= 0; i -= step) h = Math.imul(h ^ value.charCodeAt(i), 0x5bd1e995);
  return h ^ (h >>> 15);
}
