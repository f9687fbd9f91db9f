import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleSet } from '../../src/evaluate/reference-evaluator.js';
import type { MemoLimits } from '../../src/evaluate/scan-memo.js';
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

// A rule set remembers the facts of values it scanned (scan-memo.ts). Streams drawn from a
// few events repeat their values, so facts are replayed; random, tiny bounds make the memo
// forget, refuse values and pause mid-stream. None of it may change a verdict: the set must
// agree with itself without a memo and with each rule alone, event after event.
const limitsArb: fc.Arbitrary<MemoLimits> = fc.record({
  entries: fc.integer({ min: 1, max: 4 }),
  chars: fc.integer({ min: 16, max: 512 }),
  window: fc.integer({ min: 1, max: 6 }),
  minHitRate: fc.integer({ min: 1, max: 4 }),
  pause: fc.integer({ min: 0, max: 5 }),
});
// Events built from a few values, alone or in arrays, so that a value comes back in other
// events and other places (an array's elements share their needles' facts).
const valuePool = fc.array(fc.oneof(small, smallValue.filter((v): v is string => typeof v === 'string'), hostileString), { minLength: 1, maxLength: 6 });
const pooledField = fc.oneof(fc.constant(undefined), fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }));
const pooledEvent = fc.record({ kind: fc.constantFrom('process_creation', 'registry_set'), name: pooledField, line: pooledField });
type PooledEvent = typeof pooledEvent extends fc.Arbitrary<infer T> ? T : never;

function fromPool(values: readonly string[], e: PooledEvent): LogicalEvent {
  const pick = (n: number): string => values[n % values.length]!;
  const event: Record<string, FieldValue> = { kind: e.kind };
  const put = (field: string, v: PooledEvent['name']): void => {
    if (v !== undefined) event[field] = typeof v === 'number' ? pick(v) : v.map(pick);
  };
  put('process.name', e.name);
  put('process.command_line', e.line);
  return event as LogicalEvent;
}

describe('rule sets that remember scanned values', () => {
  it('agree with the same set without a memo and with each rule alone, over streams of a few events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(ruleArb, withLongNeedles, smallRule), { minLength: 1, maxLength: 6 }),
        fc.array(fc.oneof(eventArb, richEventArb, smallEvent), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        limitsArb,
        (rules, pool, picks, limits) => {
          const sets = [compileRuleSet(rules), compileRuleSet(rules, { memo: limits }), compileRuleSet(rules, { memo: false })];
          const singles = rules.map(compileRule);
          for (const pick of picks) {
            const e = pool[pick % pool.length]!;
            const alone = singles.map((c) => c(e, { now: NOW }).matched);
            for (const set of sets) expect(set(e, { now: NOW }).map((v) => v.matched)).toEqual(alone);
          }
        },
      ),
      { numRuns: runs, seed: fuzzSeed(20261202) },
    );
  });

  it('agree with the same set without a memo and with each rule alone, over repeating streams', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(ruleArb, withLongNeedles, smallRule), { minLength: 1, maxLength: 6 }),
        valuePool,
        fc.array(pooledEvent, { minLength: 1, maxLength: 40 }),
        limitsArb,
        (rules, values, stream, limits) => {
          const sets = [compileRuleSet(rules), compileRuleSet(rules, { memo: limits }), compileRuleSet(rules, { memo: false })];
          const singles = rules.map(compileRule);
          for (const pooled of stream) {
            const e = fromPool(values, pooled);
            const alone = singles.map((c) => c(e, { now: NOW }).matched);
            for (const set of sets) expect(set(e, { now: NOW }).map((v) => v.matched)).toEqual(alone);
          }
        },
      ),
      { numRuns: runs, seed: fuzzSeed(20261201) },
    );
  });
});
