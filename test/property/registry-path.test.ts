import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { and, literals, match, not, or, type Condition } from '../../src/ir/condition.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { Rule } from '../../src/ir/rule.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import { NotExpressibleError, type Target } from '../../src/targets/contract.js';
import { TARGETS } from '../../src/targets/registry.js';
import { ruleWith } from '../targets/kql/rule-factory.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * registry.path as a property: random path tests (every string operator and `exists`, both
 * case rules, values that start like a path or lie inside one) over random registry writes —
 * hives in every spelling, none, or one the path has no name for; keys and value names made of
 * path words, backslashes, empty strings and non-ASCII — give the reference evaluator's verdict
 * on every target whose emitter claims to be exact, and read back to the same verdicts.
 */
const runs = fuzzRuns(120);
const NOW = Date.parse('2026-11-20T12:00:00Z');

const WORD = fc.constantFrom('SOFTWARE', 'Software', 'Microsoft', 'Windows', 'CurrentVersion', 'Run', 'RunOnce', 'S-1-5-21-1-500', 'Start', 'x', 'é', 'ß', ' ', '*', '?', '');
const pathText = fc.array(WORD, { minLength: 1, maxLength: 4 }).map((w) => w.join('\\'));
const HIVES = ['HKLM', 'HKCU', 'HKU', 'HKCR', 'hklm', 'HKEY_LOCAL_MACHINE', 'hkey_current_user', 'HKCC', ''];
/** Real keys and value names, so that tests written from real paths hit (and nearly hit) them. */
const KEYS = ['SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'S-1-5-21-1-500\\Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce', 'SOFTWARE', 'x'];
const VALUES = ['Start', 'x', 'a\\b', 'Run'];
/** Test values cut from those paths at every kind of boundary. */
const FRAGMENTS = [
  'HKLM\\SOFTWARE', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\Start', 'hkcu\\', 'HKU\\S-1-5-21-1-500\\', '\\SOFTWARE\\', '\\Microsoft\\Windows\\',
  '\\CurrentVersion\\Run\\', '\\Run', 'Run\\', '\\Start', '\\x', 'x\\a\\b', 'SOFTWARE\\x\\', 'HK*\\Run\\*', 'HKLM\\*', '*\\a\\b',
];

const eventArb: fc.Arbitrary<LogicalEvent> = fc
  .record({
    hive: fc.option(fc.constantFrom(...HIVES), { nil: undefined }),
    key: fc.option(fc.oneof(fc.constantFrom(...KEYS), pathText), { nil: undefined }),
    value: fc.option(fc.oneof(fc.constantFrom(...VALUES), pathText), { nil: undefined }),
  })
  .map(({ hive, key, value }) => ({
    kind: 'registry_set',
    ...(hive !== undefined ? { 'registry.hive': hive } : {}),
    ...(key !== undefined ? { 'registry.key': key } : {}),
    ...(value !== undefined ? { 'registry.value': value } : {}),
  }));

const OPS: readonly MatchOperator[] = ['equals', 'contains', 'startswith', 'endswith', 'term', 'termprefix', 'termsuffix', 'wildcard', 'exists'];
const HEADS = ['', '\\', 'HKLM\\', 'hkcu\\', 'HKU\\S-1-5-21-1-500\\'];

const predicate: fc.Arbitrary<Condition> = fc
  .record({
    op: fc.constantFrom(...OPS),
    head: fc.constantFrom(...HEADS),
    values: fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), pathText), { minLength: 1, maxLength: 2 }),
    quantifier: fc.constantFrom('any' as const, 'all' as const),
    caseRule: fc.constantFrom('sensitive' as const, 'insensitive' as const),
  })
  .map((r) => {
    if (r.op === 'exists') return match({ field: 'registry.path', op: 'exists' });
    const values = r.values.map((v, i) => (i === 0 ? r.head + v : v)).map((v) => (r.op === 'term' && v === '' ? 'x' : v));
    return match({ field: 'registry.path', op: r.op, values: literals(values), quantifier: r.quantifier, caseRule: r.caseRule });
  });

const conditionArb: fc.Arbitrary<Condition> = fc.oneof(
  predicate,
  fc.array(predicate, { minLength: 2, maxLength: 3 }).map(and),
  fc.array(predicate, { minLength: 2, maxLength: 3 }).map(or),
  predicate.map(not),
);

const ruleArb: fc.Arbitrary<Rule> = conditionArb.map((condition) => ruleWith({ logsources: ['registry_set'], condition }));

function exactText(target: Target<unknown>, rule: Rule): string | undefined {
  try {
    const r = target.emit(rule, { lenient: false });
    return r.approximations.length > 0 ? undefined : r.text;
  } catch (err) {
    if (err instanceof NotExpressibleError) return undefined;
    throw err;
  }
}

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s: registry.path tests', (_id, target) => {
  it('agree with the reference on random writes, and read back to the same verdicts', () => {
    let exact = 0;
    let matched = 0;
    fc.assert(
      fc.property(ruleArb, fc.array(eventArb, { minLength: 1, maxLength: 10 }), (rule, events) => {
        const text = exactText(target, rule);
        if (text === undefined) return;
        exact++;
        const parsed = target.parse(text, `rule${target.extension}`);
        const run = target.compile(parsed, { now: NOW });
        const reference = compileRule(rule);
        const back = compileRule(target.importRule(parsed, `rule${target.extension}`));
        for (const event of events) {
          const want = reference(event, { now: NOW }).matched;
          if (want) matched++;
          const got = run(target.project(event)).matched;
          if (got !== want) expect.fail(`target said ${got}, reference ${want}\n${text}\n${JSON.stringify(event)}\n${JSON.stringify(target.project(event))}`);
          expect(back(event, { now: NOW }).matched, `imported rule on ${JSON.stringify(event)}\n${text}`).toBe(want);
        }
      }),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
    // Not vacuous: most random path rules are exact, and some events match them.
    expect(exact).toBeGreaterThan(runs / 3);
    expect(matched).toBeGreaterThan(runs / 10);
  });
});
