import type { Condition, MatchNode } from '../../ir/condition.js';
import { foldAscii } from '../../semantics/fold.js';
import { canonicalDecimalAtMost } from './decimal-range.js';
import { needleReadsData, regexReadsData, renderingCanHold } from './details-rendering.js';
import { item, type SigmaLogic } from './emit-logic.js';
import { onField } from './emit-predicate.js';
import { sigmaLiteral } from './escape.js';
import { EMPTY_DETAILS, renderDetails } from './taxonomy.js';

/**
 * The writer's side of import-details.ts: in a conjunction that says "not a binary write", a
 * test on `registry.data` whose every value no rendering of Sysmon's `Details` can hold (a
 * backslash, a dot, ...) is that very test on Details, exactly: on a write that is not binary,
 * Details is the data, or a rendering of a number that cannot hold the value either
 * (details-rendering.ts). So `registry.data contains '\Temp\' and not registry.data.type
 * equals REG_BINARY` is `Details|contains: '\Temp\'`, and the guard is said by it too. Only
 * the guard the importer writes is recognised: a case-insensitive equality with REG_BINARY.
 * The importer's other readings are written back the same way, in the same conjunction:
 * - `registry.data equals ["", "(Empty)"]` is `Details: '(Empty)'`: Sysmon shows empty data
 *   on a write that is not binary as `(Empty)`, and text data as itself;
 * - with "and Sysmon does not render the data as a number" too (`renderedNumber` of the
 *   importer), digits that start or end the data are `Details|startswith: '4'`: on such a
 *   write Details is the data, or `(Empty)` for empty data, which holds no digit.
 * A Details item says "not binary" (and "not a rendered number") for every copy of the guard
 * in the conjunction: `Details|contains|all` reads as one guard per value.
 */
export interface CombinedDetails {
  /** One Details item per data test, in the conjunction's order. */
  readonly logic: readonly SigmaLogic[];
  /** The conjunction's other members. */
  readonly rest: readonly Condition[];
}

export function combineDetails(children: readonly Condition[], lists: (name: string) => readonly string[]): CombinedDetails | undefined {
  const guards = children.filter(isNotBinaryGuard);
  if (guards.length === 0) return undefined;
  const notRendered = children.filter(isNotRenderedNumber);
  const logic: SigmaLogic[] = [];
  const used = new Set<Condition>(guards);
  let digitsUsed = false;
  for (const c of children) {
    if (c.kind !== 'match' || c.field !== 'registry.data') continue;
    const values = c.values.kind === 'literals' ? c.values.values : lists(c.values.name);
    if (values.length === 0) continue;
    if (values.every((v) => readsData(c, v))) {
      logic.push(onField('Details', c, values));
    } else if (notRendered.length > 0 && values.every((v) => readsData(c, v) || digitsReadData(c, v))) {
      logic.push(onField('Details', c, values));
      digitsUsed = true;
    } else {
      const empty = emptyOrText(c, values);
      if (empty === undefined) continue;
      logic.push(onField('Details', c, empty));
    }
    used.add(c);
  }
  if (digitsUsed) for (const n of notRendered) used.add(n);
  return logic.length === 0 ? undefined : { logic, rest: children.filter((c) => !used.has(c)) };
}

function readsData(node: MatchNode, value: string): boolean {
  switch (node.op) {
    case 'equals':
    case 'contains':
    case 'startswith':
    case 'endswith':
      return needleReadsData(node.op, value);
    case 'regex':
      return regexReadsData(value, node.regexFlags?.dotAll ?? false);
    default:
      return false;
  }
}

/**
 * A needle that no rendering holds in that place but that is not read by `readsData` (digits,
 * which a rendered number's data holds): next to "not a rendered number" and "not binary",
 * Details is the data, or `(Empty)` for empty data, which no such needle fits either.
 */
function digitsReadData(node: MatchNode, value: string): boolean {
  return (node.op === 'contains' || node.op === 'startswith' || node.op === 'endswith') && value !== '' && !renderingCanHold(node.op, value);
}

/**
 * An equality with empty data and the text `(Empty)` (any case when insensitive), and
 * otherwise only values that read the data: the values Details is tested with, `(Empty)` once
 * and no "". Undefined for any other test: "" alone would also take the text `(Empty)`, and the
 * text alone would take empty data, so only both together are `Details: '(Empty)'`.
 */
function emptyOrText(node: MatchNode, values: readonly string[]): readonly string[] | undefined {
  if (node.op !== 'equals' || node.quantifier !== 'any') return undefined;
  const isEmptyText = (v: string): boolean => (node.caseRule === 'sensitive' ? v === EMPTY_DETAILS : foldAscii(v) === foldAscii(EMPTY_DETAILS));
  const texts = values.filter(isEmptyText);
  if (!values.includes('') || texts.length === 0) return undefined;
  const others = values.filter((v) => v !== '' && !isEmptyText(v));
  if (!others.every((v) => readsData(node, v))) return undefined;
  return [texts[0] as string, ...others];
}

