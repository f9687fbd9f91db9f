import type { FieldValue, LogicalEvent } from '../ir/value.js';
import { foldAscii } from '../semantics/fold.js';
import type { EvalScope } from './eval-scope.js';
import { readField, stringsOf } from './field-value.js';
import type { Presence } from './presence.js';

/**
 * The scope a rule set reads one event through, reused from event to event so the hot loop
 * allocates nothing for it: folded fields are cached for the current event only, and needle
 * presence is stamped per event (needle-presence.ts).
 */
export class EventScope implements EvalScope {
  kind = '';
  readonly presence: Presence;
  private event: LogicalEvent = { kind: '' };
  private readonly folded = new Map<string, readonly string[] | undefined>();
  readonly read = (field: string): FieldValue | undefined => readField(this.event, field);

  constructor(presence: Presence) {
    this.presence = presence;
  }

  /** Moves to the next event; the caller then marks its needles on `presence`. */
  reset(event: LogicalEvent): void {
    this.event = event;
    this.kind = event.kind;
    if (this.folded.size > 0) this.folded.clear();
  }

  get(field: string): FieldValue | undefined {
    return readField(this.event, field);
  }

  getFolded(field: string): readonly string[] | undefined {
    const cached = this.folded.get(field);
    if (cached !== undefined || this.folded.has(field)) return cached;
    const folded = stringsOf(readField(this.event, field))?.map(foldAscii);
    this.folded.set(field, folded);
    return folded;
  }
}
