import { setFlagsFromString } from 'node:v8';

/**
 * `translate` runs each importer and emitter over a corpus once or twice, mostly before V8's
 * optimising compiler has settled: a first pass is largely compiling, optimising and
 * de-optimising small functions. Three of the optimiser's phases cost more compile time there
 * than they give back: inlining (which builds large functions out of paths the next rule's
 * shape then invalidates), escape analysis and loop peeling. Without them the bench's
 * 2,000-rule pipeline on one core costs 830 → 630 µs/rule on a first pass and 350 → 310 on
 * a second (inlining, session 6 before the speed work), and 540 → 510 on a first pass after
 * it (the other two; bench/RESULTS.md). `eval` is the opposite case, one hot loop over
 * millions of events, where inlining pays (the reference evaluator is 10% slower without it),
 * so only translation sets these, for its own process, before any of its code has run hot.
 */
export function tuneEngineForTranslation(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--no-turbo-escape');
  setFlagsFromString('--no-turbo-loop-peeling');
}
