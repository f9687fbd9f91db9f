import { and, literals, match, not, or, type Condition, type MatchNode } from '../../ir/condition.js';
import { foldAscii } from '../../semantics/fold.js';
import { typeTestVerdicts } from '../registry-type-verdicts.js';

/**
 * `registry.data.type` in Defender. The rule model, Sysmon's readers and ECS name a value's
 * type by its Windows constant (`REG_DWORD`); Defender's `RegistryValueType` does not: it writes
 * `Dword`, `String`, `Binary`, `None`, ... — hunting queries test `RegistryValueType == "Dword"`
 * — so the projection writes each known type under Defender's name and reads it back, and a
 * test on the type is said over Defender's names.
 *
 * The names: `Dword` and `None` appear in published Defender hunting queries; `String` and
 * `Binary` were seen in rows by an earlier engineer; `ExpandString`, `MultiString` and `Qword`
 * follow the same scheme (the .NET RegistryValueKind names, spelled with a lower-case second
 * word as `Dword` is) and are not confirmed from a published row.
 *
 * Any other text is carried as is. A logical type spelled like one of Defender's names
 * (`Dword` instead of `REG_DWORD`) has no faithful Defender row: it would read back as REG_DWORD.
 */
export const DEFENDER_VALUE_TYPES: readonly (readonly [windows: string, defender: string])[] = [
  ['REG_SZ', 'String'],
  ['REG_EXPAND_SZ', 'ExpandString'],
  ['REG_MULTI_SZ', 'MultiString'],
  ['REG_BINARY', 'Binary'],
  ['REG_DWORD', 'Dword'],
  ['REG_QWORD', 'Qword'],
  ['REG_NONE', 'None'],
];

/*
 * Each side's names and their folded forms, once: the emitter asks for every type test of
 * every registry rule.
 */
const WINDOWS_NAMES: readonly string[] = DEFENDER_VALUE_TYPES.map((p) => p[0]);
const DEFENDER_NAMES: readonly string[] = DEFENDER_VALUE_TYPES.map((p) => p[1]);
const FOLDED_WINDOWS: readonly string[] = WINDOWS_NAMES.map(foldAscii);
const FOLDED_DEFENDER: readonly string[] = DEFENDER_NAMES.map(foldAscii);

/** The Defender name of a Windows type constant in any (ASCII) case; other text as is. */
export function defenderValueType(type: string): string {
  const i = FOLDED_WINDOWS.indexOf(foldAscii(type));
  return i < 0 ? type : (DEFENDER_NAMES[i] as string);
}

/** Back from a Defender name (any case) to the Windows constant; other text as is. */
export function windowsValueType(type: string): string {
  const i = FOLDED_DEFENDER.indexOf(foldAscii(type));
  return i < 0 ? type : (WINDOWS_NAMES[i] as string);
}

/**
 * A test as it reads on the other side of the renaming, for both directions: the known types
 * whose name on `from`'s side the test holds for, as an insensitive equality on their names on
 * `to`'s side, or — for any other value, which both sides carry as is — the test itself.
 * Exact for any operator and case rule, since a known type's name on each side is fixed text.
 * The second part is left out when no other value can pass: an equality whose values are all
 * names of known types.
 */
function across(node: MatchNode, values: readonly string[], from: 'windows' | 'defender'): Condition {
  const literal: MatchNode = { ...node, values: literals(values) };
  if (node.op === 'exists') return literal;
  const verdicts = typeTestVerdicts(node, values, from === 'windows' ? WINDOWS_NAMES : DEFENDER_NAMES);
  const toNames = from === 'windows' ? DEFENDER_NAMES : WINDOWS_NAMES;
  const foldedFrom = from === 'windows' ? FOLDED_WINDOWS : FOLDED_DEFENDER;
  const passing: string[] = [];
  for (let i = 0; i < toNames.length; i++) if (verdicts[i]) passing.push(toNames[i] as string);
  const named = passing.length > 0 ? [match({ field: node.field, op: 'equals', values: literals(passing), caseRule: 'insensitive' })] : [];
  let onlyNames = node.op === 'equals';
  for (let i = 0; i < values.length && onlyNames; i++) onlyNames = foldedFrom.includes(foldAscii(values[i] as string));
  if (onlyNames) return or(named);
  const known = match({ field: node.field, op: 'equals', values: literals(toNames), caseRule: 'insensitive' });
  return or([...named, and([not(known), literal])]);
}

/** A rule-model test on the type, said over Defender's names (for the emitter). */
export function typeTestForDefender(node: MatchNode, values: readonly string[]): Condition {
  return across(node, values, 'windows');
}

/** A test on `RegistryValueType` as written in KQL, said over the Windows constants (for the importer). */
export function typeTestFromDefender(node: MatchNode, values: readonly string[]): Condition {
  return across(node, values, 'defender');
}