/**
 * The importer's "Sysmon does not render the data as a number" (import-details.ts
 * `renderedNumber`): not (a REG_DWORD whose data is a canonical decimal up to 2^32-1, or a
 * REG_QWORD whose data is one up to 2^64-1), in either order.
 */
function isNotRenderedNumber(c: Condition): boolean {
  if (c.kind !== 'not' || c.child.kind !== 'or' || c.child.children.length !== 2) return false;
  const seen = new Set<string>();
  for (const branch of c.child.children) {
    const number = numberTypeAndRange(branch);
    if (number === undefined) return false;
    seen.add(number);
  }
  return seen.size === 2;
}

const NUMBER_RANGES: ReadonlyMap<string, string> = new Map([
  ['REG_DWORD', canonicalDecimalAtMost(0xffffffffn)],
  ['REG_QWORD', canonicalDecimalAtMost(0xffffffffffffffffn)],
]);

/** `registry.data.type equals T and registry.data regex <canonical decimals of T's range>`: T. */
function numberTypeAndRange(c: Condition): string | undefined {
  if (c.kind !== 'and' || c.children.length !== 2) return undefined;
  const type = c.children.find((m): m is MatchNode => m.kind === 'match' && m.field === 'registry.data.type');
  const data = c.children.find((m): m is MatchNode => m.kind === 'match' && m.field === 'registry.data');
  const t = type && oneValue(type, 'insensitive')?.toUpperCase();
  const range = t === undefined ? undefined : NUMBER_RANGES.get(t);
  if (range === undefined || data === undefined || data.op !== 'regex' || data.caseRule !== 'sensitive' || data.regexFlags?.multiline === true) return undefined;
  if (data.values.kind !== 'literals' || data.values.values.length !== 1 || data.values.values[0] !== range) return undefined;
  return t;
}

function isNotBinaryGuard(c: Condition): boolean {
  if (c.kind !== 'not' || c.child.kind !== 'match') return false;
  const m = c.child;
  return (
    m.field === 'registry.data.type' &&
    m.op === 'equals' &&
    m.caseRule === 'insensitive' &&
    m.values.kind === 'literals' &&
    m.values.values.length === 1 &&
    m.values.values[0]?.toUpperCase() === 'REG_BINARY'
  );
}

/**
 * The importer's reading of `Details: 'DWORD (0x00000001)'` written back: in a disjunction,
 * "a REG_DWORD (REG_QWORD) whose data is 1" next to "data equal to the rendering of 1, on a
 * write that is not binary" is one equality with that rendering on Details, exactly. Sysmon
 * shows such a write as that text, no other number renders so, a write it does not render as
 * a number shows its data, and a binary write shows `Binary Data`.
 */
export function combineRenderedNumbers(children: readonly Condition[]): CombinedDetails | undefined {
  const logic: SigmaLogic[] = [];
  const used = new Set<Condition>();
  for (const c of children) {
    const number = renderedNumberTest(c);
    if (number === undefined) continue;
    const rendering = renderDetails(number.data, number.type);
    if (rendering === number.data) continue;
    for (const d of children) {
      const text = used.has(d) ? undefined : textEquality(d);
      if (text === undefined) continue;
      const same = text.node.caseRule === 'sensitive' ? text.value === rendering : foldAscii(text.value) === foldAscii(rendering);
      if (!same) continue;
      used.add(c).add(d);
      logic.push(item('Details', text.node.caseRule === 'sensitive' ? ['cased'] : [], [sigmaLiteral(text.value)]));
      break;
    }
  }
  return logic.length === 0 ? undefined : { logic, rest: children.filter((c) => !used.has(c)) };
}

/** `registry.data.type equals REG_DWORD|REG_QWORD and registry.data equals <n>`, one value each. */
function renderedNumberTest(c: Condition): { type: string; data: string } | undefined {
  if (c.kind !== 'and' || c.children.length !== 2) return undefined;
  const type = c.children.find((m): m is MatchNode => m.kind === 'match' && m.field === 'registry.data.type');
  const data = c.children.find((m): m is MatchNode => m.kind === 'match' && m.field === 'registry.data');
  const t = type && oneValue(type, 'insensitive')?.toUpperCase();
  const n = data && oneValue(data, data.caseRule);
  if (t === undefined || n === undefined || (t !== 'REG_DWORD' && t !== 'REG_QWORD')) return undefined;
  return { type: t, data: n };
}

/** `registry.data equals <text> and not registry.data.type equals REG_BINARY`. */
function textEquality(c: Condition): { node: MatchNode; value: string } | undefined {
  if (c.kind !== 'and' || c.children.length !== 2 || !c.children.some(isNotBinaryGuard)) return undefined;
  const data = c.children.find((m): m is MatchNode => m.kind === 'match' && m.field === 'registry.data');
  const value = data && oneValue(data, data.caseRule);
  return data && value !== undefined ? { node: data, value } : undefined;
}

/** The one literal of an equality with any quantifier and the given case rule. */
function oneValue(m: MatchNode, caseRule: MatchNode['caseRule']): string | undefined {
  if (m.op !== 'equals' || m.caseRule !== caseRule || m.values.kind !== 'literals' || m.values.values.length !== 1) return undefined;
  return m.values.values[0];
}
