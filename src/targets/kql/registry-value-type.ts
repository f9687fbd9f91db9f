import { and, literals, match, not, or, type Condition, type MatchNode } from '../../ir/condition.js';
import { compileCondition, makeScope } from '../../evaluate/compile-condition.js';

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

const fold = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** The Defender name of a Windows type constant in any (ASCII) case; other text as is. */
export function defenderValueType(type: string): string {
  return DEFENDER_VALUE_TYPES.find(([w]) => fold(w) === fold(type))?.[1] ?? type;
}

/** Back from a Defender name (any case) to the Windows constant; other text as is. */
export function windowsValueType(type: string): string {
  return DEFENDER_VALUE_TYPES.find(([, d]) => fold(d) === fold(type))?.[0] ?? type;
}

/** Which of `values` the test holds for; compiled once, run on each. */
function holdsFor(node: MatchNode, values: readonly string[]): boolean[] {
  const test = compileCondition(node, () => []);
  return values.map((value) => test(makeScope('registry_set', (f) => (f === node.field ? value : undefined))));
}

/**
 * A test as it reads on the other side of the renaming, for both directions: the known types
 * whose name on `from`'s side the test holds for, as an insensitive equality on their names on
 * `to`'s side, or — for any other value, which both sides carry as is — the test itself.
 * Exact for any operator and case rule, since a known type's name on each side is fixed text.
 * The second part is left out when no other value can pass: an equality whose values are all
 * names of known types.
 */
function across(node: MatchNode, values: readonly string[], from: (w: string, d: string) => string, to: (w: string, d: string) => string): Condition {
  const literal: MatchNode = { ...node, values: literals(values) };
  const verdicts = holdsFor(literal, DEFENDER_VALUE_TYPES.map(([w, d]) => from(w, d)));
  const passing = DEFENDER_VALUE_TYPES.filter((_, i) => verdicts[i]).map(([w, d]) => to(w, d));
  const known = match({ field: node.field, op: 'equals', values: literals(DEFENDER_VALUE_TYPES.map(([w, d]) => to(w, d))), caseRule: 'insensitive' });
  const named = passing.length > 0 ? [match({ field: node.field, op: 'equals', values: literals(passing), caseRule: 'insensitive' })] : [];
  const onlyNames = node.op === 'equals' && values.every((v) => DEFENDER_VALUE_TYPES.some(([w, d]) => fold(from(w, d)) === fold(v)));
  if (onlyNames || node.op === 'exists') return node.op === 'exists' ? literal : or(named);
  return or([...named, and([not(known), literal])]);
}

/** A rule-model test on the type, said over Defender's names (for the emitter). */
export function typeTestForDefender(node: MatchNode, values: readonly string[]): Condition {
  return across(node, values, (w) => w, (_w, d) => d);
}

/** A test on `RegistryValueType` as written in KQL, said over the Windows constants (for the importer). */
export function typeTestFromDefender(node: MatchNode, values: readonly string[]): Condition {
  return across(node, values, (_w, d) => d, (w) => w);
}
