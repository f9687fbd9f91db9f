import type { JsonObject } from '../../ir/value.js';
import type { NativeEvent, TargetEvalOptions } from '../contract.js';
import type { SigmaRuleSet } from './ast.js';
import { compileSigma } from './evaluate.js';

/**
 * `unirule eval RULE.yml EVENTS --lang sigma`: the events the set matches, in input order, each
 * once however many of its documents match it (a Sigma back-end yields the matching events
 * themselves; a rule computes no columns of its own).
 */
export function runSigma(set: SigmaRuleSet, events: Iterable<NativeEvent>, options: TargetEvalOptions): Iterable<JsonObject> {
  // Compiled before the first event is asked for, so a refused set fails at once.
  const test = compileSigma(set, options);
  return (function* matching() {
    for (const event of events) if (test(event).matched) yield event;
  })();
}
