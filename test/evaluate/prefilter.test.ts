import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCondition, makeScope } from '../../src/evaluate/compile-condition.js';
import { readField, stringsOf } from '../../src/evaluate/field-value.js';
import { requiredClauses } from '../../src/evaluate/prefilter.js';
import { listResolver } from '../../src/evaluate/rule-body.js';
import { and, constant, literals, match, not, or, type Condition } from '../../src/ir/condition.js';
import { foldAscii } from '../../src/semantics/fold.js';
import { eventArb, ruleArb } from '../property/arbitraries.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';

/**
 * A rule's prefilter (prefilter.ts): clauses of needles of which a match needs one each.
 * Negations are pushed down to the predicates, so a needle required under two `not`s is still
 * required; a needle under one `not` never is.
 */
const noLists = (): readonly string[] => [];
const contains = (value: string): Condition => match({ field: 'process.command_line', op: 'contains', values: literals([value]) });
const A = contains('alpha');
const B = contains('beta');
const needles = (clauses: readonly (readonly { needle: string }[])[]): string[][] => clauses.map((c) => c.map((a) => a.needle).sort());

describe('required clauses', () => {
  it.each<[string, Condition, string[][]]>([
    ['a predicate', A, [['alpha']]],
    ['a negated predicate', not(A), []],
    ['a double negation', not(not(A)), [['alpha']]],
    ['not(or(not A, B)), which is A and not B', not(or([not(A), B])), [['alpha']]],
    ['not(and(not A, not B)), which is A or B', not(and([not(A), not(B)])), [['alpha', 'beta']]],
    ['not(and(A, B)), which needs neither', not(and([A, B])), []],
    ['or(A, not B), which needs neither', or([A, not(B)]), []],
    ['and(A, not B)', and([A, not(B)]), [['alpha']]],
    ['not(true), which never holds', not(constant(true)), [[]]],
    ['not(false), which always holds', not(constant(false)), []],
  ])('%s', (_name, condition, expected) => {
    expect(needles(requiredClauses(condition, noLists))).toEqual(expected);
  });

  // Soundness, the only property skipping rules rests on: whenever a condition holds, every
  // clause has a needle that occurs in its field's folded value.
  it('are met by every event the condition holds on', () => {
    fc.assert(
      fc.property(ruleArb, fc.array(eventArb, { minLength: 1, maxLength: 8 }), (rule, events) => {
        const lists = listResolver(rule);
        const clauses = requiredClauses(rule.condition, lists);
        const holds = compileCondition(rule.condition, lists);
        for (const e of events) {
          if (!holds(makeScope(e.kind, (f) => readField(e, f)))) continue;
          for (const clause of clauses) {
            const met = clause.some((a) => (stringsOf(readField(e, a.field)) ?? []).some((v) => foldAscii(v).includes(a.needle)));
            expect(met, JSON.stringify(clause)).toBe(true);
          }
        }
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed(20261203) },
    );
  });
});
