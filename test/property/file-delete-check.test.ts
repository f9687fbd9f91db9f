import fc from 'fast-check';
import type { EventKind } from '../../src/ir/event-kind.js';
import { ruleWith } from '../targets/kql/rule-factory.js';
import { hostileString } from './arbitraries.js';
import { conditionTree, describeCheckOnRandomRules, predicateOn } from './check-on-random-rules.js';
import { fuzzRuns } from './fuzz-config.js';

/**
 * `unirule check` on random rules over file deletions (alone, or beside file creations, which
 * share Defender's table and ECS's category): with path values and operators every target says
 * exactly (a full path, tested with equals / contains / startswith / endswith, either case),
 * each target is exact; with hostile values and any string operator, none is ever WRONG — an
 * emitter may refuse or declare an approximation, never disagree silently.
 */
const runs = fuzzRuns(40);
const PATH_FIELDS = ['file.path', 'process.executable'] as const;
const ANY_FIELDS = ['file.path', 'file.name', 'process.executable', 'process.name', 'user.qualified_name'] as const;
const PATH_PIECES = ['C:\\', 'Windows\\', 'System32\\', 'winevt\\Logs\\', 'Security', '.evtx', '.vbk', 'wbadmin.exe', 'TEMP\\', 'a'];
const pathValue = fc.array(fc.constantFrom(...PATH_PIECES), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const KINDS = fc.constantFrom<readonly EventKind[]>(['file_delete'], ['file_event', 'file_delete']);
const FILE_KINDS: readonly EventKind[] = ['file_event', 'file_delete'];

const exactRules = fc
  .tuple(KINDS, conditionTree(predicateOn(PATH_FIELDS, ['equals', 'contains', 'startswith', 'endswith'], pathValue), FILE_KINDS))
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));
const hostileRules = fc
  .tuple(KINDS, conditionTree(predicateOn(ANY_FIELDS, ['equals', 'contains', 'startswith', 'endswith', 'wildcard', 'term'], hostileString), FILE_KINDS))
  .map(([logsources, condition]) => ruleWith({ logsources, condition }));

describeCheckOnRandomRules('file deletion rules', exactRules, hostileRules, runs);
