import { setFlagsFromString } from 'node:v8';

/**
 * `translate` runs each importer and emitter over a corpus once or twice, mostly before V8's
 * optimising compiler has settled: a first pass is largely compiling, optimising and
 * de-optimising. With inlining the optimiser builds large functions from code paths that the
 * next rule's shape then invalidates; without it the bench's 2,000-rule pipeline costs 630
 * instead of 830 µs/rule on a first pass and 310 instead of 350 on a second (bench/RESULTS.md).
 * `eval` is the opposite case, one hot loop over millions of events, where inlining pays
 * (the reference evaluator is 10% slower without it), so only translation sets this, for its
 * own process, before any of its code has run hot.
 */
export function tuneEngineForTranslation(): void {
  setFlagsFromString('--no-turbo-inlining');
}
