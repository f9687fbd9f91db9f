import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import { and, eventKindIs, literals, match, not, or, type Condition } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { Rule } from '../../src/ir/rule.js';
import { TARGETS } from '../../src/targets/registry.js';
import { fuzzSeed } from './fuzz-config.js';

/**
 * `unirule check` per target on two kinds of random rules: `exactRules`, whose values and
 * operators every target says exactly, must be exact (and most of them checked on ten events
 * or more, not settled to a constant); `hostileRules` must never be WRONG — an emitter may
 * refuse or declare an approximation, never disagree silently.
 */
export function describeCheckOnRandomRules(what: string, exactRules: fc.Arbitrary<Rule>, hostileRules: fc.Arbitrary<Rule>, runs: number): void {
  describe.each(TARGETS.map((t) => [t.id, t] as const))(`%s: check on random ${what}`, (_id, target) => {
    it('the exact ones are exact', () => {
      let probed = 0;
      fc.assert(
        fc.property(exactRules, (rule) => {
          const t = checkRule(rule, [target]).targets[0];
          expect(t?.status === 'exact' ? 'exact' : `${t?.status ?? ''}: ${t?.reason ?? ''} ${JSON.stringify(t?.approximations)} ${JSON.stringify(t?.witnesses)}`).toBe('exact');
          if ((t?.eventsChecked ?? 0) >= 10) probed++;
        }),
        { numRuns: runs, seed: fuzzSeed(20261130) },
      );
      expect(probed).toBeGreaterThan(runs / 2);
    });

    it('hostile values are never WRONG', () => {
      fc.assert(
        fc.property(hostileRules, (rule) => {
          const t = checkRule(rule, [target]).targets[0];
          expect(t?.status === 'wrong' ? `wrong: ${t.reason ?? ''} ${JSON.stringify(t.witnesses)}` : 'ok').toBe('ok');
        }),
        { numRuns: runs, seed: fuzzSeed(20261130) },
      );
    });
  });
}

/** One predicate on one of `fields`, with one of `ops`, a value of `value`, either case rule. */
export const predicateOn = (fields: readonly string[], ops: readonly MatchOperator[], value: fc.Arbitrary<string>): fc.Arbitrary<Condition> =>
  fc
    .record({ field: fc.constantFrom(...fields), op: fc.constantFrom(...ops), value, sensitive: fc.boolean() })
    .map((r) => match({ field: r.field, op: r.op, values: literals([r.value]), caseRule: r.sensitive ? 'sensitive' : 'insensitive' }));

/** And/or/not trees of depth up to 3 over `leaf`, tests of the `kinds`, and `more` fixed conditions. */
export const conditionTree = (leaf: fc.Arbitrary<Condition>, kinds: readonly EventKind[], more: readonly Condition[] = []): fc.Arbitrary<Condition> =>
  fc.letrec<{ tree: Condition }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 3, depthSize: 'small' },
      leaf,
      ...more.map((c) => fc.constant(c)),
      fc.constantFrom(...kinds).map(eventKindIs),
      fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map(and),
      fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map(or),
      tie('tree').map(not),
    ),
  })).tree;
