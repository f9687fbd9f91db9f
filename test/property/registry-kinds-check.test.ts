import fc from 'fast-check';
import { and, eventKindIs, literals, match } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import { ruleWith } from '../targets/kql/rule-factory.js';
import { hostileString } from './arbitraries.js';
import { conditionTree, describeCheckOnRandomRules, predicateOn } from './check-on-random-rules.js';
import { fuzzRuns } from './fuzz-config.js';

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
const REGISTRY_KINDS: readonly EventKind[] = ['registry_set', 'registry_add', 'registry_delete'];
const KINDS = fc.constantFrom<readonly EventKind[]>(['registry_add'], ['registry_delete'], ['registry_add', 'registry_delete'], ['registry_set', 'registry_add', 'registry_delete']);
// Whether a deletion names a value (Sysmon's DeleteValue); value writes' value names are not what it asks.
const VALUE_NAMED = and([eventKindIs('registry_delete'), match({ field: 'registry.value', op: 'wildcard', values: literals(['?*']), caseRule: 'sensitive' })]);

const exactRules = fc
  .tuple(KINDS, conditionTree(predicateOn(['registry.path', 'process.executable'], ['equals', 'contains', 'startswith', 'endswith'], pathValue), REGISTRY_KINDS, [VALUE_NAMED]))
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));
const hostileRules = fc
  .tuple(KINDS, conditionTree(predicateOn(['registry.path', 'registry.key', 'registry.value', 'registry.hive', 'process.executable'], ['equals', 'contains', 'startswith', 'endswith', 'wildcard', 'term'], hostileString), REGISTRY_KINDS, [VALUE_NAMED]))
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));

describeCheckOnRandomRules('registry key rules', exactRules, hostileRules, runs);
