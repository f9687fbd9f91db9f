import type { LogicalEvent } from '../ir/value.js';
import type { Target } from '../targets/contract.js';
import type { Decider } from './rule-diff.js';

/**
 * A rule decided in its own language, as `check` runs an emitted form: the target's parser and
 * evaluator on the event projected into the target's schema. `diff` compares the look-back
 * windows as settings, so every event is placed a minute before `now`, inside any window; the
 * rule-model side leaves its window out for the same reason.
 */
export function nativeDecider(target: Target<unknown>, text: string, file: string, now: number): Decider {
  const run = target.compile(target.parse(text, file), { now });
  const at = new Date(now - 60_000).toISOString();
  return (event: LogicalEvent) => run(target.project({ ...event, '@timestamp': at })).matched;
}
