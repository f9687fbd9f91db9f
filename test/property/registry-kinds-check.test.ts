import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import { and, eventKindIs, literals, match, not, or, type Condition } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import { TARGETS } from '../../src/targets/registry.js';
import { ruleWith } from '../targets/kql/rule-factory.js';
import { hostileString } from './arbitraries.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * `unirule check` on random rules over registry keys created and keys or values deleted (alone,
 * or beside value writes, which share Defender's table and ECS's category): with path values
 * and operators every target says exactly (registry.path and process.executable tested with
 * equals / contains / startswith / endswith, either case, and whether a deletion names a
 * value), each target is exact; with hostile values on any registry part and any string
 * operator, none is ever WRONG — an emitter may refuse or declare an approximation, never
 * disagree silently.
 */
const runs = fuzzRuns(40);
const PATH_PIECES = ['HKLM\\', 'HKCU\\', 'SOFTWARE\\', 'Microsoft\\', 'AMSI\\Providers\\', 'RunMRU', '\\SD', 'Tree\\', '{X}', 'a'];
const pathValue = fc.array(fc.constantFrom(...PATH_PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const KINDS = fc.constantFrom<readonly EventKind[]>(['registry_add'], ['registry_delete'], ['registry_add', 'registry_delete'], ['registry_set', 'registry_add', 'registry_delete']);
// Whether a deletion names a value (Sysmon's DeleteValue); value writes' value names are not what it asks.
const VALUE_NAMED = and([eventKindIs('registry_delete'), match({ field: 'registry.value', op: 'wildcard', values: literals(['?*']), caseRule: 'sensitive' })]);

const predicate = (fields: readonly string[], ops: readonly MatchOperator[], value: fc.Arbitrary<string>): fc.Arbitrary<Condition> =>
  fc
    .record({ field: fc.constantFrom(...fields), op: fc.constantFrom(...ops), value, sensitive: fc.boolean() })
    .map((r) => match({ field: r.field, op: r.op, values: literals([r.value]), caseRule: r.sensitive ? 'sensitive' : 'insensitive' }));

const conditionOf = (leaf: fc.Arbitrary<Condition>): fc.Arbitrary<Condition> =>
  fc.letrec<{ tree: Condition }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 3, depthSize: 'small' },
      leaf,
      fc.constant(VALUE_NAMED),
      fc.constantFrom<EventKind>('registry_set', 'registry_add', 'registry_delete').map(eventKindIs),
      fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map(and),
      fc.array(tie('tree'), { minLength: 1, maxLength: 3 }).map(or),
      tie('tree').map(not),
    ),
  })).tree;

const exactRules = fc
  .tuple(KINDS, conditionOf(predicate(['registry.path', 'process.executable'], ['equals', 'contains', 'startswith', 'endswith'], pathValue)))
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));
const hostileRules = fc
  .tuple(KINDS, conditionOf(predicate(['registry.path', 'registry.key', 'registry.value', 'registry.hive', 'process.executable'], ['equals', 'contains', 'startswith', 'endswith', 'wildcard', 'term'], hostileString)))
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s: check on random registry key rules', (_id, target) => {
  it('path tests are exact', () => {
    let probed = 0;
    fc.assert(
      fc.property(exactRules, (rule) => {
        const t = checkRule(rule, [target]).targets[0];
        expect(t?.status === 'exact' ? 'exact' : `${t?.status ?? ''}: ${t?.reason ?? ''} ${JSON.stringify(t?.approximations)} ${JSON.stringify(t?.witnesses)}`).toBe('exact');
        if ((t?.eventsChecked ?? 0) >= 10) probed++;
      }),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
    // Rules that settle to a constant are checked on few events: most must not.
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
