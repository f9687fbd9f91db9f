import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { and, eventKindIs, literals, match, not, or, type Condition } from '../../../src/ir/condition.js';
import type { MatchOperator } from '../../../src/ir/match-operator.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';
import { hostileString } from '../../property/arbitraries.js';
import { ruleWith } from './rule-factory.js';

/**
 * The KQL-specific traps, fuzzed: hives (present, absent, odd case), keys, numbers under `not`,
 * regexes with Perl classes, derived fields read by later ones, both flavours. Whatever the
 * emitter writes without an approximation must agree with the reference evaluator, and so must
 * the rule imported back from that text.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const words = fc.constantFrom('sc', 'stop', 'SYSTEM', 'Services', 'WinDefend', 'Run', 'k', 'K', 's', '\u212a', '\u017f', 'é', 'É', '1', '42', ' ', '\\', '.', '-');
const text = fc.oneof(hostileString, fc.array(words, { maxLength: 5 }).map((w) => w.join('')));
const keyText = fc.array(fc.oneof(words, fc.constant('\\')), { maxLength: 6 }).map((w) => w.join(''));
const regex = fc.constantFrom('\\d+', '^sc', 'stop$', '[a-c]+', 'a.b', '\\s', '\\w+\\\\', 'S[Yy]', '(?:k|s)');
const STRING_OPS: MatchOperator[] = ['equals', 'contains', 'startswith', 'endswith', 'term', 'termprefix', 'termsuffix', 'wildcard'];
const caseRule = fc.constantFrom('sensitive' as const, 'insensitive' as const);
const quantifier = fc.constantFrom('any' as const, 'all' as const);

const predicate: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ op: fc.constantFrom(...STRING_OPS), values: fc.array(keyText, { minLength: 1, maxLength: 2 }), caseRule, quantifier }).map((r) => match({ field: 'registry.key', ...r, values: literals(r.values) })),
  fc.record({ values: fc.array(fc.constantFrom('HKLM', 'hklm', 'HKCU', 'HKU'), { minLength: 1, maxLength: 2 }) }).map((r) => match({ field: 'registry.hive', op: 'equals', values: literals(r.values) })),
  fc.record({ op: fc.constantFrom<MatchOperator>('gt', 'lt', 'gte', 'lte'), n: fc.integer({ min: -2, max: 50 }) }).map((r) => match({ field: 'process.pid', op: r.op, values: literals([String(r.n)]) })),
  fc.constant(match({ field: 'process.pid', op: 'exists' })),
  fc.record({ values: fc.array(regex, { minLength: 1, maxLength: 2 }), caseRule, quantifier, multiline: fc.boolean() }).map((r) =>
    match({ field: 'process.command_line', op: 'regex', values: literals(r.values), caseRule: r.caseRule, quantifier: r.quantifier, regexFlags: { multiline: r.multiline, dotAll: false } }),
  ),
  fc.record({ field: fc.constantFrom('process.name', 'process.command_line', 'process.parent.name', 'user.name', 'host.name'), op: fc.constantFrom(...STRING_OPS), values: fc.array(text, { minLength: 1, maxLength: 2 }), caseRule, quantifier }).map((r) =>
    match({ ...r, values: literals(r.values) }),
  ),
);

const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
  c: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    predicate,
    fc.constantFrom(eventKindIs('process_creation'), eventKindIs('registry_set')),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map(and),
    fc.array(tie('c'), { minLength: 1, maxLength: 3 }).map(or),
    tie('c').map(not),
  ),
})).c;

const event: fc.Arbitrary<LogicalEvent> = fc
  .record({
    kind: fc.constantFrom('process_creation', 'registry_set'),
    hive: fc.option(fc.constantFrom('HKLM', 'hklm', 'HKCU', 'HKU', 'HKCR'), { nil: undefined }),
    key: fc.option(keyText, { nil: undefined }),
    pid: fc.option(fc.integer({ min: -1, max: 60 }), { nil: undefined }),
    cmd: fc.option(text, { nil: undefined }),
    name: fc.option(text, { nil: undefined }),
    parent: fc.option(text, { nil: undefined }),
    user: fc.option(text, { nil: undefined }),
    host: fc.option(text, { nil: undefined }),
    late: fc.boolean(),
  })
  .map((r) => {
    const e: Record<string, string | number> = { kind: r.kind, '@timestamp': r.late ? '2026-11-18T00:00:00Z' : '2026-11-20T11:00:00Z' };
    const put = (k: string, v: string | number | undefined): void => {
      if (v !== undefined) e[k] = v;
    };
    put('process.pid', r.pid);
    put('process.command_line', r.cmd);
    put('process.name', r.name);
    put('user.name', r.user);
    put('host.name', r.host);
    if (r.kind === 'registry_set') {
      put('registry.hive', r.hive);
      put('registry.key', r.key);
    } else put('process.parent.name', r.parent);
    return e as LogicalEvent;
  });

describe.each(['defender', 'sentinel'] as const)('%s flavour agrees with the reference evaluator', (flavour) => {
  it('on fuzzed rules and events', () => {
    let exact = 0;
    fc.assert(
      fc.property(condition, fc.boolean(), fc.array(event, { minLength: 1, maxLength: 6 }), (cond, withDerived, events) => {
        const rule = ruleWith({
          logsources: ['process_creation', 'registry_set'],
          window: '1d',
          condition: cond,
          derived: withDerived
            ? [
                { name: 'Hit', expr: { kind: 'condition', condition: cond } },
                { name: 'Label', expr: { kind: 'case', branches: [{ when: match({ field: 'Hit', op: 'equals', values: literals(['true']) }), then: { kind: 'field', field: 'process.command_line' } }], otherwise: { kind: 'literal', value: 'none' } } },
              ]
            : [],
        });
        let text: string;
        try {
          const r = kqlTarget.emit(rule, { lenient: false, flavour });
          text = r.text;
        } catch (err) {
          if (err instanceof NotExpressibleError) return;
          throw err;
        }
        exact++;
        const parsed = kqlTarget.parse(text, 'fuzz.kql');
        const verdict = kqlTarget.compile(parsed, { now: NOW });
        const reference = compileRule(rule);
        // And the text imported back means the rule again.
        const imported = compileRule(kqlTarget.importRule(parsed, 'fuzz.kql'));
        for (const e of events) {
          const want = reference(e, { now: NOW });
          const got = verdict(kqlTarget.project(e));
          const why = `${text}\n${JSON.stringify(e)}\n${JSON.stringify(kqlTarget.project(e))}`;
          expect(got.matched, why).toBe(want.matched);
          expect(imported(e, { now: NOW }).matched, `imported: ${why}`).toBe(want.matched);
          if (want.matched && withDerived) expect(got.derived['Label'], why).toEqual(want.derived['Label']);
        }
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 300), seed: Number(process.env['FUZZ_SEED'] ?? 424242) },
    );
    expect(exact).toBeGreaterThan(50);
  });
});

describe('case-insensitive regexes in Kusto (found importing SigmaHQ-style `|re|i`, 2026-11-30)', () => {
  // Kusto's `(?i)` folds Unicode: it let ſ (U+017F) stand for s and the Kelvin sign (U+212A) for k,
  // which the rule model's ASCII folding never does. The emitted form must not rely on the flag.
  const rule = ruleWith({
    logsources: ['process_creation'],
    condition: match({ field: 'process.command_line', op: 'regex', values: literals(['task\\w']), caseRule: 'insensitive' }),
    derived: [{ name: 'Name', expr: { kind: 'extract', pattern: '(sk\\w+)', group: 1, caseRule: 'insensitive', source: { kind: 'field', field: 'process.command_line' } } }],
  });
  it.each([
    ['run TASKx now', true],
    ['run task_ now', true],
    ['run ta\u017Fkx now', false],
    ['run tas\u212Ax now', false],
    ['run task\u212A now', false],
  ])('%j → %s on the reference and on the emitted KQL, with the same extracted value', (cmd, want) => {
    const parsed = kqlTarget.parse(kqlTarget.emit(rule, { lenient: false }).text, 'case.kql');
    const e: LogicalEvent = { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.command_line': cmd };
    const reference = compileRule(rule)(e, { now: NOW });
    const got = kqlTarget.compile(parsed, { now: NOW })(kqlTarget.project(e));
    expect(reference.matched).toBe(want);
    expect(got.matched).toBe(want);
    if (want) expect(got.derived['Name']).toEqual(reference.derived['Name']);
  });
});
