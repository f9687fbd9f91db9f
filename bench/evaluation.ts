import { compileRuleMatcher } from '../src/evaluate/reference-evaluator.js';
import type { Rule } from '../src/ir/rule.js';
import type { LogicalEvent } from '../src/ir/value.js';
import type { NativeEvent, Target } from '../src/targets/contract.js';
import { best, msText, peakRssMiB, rates, time, type Timing } from './measure.js';

/**
 * Evaluation throughput: the reference rule set over NDJSON lines held in memory (each parsed,
 * then matched), next to a JSON.parse-only pass over the same lines — the floor no evaluator
 * can beat — and each target's own evaluator on the events projected into its schema. What
 * `unirule eval` adds around the evaluation (reading a file, UTF-8, logical events, writing
 * rows) is measured end to end in stream-evaluation.ts.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
/** The fast phases are repeated and the fastest kept, so a busy machine disturbs them less. */
const REPEATS = 3;

export interface EvaluationFigures {
  readonly floor: Timing;
  readonly reference: Timing;
  readonly referenceMatches: number;
}

export function benchFloor(lines: readonly string[], print: (s: string) => void): Timing {
  const { timing } = best('JSON.parse', REPEATS, () => {
    let n = 0;
    for (const l of lines) if (JSON.parse(l) !== null) n++;
    return n;
  });
  print(`floor: JSON.parse of ${lines.length} lines: ${msText(timing)} — ${rates(lines.length, timing, ' events')}`);
  return timing;
}

export function benchReference(rules: readonly Rule[], lines: readonly string[], floor: Timing, print: (s: string) => void): EvaluationFigures {
  const { result: ruleSet, timing: compiled } = time('compile', () => compileRuleMatcher(rules));
  const options = { now: NOW };
  const { result: matches, timing } = best('reference', REPEATS, () => {
    let n = 0;
    // As a stream reads it: each event's matches are used before the next event is passed.
    for (const l of lines) n += ruleSet.match(JSON.parse(l) as LogicalEvent, options).count;
    return n;
  });
  const evals = rules.length * lines.length;
  print(
    `reference evaluator: ${rules.length} rules × ${lines.length} events, parse included: ${msText(timing)} — ` +
      `${rates(lines.length, timing, ' events')}, ${rates(evals, timing, ' rule-evaluations')}, ` +
      `${(timing.cpuMs / floor.cpuMs).toFixed(2)}× the floor in CPU time (${(timing.ms / floor.ms).toFixed(2)}× wall), ${matches} matches (compiled in ${compiled.ms.toFixed(0)} ms); peak RSS so far ${peakRssMiB()} MiB`,
  );
  return { floor, reference: timing, referenceMatches: matches };
}

export function benchTarget(target: Target<unknown>, rules: readonly Rule[], events: readonly LogicalEvent[], reference: number, print: (s: string) => void): void {
  let tests: ((e: NativeEvent) => boolean)[];
  let natives: NativeEvent[];
  try {
    tests = rules.map((r) => {
      const compiled = target.compile(target.parse(target.emit(r, { lenient: true }).text, r.name), { now: NOW });
      return (e: NativeEvent) => compiled(e).matched;
    });
    natives = events.map((e) => target.project(e));
  } catch (err) {
    print(`${target.id} evaluator: skipped (${err instanceof Error ? err.message : String(err)})`);
    return;
  }
  const { result: matches, timing } = time(target.id, () => {
    let n = 0;
    for (const e of natives) for (const t of tests) if (t(e)) n++;
    return n;
  });
  const evals = rules.length * events.length;
  const agreement = matches === reference ? 'as many as the reference' : `the reference has ${reference}`;
  print(
    `${target.id} evaluator: ${rules.length} rules × ${events.length} projected events: ${msText(timing)} — ` +
      `${rates(events.length, timing, ' events')}, ${rates(evals, timing, ' rule-evaluations')}, ${matches} matches (${agreement}); peak RSS so far ${peakRssMiB()} MiB`,
  );
}

/** The reference's match count on parsed events, to hold each target's count against. */
export function referenceMatchCount(rules: readonly Rule[], events: readonly LogicalEvent[]): number {
  const ruleSet = compileRuleMatcher(rules);
  let n = 0;
  for (const e of events) n += ruleSet.match(e, { now: NOW }).count;
  return n;
}
