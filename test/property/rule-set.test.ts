import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleSet } from '../../src/evaluate/reference-evaluator.js';
import { and, literals, match, not, or, type Condition } from '../../src/ir/condition.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { Rule } from '../../src/ir/rule.js';
import type { FieldValue, LogicalEvent } from '../../src/ir/value.js';
import { eventArb, hostileString, ruleArb } from './arbitraries.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

const runs = fuzzRuns(300);
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
      { numRuns: runs, seed: fuzzSeed(20261122) },
    );
  });
});

// Events whose fields are arrays, numbers and booleans, and needles longer than the needle
// automaton takes (needle-presence.ts searches those separately): the same agreement.
const LONG = 'C:\\Windows\\System32\\'.repeat(14);
const fieldValue = fc.oneof(
  hostileString,
  fc.array(hostileString, { maxLength: 3 }),
  fc.integer({ min: -5, max: 50 }),
  fc.boolean(),
  hostileString.map((s) => LONG + s),
);

const richEventArb: fc.Arbitrary<LogicalEvent> = fc
  .record({
    kind: fc.constantFrom('process_creation', 'registry_set'),
    values: fc.array(fc.option(fieldValue, { nil: undefined }), { minLength: 4, maxLength: 4 }),
  })
  .map(({ kind, values }) => {
    const fields = kind === 'process_creation' ? ['process.name', 'process.command_line', 'process.parent.name', 'user.name'] : ['registry.key', 'registry.value', 'registry.data', 'process.name'];
    const event: Record<string, FieldValue> = { kind };
    fields.forEach((f, i) => {
      const v = values[i];
      if (v !== undefined) event[f] = v;
    });
    return event as LogicalEvent;
  });

const withLongNeedles = ruleArb.map((rule) => ({
  ...rule,
  lists: new Map([...rule.lists].map(([name, values]) => [name, values.map((v, i) => (i === 0 ? LONG + v : v))])),
}));

describe('rule sets over arrays, numbers and long needles', () => {
  it('agree with each rule evaluated alone', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(ruleArb, withLongNeedles), { minLength: 1, maxLength: 6 }), fc.array(richEventArb, { minLength: 1, maxLength: 8 }), (rules, events) => {
        const set = compileRuleSet(rules);
        const singles = rules.map(compileRule);
        for (const e of events) {
          expect(set(e, { now: NOW }).map((v) => v.matched)).toEqual(singles.map((c) => c(e, { now: NOW }).matched));
        }
      }),
      { numRuns: runs, seed: fuzzSeed(20261123) },
    );
  });
});

// Small alphabets, so that needles overlap, repeat, nest inside each other and sit on term
// boundaries (alphanumerics next to punctuation, a surrogate pair, non-ASCII letters), with
// every string operator including regex, both case rules, `all`, and array values: the
// places where the needle scanner's facts (start, end, whole value, term boundaries) could
// part from the operators' own definitions.
const unit = fc.constantFrom('a', 'A', 'b', ' ', '-', '*', '?', '\\', 'é', '😀', '1');
const small = fc.array(unit, { maxLength: 5 }).map((u) => u.join(''));
const SMALL_OPS: readonly MatchOperator[] = ['equals', 'contains', 'startswith', 'endswith', 'term', 'termprefix', 'termsuffix', 'wildcard', 'regex'];
const smallPredicate = fc
  .record({ op: fc.constantFrom(...SMALL_OPS), values: fc.array(small, { minLength: 1, maxLength: 3 }), all: fc.boolean(), sensitive: fc.boolean(), field: fc.constantFrom('process.name', 'process.command_line') })
  .map((r): Condition =>
    match({
      field: r.field,
      op: r.op,
      // Regex values keep only literal characters: the portable subset is checked at load, not here.
      values: literals(r.op === 'regex' ? r.values.map((v) => v.replace(/[*?\\]/g, '')) : r.values),
      quantifier: r.all ? 'all' : 'any',
      caseRule: r.sensitive ? 'sensitive' : 'insensitive',
    }),
  );
const { smallTree } = fc.letrec<{ smallTree: Condition }>((tie) => ({
  smallTree: fc.oneof(
    { maxDepth: 4 },
    smallPredicate,
    fc.array(tie('smallTree'), { minLength: 1, maxLength: 3 }).map(and),
    fc.array(tie('smallTree'), { minLength: 1, maxLength: 3 }).map(or),
    tie('smallTree').map(not),
  ),
}));
const smallRule = fc.tuple(ruleArb, smallTree).map(([base, condition]): Rule => ({ ...base, lists: new Map(), condition }));
const smallValue = fc.oneof(small.chain((a) => small.map((b) => a + b + a)), fc.array(small, { maxLength: 3 }));
const smallEvent = fc.record({ name: fc.option(smallValue, { nil: undefined }), line: fc.option(smallValue, { nil: undefined }) }).map(({ name, line }) => {
  const event: Record<string, FieldValue> = { kind: 'process_creation' };
  if (name !== undefined) event['process.name'] = name;
  if (line !== undefined) event['process.command_line'] = line;
  return event as LogicalEvent;
});

describe('rule sets over overlapping needles', () => {
  it('agree with each rule evaluated alone', () => {
    fc.assert(
      fc.property(fc.array(smallRule, { minLength: 1, maxLength: 8 }), fc.array(smallEvent, { minLength: 1, maxLength: 10 }), (rules, events) => {
        const set = compileRuleSet(rules);
        const singles = rules.map(compileRule);
        for (const e of events) expect(set(e, { now: NOW }).map((v) => v.matched)).toEqual(singles.map((c) => c(e, { now: NOW }).matched));
      }),
      { numRuns: runs, seed: fuzzSeed(20261126) },
    );
  });
});
