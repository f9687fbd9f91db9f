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

export class ScanMemo {
  private readonly known = new Map<string, RecordedFacts>();
  private chars = 0;
  private lookups = 0;
  private hits = 0;
  /** Values still to let through before looking again; 0 while the memo is in use. */
  private paused = 0;

  constructor(private readonly limits: MemoLimits) {}

  /** How many values, and how many code units in all, the memo holds now. */
  get size(): number {
    return this.known.size;
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
    const facts = this.known.get(value);
    if (facts !== undefined) this.hits++;
    if (++this.lookups === this.limits.window) this.checkHitRate();
    return facts;
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
    if (this.known.size >= entries || this.chars + value.length > chars) this.forget();
    this.known.set(value, facts);
    this.chars += value.length;
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
    this.known.clear();
    this.chars = 0;
  }
}
