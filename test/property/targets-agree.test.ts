import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import type { Rule } from '../../src/ir/rule.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import { NotExpressibleError, type Target } from '../../src/targets/contract.js';
import { TARGETS } from '../../src/targets/registry.js';
import { eventArb, ruleArb } from './arbitraries.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The product's claim, as a property: for random rules over hostile values, each target's
 * emitted text — parsed by that target's parser and run with that target's semantics on the
 * event projected into its schema — gives the reference evaluator's verdict, unless the
 * emitter refused (strict) or declared an approximation. And importing the emitted text back
 * gives a rule with the same verdicts.
 */
const runs = fuzzRuns(150);
const NOW = Date.parse('2026-11-20T12:00:00Z');

type Emitted = { kind: 'exact'; text: string } | { kind: 'refused' } | { kind: 'approximate' };

function emitExact(target: Target<unknown>, rule: Rule): Emitted {
  try {
    const r = target.emit(rule, { lenient: false });
    return r.approximations.length > 0 ? { kind: 'approximate' } : { kind: 'exact', text: r.text };
  } catch (err) {
    if (err instanceof NotExpressibleError) return { kind: 'refused' };
    throw err;
  }
}

function describeCase(target: Target<unknown>, text: string, event: LogicalEvent): string {
  return `${target.id} text:\n${text}\nlogical event: ${JSON.stringify(event)}\nnative event: ${JSON.stringify(target.project(event))}`;
}

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s target agrees with the reference evaluator', (_id, target) => {
  it('on random rules and events (emit → parse → evaluate)', () => {
    let exact = 0;
    fc.assert(
      fc.property(ruleArb, fc.array(eventArb, { minLength: 1, maxLength: 8 }), (rule, events) => {
        const emitted = emitExact(target, rule);
        if (emitted.kind !== 'exact') return;
        exact++;
        const verdictOf = target.compile(target.parse(emitted.text, `generated${target.extension}`), { now: NOW });
        const reference = compileRule(rule);
        for (const event of events) {
          const want = reference(event, { now: NOW }).matched;
          const got = verdictOf(target.project(event)).matched;
          if (got !== want) expect.fail(`expected ${want ? 'match' : 'no match'}, target said ${got ? 'match' : 'no match'}\n${describeCase(target, emitted.text, event)}`);
        }
      }),
      { numRuns: runs, seed: fuzzSeed(20261122) },
    );
    // A property that never reaches its assertion proves nothing: most random rules must be exact.
    expect(exact).toBeGreaterThan(runs / 4);
  });

  it('import(emit(rule)) has the same verdicts as the rule', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(eventArb, { minLength: 1, maxLength: 8 }), (rule, events) => {
        const emitted = emitExact(target, rule);
        if (emitted.kind !== 'exact') return;
        const imported = target.importRule(target.parse(emitted.text, `generated${target.extension}`), `generated${target.extension}`);
        const a = compileRule(rule);
        const b = compileRule(imported);
        for (const event of events) {
          const want = a(event, { now: NOW }).matched;
          const got = b(event, { now: NOW }).matched;
          if (got !== want) expect.fail(`imported rule disagrees: expected ${want}, got ${got}\n${describeCase(target, emitted.text, event)}`);
        }
      }),
      { numRuns: runs, seed: fuzzSeed(20261123) },
    );
  });
});
