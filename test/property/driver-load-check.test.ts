import fc from 'fast-check';
import { and, or } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import { ruleWith } from '../targets/kql/rule-factory.js';
import { hostileString } from './arbitraries.js';
import { conditionTree, describeCheckOnRandomRules, predicateOn } from './check-on-random-rules.js';
import { fuzzRuns } from './fuzz-config.js';

/**
 * `unirule check` on random rules over driver loads (alone, or beside file creations, which
 * also hold file.path but live in another Defender table, ECS category and Sysmon event): with
 * path values and SHA-1 digests, tested with the operators every target says exactly (equals /
 * contains / startswith / endswith on the path, equals on the hash, either case), each target
 * is exact; with hostile values on the driver's path, name, hash and signature and any string
 * operator, none is ever WRONG — an emitter may refuse or declare an approximation (Defender
 * has no signature column, Sigma no file-name field), never disagree silently.
 */
const runs = fuzzRuns(40);
const PATH_PIECES = ['C:\\', 'Windows\\', 'System32\\', 'drivers\\', 'Temp\\', 'RTCore64', '.sys', 'gdrv', 'a'];
const pathValue = fc.array(fc.constantFrom(...PATH_PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const sha1 = fc.constantFrom('0466e90bf0e83b776ca8716e01d35a8a2e5f96d3', 'FE5E3E1FA1A0D4A4B4D7E5C5F1D3A8B9C0E1F2A3');
const KINDS = fc.constantFrom<readonly EventKind[]>(['driver_load'], ['file_event', 'driver_load']);
const FILE_KINDS: readonly EventKind[] = ['file_event', 'driver_load'];

// A hash test alone meets few boundary events (a digest has no prefix or suffix to probe):
// mostly path tests, so that most rules are checked on ten events or more.
const pathLeaf = predicateOn(['file.path'], ['equals', 'contains', 'startswith', 'endswith'], pathValue);
const exactLeaf = fc.oneof(
  { arbitrary: pathLeaf, weight: 4 },
  { arbitrary: predicateOn(['file.hash.sha1'], ['equals'], sha1), weight: 1 },
);
// With two kinds, half the tree's leaves are kind tests, which often settle a whole rule to a
// constant (checked on a couple of events): each rule also tests the path once at its top.
const exactRules = fc
  .tuple(KINDS, pathLeaf, conditionTree(exactLeaf, FILE_KINDS), fc.boolean())
  .map(([logsources, path, tree, both]) => ruleWith({ logsources, condition: both ? and([path, tree]) : or([path, tree]) }));
const hostileRules = fc
  .tuple(
    KINDS,
    conditionTree(
      predicateOn(
        ['file.path', 'file.name', 'file.hash.sha1', 'file.code_signature.subject_name', 'file.code_signature.status', 'file.code_signature.signed'],
        ['equals', 'contains', 'startswith', 'endswith', 'wildcard', 'term'],
        hostileString,
      ),
      FILE_KINDS,
    ),
  )
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));

describeCheckOnRandomRules('driver load rules', exactRules, hostileRules, runs);
