import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDecision } from '../../src/evaluate/decision-order.js';
import { ACCEPT, present, ProgramBuilder, REJECT, test, type Decision } from '../../src/evaluate/decision.js';
import { Presence } from '../../src/evaluate/presence.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';

/**
 * Reordering `and`/`or` items may change how much is evaluated, never the outcome; nor may
 * compiling to a program, with lookups near a rule's entry read as fact groups and deeper ones
 * as lists. Decisions here are evaluated from their definition: lookups answered from a set of
 * true needles, tests from their own return value.
 */
function holds(d: Decision, present: ReadonlySet<number>): boolean {
  switch (d.kind) {
    case 'const':
      return d.value;
    case 'present':
      return present.has(d.needle);
    case 'anyPresent':
      return d.facts.some((f) => present.has(f.needle));
    case 'allPresent':
      return d.facts.every((f) => present.has(f.needle));
    case 'test':
      return d.test({ kind: '', get: () => undefined, getFolded: () => undefined });
    case 'not':
      return !holds(d.item, present);
    case 'and':
      return d.items.every((i) => holds(i, present));
    case 'or':
      return d.items.some((i) => holds(i, present));
  }
}

const fact = fc.nat({ max: 5 }).map((needle) => ({ needle, where: 'anywhere' as const }));
const { decision } = fc.letrec<{ decision: Decision }>((tie) => ({
  decision: fc.oneof(
    { maxDepth: 5 },
    fc.nat({ max: 5 }).map((n) => present(n)),
    fc.boolean().map((v) => test(() => v)),
    fc.boolean().map((value): Decision => ({ kind: 'const', value })),
    fc.array(fact, { minLength: 1, maxLength: 3 }).map((facts): Decision => ({ kind: 'anyPresent', facts })),
    fc.array(fact, { minLength: 1, maxLength: 3 }).map((facts): Decision => ({ kind: 'allPresent', facts })),
    tie('decision').map((item): Decision => ({ kind: 'not', item })),
    fc.array(tie('decision'), { maxLength: 4 }).map((items): Decision => ({ kind: 'and', items })),
    fc.array(tie('decision'), { maxLength: 4 }).map((items): Decision => ({ kind: 'or', items })),
  ),
}));

describe('decision order', () => {
  it('gives every decision the outcome it had', () => {
    fc.assert(
      fc.property(decision, fc.uniqueArray(fc.nat({ max: 5 })), (d, needles) => {
        const found = new Set(needles);
        expect(holds(orderDecision(d), found)).toBe(holds(d, found));
      }),
      { numRuns: fuzzRuns(500), seed: fuzzSeed(20261130) },
    );
  });

  const slow = test(() => true);
  it.each([
    ['an `and` reads a lookup before a test', { kind: 'and', items: [slow, present(1)] }, { kind: 'and', items: [present(1), slow] }],
    ['an `or` reads a negated lookup (likely true) before a lookup', { kind: 'or', items: [present(1), { kind: 'not', item: present(2) }] }, { kind: 'or', items: [{ kind: 'not', item: present(2) }, present(1)] }],
    ['an `and` in an `and` is one sequence', { kind: 'and', items: [slow, { kind: 'and', items: [slow, present(3)] }] }, { kind: 'and', items: [present(3), slow, slow] }],
  ] as const)('%s', (_name, given: Decision, expected: Decision) => {
    expect(orderDecision(given)).toEqual(expected);
  });
});

describe('programs', () => {
  const scope = { kind: '', get: () => undefined, getFolded: () => undefined };
  it('give every decision its outcome, on every event of a stream', () => {
    fc.assert(
      fc.property(fc.array(decision, { minLength: 1, maxLength: 4 }), fc.array(fc.uniqueArray(fc.nat({ max: 5 })), { maxLength: 4 }), (decisions, events) => {
        const builder = new ProgramBuilder();
        const entries = decisions.map((d) => builder.add(d));
        const program = builder.build(6);
        const presence = new Presence(6, program.groups);
        for (const needles of events) {
          presence.begin();
          for (const n of needles) presence.add(n);
          const found = new Set(needles);
          entries.forEach((entry, i) => {
            const ran = entry === ACCEPT ? true : entry === REJECT ? false : program.run(entry, scope, presence);
            expect(ran).toBe(holds(decisions[i]!, found));
          });
        }
      }),
      { numRuns: fuzzRuns(500), seed: fuzzSeed(20261201) },
    );
  });
});
