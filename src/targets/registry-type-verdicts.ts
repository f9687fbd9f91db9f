import { literals, type MatchNode } from '../ir/condition.js';
import { compileCondition, makeScope } from '../evaluate/compile-condition.js';

/**
 * Which of `names` — registry value type names, fixed text — a test on `registry.data.type`
 * holds for, by the rule model's own semantics. A target whose schema spells a type another
 * way (Defender's `Dword`, Elastic's Sysmon pipeline's `SZ_DWORD`) says a test over both
 * spellings by asking this of each. The answer depends only on the test (field, operator, case
 * rule, quantifier, flags, values) and the names, and type tests repeat across a rule set
 * (`REG_DWORD`, `REG_BINARY`, ...), so answers are kept, keyed by all of that, in a bounded
 * table: a test is compiled once, not at every rule that writes it.
 */
export function typeTestVerdicts(node: MatchNode, values: readonly string[], names: readonly string[]): readonly boolean[] {
  let key = `${node.field}\u0000${node.op}\u0000${node.caseRule}\u0000${node.quantifier}\u0000${node.regexFlags?.multiline === true}${node.regexFlags?.dotAll === true}`;
  // Each value and name with its length before it: no two lists share a key.
  for (let i = 0; i < values.length; i++) key += `\u0000${(values[i] as string).length}:${values[i] as string}`;
  key += '\u0001';
  for (let i = 0; i < names.length; i++) key += `\u0000${(names[i] as string).length}:${names[i] as string}`;
  const known = VERDICTS.get(key);
  if (known !== undefined) return known;
  const test = compileCondition({ ...node, values: literals(values) }, () => []);
  const verdicts = names.map((value) => test(makeScope('registry_set', (f) => (f === node.field ? value : undefined))));
  if (VERDICTS.size >= MAX_VERDICTS) VERDICTS.clear();
  VERDICTS.set(key, verdicts);
  return verdicts;
}

const VERDICTS = new Map<string, readonly boolean[]>();
const MAX_VERDICTS = 512;
