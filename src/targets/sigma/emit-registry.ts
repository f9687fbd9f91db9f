import type { Condition, MatchNode } from '../../ir/condition.js';
import { item, type SigmaLogic } from './emit-logic.js';
import { sigmaLiteral } from './escape.js';
import { joinTargetObject, shortHive } from './taxonomy.js';

/**
 * The SigmaHQ idiom for "this value of this key": one test on `TargetObject`, e.g.
 * `TargetObject|endswith: '\Services\WinDefend\Start'`, or with the hive known
 * `TargetObject: 'HKLM\SYSTEM\...\Start'`. Written when a conjunction says key equals K and
 * value equals V (and perhaps hive equals H), each with one value and the same case rule.
 *
 * It is still not exact: a value name may hold backslashes (key names may not), so another
 * split of the same TargetObject — key `K\x`, value `y` where V is `x\y` — reads the same; and
 * without a hive the test also holds for any hive.
 */
export interface CombinedRegistryPath {
  readonly logic: SigmaLogic;
  /** The conjunction's other members. */
  readonly rest: readonly Condition[];
  readonly description: string;
  readonly reason: string;
}

export function combineRegistryPath(children: readonly Condition[], lists: (name: string) => readonly string[]): CombinedRegistryPath | undefined {
  const single = (field: string): { node: MatchNode; value: string } | undefined => {
    for (const c of children) {
      if (c.kind !== 'match' || c.field !== field || c.op !== 'equals') continue;
      const values = c.values.kind === 'literals' ? c.values.values : lists(c.values.name);
      if (values.length === 1) return { node: c, value: values[0] as string };
    }
    return undefined;
  };
  const key = single('registry.key');
  const value = single('registry.value');
  if (!key || !value || key.node.caseRule !== value.node.caseRule) return undefined;
  const hiveMatch = single('registry.hive');
  // Sysmon writes the short hive name; a rule naming it so (in any case, when insensitive) joins it.
  const known = hiveMatch ? shortHive(hiveMatch.value) : undefined;
  const hive = hiveMatch && known !== undefined && (hiveMatch.node.caseRule === 'insensitive' ? known === hiveMatch.value.toUpperCase() : known === hiveMatch.value) ? hiveMatch.value : undefined;
  const used = new Set<Condition>([key.node, value.node, ...(hive !== undefined && hiveMatch ? [hiveMatch.node] : [])]);
  const cased = key.node.caseRule === 'sensitive' ? ['cased'] : [];
  const path = joinTargetObject(hive, key.value, value.value) as string;
  const logic = hive !== undefined ? item('TargetObject', cased, [sigmaLiteral(path)]) : item('TargetObject', ['endswith', ...cased], [sigmaLiteral(`\\${path}`)]);
  const parts = [...(hive !== undefined ? [`registry.hive equals "${hive}"`] : []), `registry.key equals ${JSON.stringify(key.value)}`, `registry.value equals ${JSON.stringify(value.value)}`];
  return {
    logic,
    rest: children.filter((c) => !used.has(c)),
    description: parts.join(' and '),
    reason:
      'Sysmon writes hive, key and value name as one TargetObject; a value name may itself hold backslashes, so another key and value can read the same' +
      (hive === undefined ? ', and without a hive the test holds under any hive' : ''),
  };
}
