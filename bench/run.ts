import './link-assets.js';
import type { LogicalEvent } from '../src/ir/value.js';
import { TARGETS } from '../src/targets/registry.js';
import { benchFloor, benchReference, benchTarget, referenceMatchCount } from './evaluation.js';
import { generateEventLines } from './generate-events.js';
import { generateRule } from './generate-rules.js';
import { describeMachine } from './machine.js';
import { peakRssMiB } from './measure.js';
import { benchStream } from './stream-evaluation.js';
import { Random } from './random.js';
import { benchFreshPipeline, benchTranslation, formatPhase, freshCostBySize, sigmaTextsOf, translationCorpus } from './translation.js';

/**
 * `npm run bench`: translation and evaluation throughput, printed, never asserted (figures
 * and the machine they ran on are kept in bench/RESULTS.md). Rates are given per CPU-second of
 * this process, which other load on the machine does not lower, and per wall-clock second. Sizes come from the environment for quick runs: BENCH_TRANSLATE (rules to
 * translate), BENCH_RULES and BENCH_EVENTS (reference evaluation), BENCH_TARGET_EVENTS (events
 * for each target evaluator, default BENCH_EVENTS).
 */
const TRANSLATE = Number(process.env['BENCH_TRANSLATE'] ?? 2_000);
const RULES = Number(process.env['BENCH_RULES'] ?? 100);
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const TARGET_EVENTS = Number(process.env['BENCH_TARGET_EVENTS'] ?? EVENTS);

const print = (text: string): void => {
  process.stdout.write(text + '\n');
};

print(`machine: ${describeMachine()}`);

print(`\n## Translation: ${TRANSLATE} generated rules (7 in 8 process creation, 3–15 predicates, lists, wildcards)`);
const corpus = translationCorpus(TRANSLATE);
// Per stage first, each phase on code no earlier phase has run with these rules' emit…
for (const result of benchTranslation(TARGETS, corpus)) print(formatPhase(result));
// …then the pipeline in fresh child processes: what a user's translate run costs, whatever
// this process has compiled.
const sigmaTexts = sigmaTextsOf(TARGETS, corpus);
const fresh = { twoCores: benchFreshPipeline(sigmaTexts, false), oneCore: benchFreshPipeline(sigmaTexts, true) };
for (const result of [...fresh.twoCores, ...fresh.oneCore]) print(formatPhase(result));
// A larger corpus in a fresh process tells the one-off start-up from the per-rule cost.
const larger = benchFreshPipeline(sigmaTextsOf(TARGETS, translationCorpus(TRANSLATE * 4)), true);
for (const result of larger) print(formatPhase(result));
const model = freshCostBySize(fresh.oneCore, larger);
if (model !== undefined) print(model);

print(`\n## Evaluation: ${RULES} rules × ${EVENTS} events`);
const rng = new Random(42);
const rules = Array.from({ length: RULES }, (_, i) => generateRule(rng, i));
const lines = generateEventLines(new Random(43), EVENTS);
const floor = benchFloor(lines, print);
const { referenceMatches } = benchReference(rules, lines, floor, print);
await benchStream(rules, lines, floor, print);
const targetLines = lines.slice(0, TARGET_EVENTS);
const events = targetLines.map((l) => JSON.parse(l) as LogicalEvent);
const expected = TARGET_EVENTS === EVENTS ? referenceMatches : referenceMatchCount(rules, events);
for (const target of TARGETS) benchTarget(target, rules, events, expected, print);
print(`\npeak RSS: ${peakRssMiB()} MiB`);
