import os from 'node:os';
import { compileRuleSet } from '../src/evaluate/reference-evaluator.js';
import type { Rule } from '../src/ir/rule.js';
import type { LogicalEvent } from '../src/ir/value.js';
import type { NativeEvent, Target } from '../src/targets/contract.js';
import { TARGETS } from '../src/targets/registry.js';
import { generateEventLines } from './generate-events.js';
import { generateRule } from './generate-rules.js';
import { peakRssMiB, perSecond, time } from './measure.js';
import { Random } from './random.js';

/**
 * `npm run bench`: translation throughput and evaluation throughput, printed, never asserted.
 * Sizes come from the environment so a quick run is possible: BENCH_RULES, BENCH_EVENTS,
 * BENCH_TRANSLATE.
 */
const RULES = Number(process.env.BENCH_RULES ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const TRANSLATE = Number(process.env.BENCH_TRANSLATE ?? 2_000);
const NOW = Date.parse('2026-11-20T12:00:00Z');

function line(text: string): void {
  process.stdout.write(text + '\n');
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function benchTranslation(): void {
  const rng = new Random(7);
  const rules = Array.from({ length: TRANSLATE }, (_, i) => generateRule(rng, i));
  const sigma = TARGETS.find((t) => t.id === 'sigma');
  if (!sigma) return;
  let sources: string[];
  try {
    sources = rules.map((r) => sigma.emit(r, { lenient: true }).text);
  } catch (err) {
    line(`translation: skipped (sigma emit failed: ${(err as Error).message})`);
    return;
  }
  let failures = 0;
  const { timing } = time('translate', () => {
    for (const [i, text] of sources.entries()) {
      try {
        const rule = sigma.importRule(sigma.parse(text, `bench-${i}.yml`), `bench-${i}.yml`);
        for (const t of TARGETS) t.emit(rule, { lenient: true });
      } catch {
        failures++;
      }
    }
  });
  line(
    `translation: ${TRANSLATE} Sigma rules imported and emitted to ${TARGETS.length} targets in ${timing.ms.toFixed(0)} ms — ` +
      `${perSecond(TRANSLATE, timing.ms).replace('/s', ' rules/s')}, ${(timing.ms / TRANSLATE).toFixed(3)} ms/rule` +
      (failures ? `, ${failures} failed` : ''),
  );
}

function benchEvaluation(): void {
  const rng = new Random(42);
  const rules: Rule[] = Array.from({ length: RULES }, (_, i) => generateRule(rng, i));
  const lines = generateEventLines(new Random(43), EVENTS);
  const evals = RULES * EVENTS;

  const floor = time('json', () => {
    let n = 0;
    for (const l of lines) n += (JSON.parse(l) as object) ? 1 : 0;
    return n;
  });
  line(`floor: JSON.parse of ${EVENTS} events: ${floor.timing.ms.toFixed(0)} ms (${perSecond(EVENTS, floor.timing.ms)} events)`);

  const ruleSet = compileRuleSet(rules);
  let matches = 0;
  const ref = time('reference', () => {
    for (const l of lines) {
      const event = JSON.parse(l) as LogicalEvent;
      for (const v of ruleSet(event, { now: NOW })) if (v.matched) matches++;
    }
  });
  line(
    `reference evaluator: ${RULES} rules × ${EVENTS} events (parse included): ${ref.timing.ms.toFixed(0)} ms — ` +
      `${perSecond(EVENTS, ref.timing.ms)} events, ${perSecond(evals, ref.timing.ms)} rule-evaluations, ` +
      `${(ref.timing.ms / floor.timing.ms).toFixed(2)}× the floor, ${matches} matches`,
  );

  const events = lines.map((l) => JSON.parse(l) as LogicalEvent);
  for (const target of TARGETS) benchTarget(target, rules, events);
}

function benchTarget(target: Target<unknown>, rules: readonly Rule[], events: readonly LogicalEvent[]): void {
  let tests: ((e: NativeEvent) => boolean)[];
  let natives: NativeEvent[];
  try {
    tests = rules.map((r) => {
      const compiled = target.compile(target.parse(target.emit(r, { lenient: true }).text, r.name), { now: NOW });
      return (e: NativeEvent) => compiled(e).matched;
    });
    natives = events.map((e) => target.project(e));
  } catch (err) {
    line(`${target.id} evaluator: skipped (${(err as Error).message})`);
    return;
  }
  let matches = 0;
  const run = time(target.id, () => {
    for (const e of natives) for (const t of tests) if (t(e)) matches++;
  });
  const evals = rules.length * events.length;
  line(
    `${target.id} evaluator: ${rules.length} rules × ${events.length} projected events: ${run.timing.ms.toFixed(0)} ms — ` +
      `${perSecond(events.length, run.timing.ms)} events, ${perSecond(evals, run.timing.ms)} rule-evaluations, ${matches} matches`,
  );
}

line(`machine: ${machine()}`);
benchTranslation();
benchEvaluation();
line(`peak RSS: ${peakRssMiB()} MiB`);
