import type { Condition, MatchNode } from '../../ir/condition.js';
import { foldAscii } from '../../semantics/fold.js';
import { needleReadsData, regexReadsData } from './details-rendering.js';
import { item, type SigmaLogic } from './emit-logic.js';
import { onField } from './emit-predicate.js';
import { sigmaLiteral } from './escape.js';
import { renderDetails } from './taxonomy.js';

/**
 * The writer's side of import-details.ts: in a conjunction that says "not a binary write", a
 * test on `registry.data` whose every value no rendering of Sysmon's `Details` can hold (a
 * backslash, a dot, ...) is that very test on Details, exactly: on a write that is not binary,
 * Details is the data, or a rendering of a number that cannot hold the value either
 * (details-rendering.ts). So `registry.data contains '\Temp\' and not registry.data.type
 * equals REG_BINARY` is `Details|contains: '\Temp\'`, and the guard is said by it too. Only
 * the guard the importer writes is recognised: a case-insensitive equality with REG_BINARY.
 */
export interface CombinedDetails {
  /** One Details item per data test, in the conjunction's order. */
  readonly logic: readonly SigmaLogic[];
  /** The conjunction's other members. */
  readonly rest: readonly Condition[];
}

export function combineDetails(children: readonly Condition[], lists: (name: string) => readonly string[]): CombinedDetails | undefined {
  const guard = children.find(isNotBinaryGuard);
  if (guard === undefined) return undefined;
  const logic: SigmaLogic[] = [];
  const used = new Set<Condition>([guard]);
  for (const c of children) {
    if (c.kind !== 'match' || c.field !== 'registry.data') continue;
    const values = c.values.kind === 'literals' ? c.values.values : lists(c.values.name);
    if (values.length === 0 || !values.every((v) => readsData(c, v))) continue;
    logic.push(onField('Details', c, values));
    used.add(c);
  }
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
