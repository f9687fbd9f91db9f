import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleSet } from '../../src/evaluate/reference-evaluator.js';
import { eventArb, ruleArb } from './arbitraries.js';

const runs = Number(process.env.FUZZ_RUNS ?? 300);
const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('rule sets', () => {
  // The literal prefilter may only skip rules that cannot match: a rule set must give every
  // rule the verdict the rule gives alone.
  it('agree with each rule evaluated alone, prefilter included', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 6 }), fc.array(eventArb, { minLength: 1, maxLength: 8 }), (rules, events) => {
        const set = compileRuleSet(rules);
        const singles = rules.map(compileRule);
        for (const e of events) {
          const together = set(e, { now: NOW }).map((v) => v.matched);
          const alone = singles.map((c) => c(e, { now: NOW }).matched);
          expect(together).toEqual(alone);
        }
      }),
      { numRuns: runs, seed: 20261122 },
    );
  });
});
