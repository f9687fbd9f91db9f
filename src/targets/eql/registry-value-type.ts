import { literals, match, or, type Condition, type MatchNode } from '../../ir/condition.js';
import { foldAscii } from '../../semantics/fold.js';
import { typeTestVerdicts } from '../registry-type-verdicts.js';

/** The rule model's value type of a registry write (README "Fields"). */
export const REGISTRY_DATA_TYPE = 'registry.data.type';

/**
 * `registry.data.type` in Elastic. ECS names it "the standard registry type" (`REG_SZ`,
 * `REG_DWORD`, ...), as the rule model does and Elastic Defend writes it. Elastic's own Sysmon
 * pipeline (elastic/integrations, packages/windows, data stream sysmon_operational, ingest
 * pipeline default.yml; the documents of `logs-windows.sysmon_operational-*`, an index the
 * rule envelope lists, schema.ts) reads event 13's Details and writes a `DWORD (0x...)` as type
 * `SZ_DWORD` and a `QWORD (0x...-0x...)` as `SZ_QWORD`, the number in `registry.data.strings`
 * as decimal text, as ECS says (its other types, `REG_SZ` and `REG_BINARY`, are the standard
 * names). So a test on the type that holds for REG_DWORD (REG_QWORD) holds for the pipeline's
 * spelling too: `registry.data.type : ("REG_DWORD", "SZ_DWORD")`. Without it a rule on a
 * DWORD's value misses every Sysmon write that pipeline indexed.
 *
 * Exact over the rule model's events, whose types are Windows constants: a logical type
 * spelled `SZ_DWORD` has no faithful Elastic document, as a Defender name has none in KQL
 * (kql/registry-value-type.ts); the importer reads the pipeline's spelling as the constant.
 */
export const SYSMON_PIPELINE_VALUE_TYPES: readonly (readonly [windows: string, pipeline: string])[] = [
  ['REG_DWORD', 'SZ_DWORD'],
  ['REG_QWORD', 'SZ_QWORD'],
];

const BOTH_SPELLINGS: readonly string[] = SYSMON_PIPELINE_VALUE_TYPES.flat();

/** Tests already said over both spellings: emitting them again must not widen them again. */
const SAID = new WeakSet<MatchNode>();

/**
 * A test on the type said over both spellings: the test, and the pipeline's name of each
 * number type whose Windows constant it holds for (and whose pipeline name it does not).
 * Undefined when it holds for none, or the node is one this function wrote.
 */
export function typeTestOverElasticSpellings(node: MatchNode, values: readonly string[]): Condition | undefined {
  if (node.op === 'exists' || SAID.has(node)) return undefined;
  const verdicts = typeTestVerdicts(node, values, BOTH_SPELLINGS);
  const extra: string[] = [];
  // BOTH_SPELLINGS holds each pair's Windows name, then its pipeline name.
  SYSMON_PIPELINE_VALUE_TYPES.forEach(([, pipeline], i) => {
    if (verdicts[2 * i] === true && verdicts[2 * i + 1] !== true) extra.push(pipeline);
  });
  if (extra.length === 0) return undefined;
  if (node.op === 'equals' && node.quantifier === 'any' && node.caseRule === 'insensitive') {
    const widened = match({ field: node.field, op: 'equals', values: literals([...values, ...extra]), caseRule: 'insensitive' });
    SAID.add(widened);
    return widened;
  }
  const itself = match({ field: node.field, op: node.op, values: literals(values), quantifier: node.quantifier, caseRule: node.caseRule, ...(node.regexFlags ? { regexFlags: node.regexFlags } : {}) });
  SAID.add(itself);
  return or([itself, match({ field: node.field, op: 'equals', values: literals(extra), caseRule: 'insensitive' })]);
}

/** The Windows constant the pipeline's spelling stands for (for the importer); other text as is. */
export function windowsValueTypeOfElastic(type: string, sensitive: boolean): string {
  for (const [windows, pipeline] of SYSMON_PIPELINE_VALUE_TYPES) if (sensitive ? type === pipeline : foldAscii(type) === foldAscii(pipeline)) return windows;
  return type;
}
