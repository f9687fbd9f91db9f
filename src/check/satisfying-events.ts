import { compileRule } from '../evaluate/reference-evaluator.js';
import { assertNever, type Condition, type MatchNode } from '../ir/condition.js';
import type { EventKind } from '../ir/event-kind.js';
import { fieldSpec } from '../ir/fields.js';
import { heldValue, REFUSED } from '../ir/field-domains.js';
import type { MatchOperator } from '../ir/match-operator.js';
import { onKind } from '../ir/kind-fields.js';
import type { Rule } from '../ir/rule.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';
import { probeValues } from './value-variants.js';
import { isRegistryKeyKind, keyPartsForPath, partsForPath, REGISTRY_PATH } from '../ir/registry-path.js';
import { splitQualifiedName, USER_QUALIFIED_NAME } from '../ir/user-qualified-name.js';

/**
 * Events that make the rule fire, one per way of satisfying its condition, for probes to start
 * from. Setting each field to the first value of its first predicate misses most rules written
 * the SigmaHQ way: two `contains` on one field (`CommandLine|contains|all`) leave the field
 * holding one of them, and alternatives (`1 of selection_*`) are reached only through the first.
 * A probe that starts from an event the rule does not match can only find false positives of
 * the other side, never its misses. So: each way through `any` is its own event, `all` merges
 * its parts, and the values one field must hold together are written into one text
 * (`startswith` first, `endswith` last, `contains`/`term` between, spaces apart). Each event
 * is kept only when the reference evaluator matches it; deterministic, at most MAX_WAYS.
 */
export const MAX_WAYS = 8;

interface Requirement {
  readonly node: MatchNode;
  readonly value: string;
}

type Way = readonly Requirement[];

export function satisfyingEvents(rule: Rule, kind: EventKind, now: number, timestamp: string): LogicalEvent[] {
  // An event of a kind never carries another kind's fields (registry.value on a key created):
  // tests on them are settled, not synthesised.
  const condition = onKind(rule.condition, kind);
  const reference = compileRule(rule);
  const out: LogicalEvent[] = [];
  for (const way of waysOf(condition, rule)) {
    const event = eventFor(way, kind, timestamp);
    if (reference(event, { now }).matched) out.push(event);
  }
  return out;
}

/** Ways to make `c` true, each a set of positive predicates that hold together (negations left to absent fields). */
function waysOf(c: Condition, rule: Rule): Way[] {
  switch (c.kind) {
    case 'const':
      return c.value ? [[]] : [];
    case 'eventKind':
    case 'not':
      // Specialised away, or true when the fields it reads are absent (the evaluator checks).
      return [[]];
    case 'match': {
      const values = c.values.kind === 'literals' ? c.values.values : (rule.lists.get(c.values.name) ?? []);
      if (c.op === 'exists') return [[{ node: c, value: 'x' }]];
      if (c.quantifier === 'all') return [values.map((value) => ({ node: c, value }))];
      return values.slice(0, MAX_WAYS).map((value) => [{ node: c, value }]);
    }
    case 'or':
      return c.children.flatMap((child) => waysOf(child, rule)).slice(0, MAX_WAYS);
    case 'and': {
      let ways: Way[] = [[]];
      for (const child of c.children) {
        const options = waysOf(child, rule);
        ways = ways.flatMap((w) => options.map((o) => [...w, ...o])).slice(0, MAX_WAYS);
      }
      return ways;
    }
    default:
      return assertNever(c, 'condition');
  }
}

function numberFor(text: string, reqs: readonly Requirement[]): FieldValue {
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return reqs.every((r) => r.node.op === 'exists') ? 1 : text;
}

const PATH_OF_NAME: Readonly<Record<string, string>> = {
  'process.name': 'process.executable',
  'process.parent.name': 'process.parent.executable',
  'file.name': 'file.path',
  'dll.name': 'dll.path',
};

function eventFor(way: Way, kind: EventKind, timestamp: string): LogicalEvent {
  const byField = new Map<string, Requirement[]>();
  for (const r of way) byField.set(r.node.field, [...(byField.get(r.node.field) ?? []), r]);
  const event: Record<string, FieldValue> = { kind, '@timestamp': timestamp, 'host.name': 'host-1' };
  for (const [field, reqs] of byField) {
    const text = fieldText(reqs);
    const type = fieldSpec(kind, field)?.type;
    // A numeric field holds a number in every schema: its text as one, or any number for `exists`;
    // a value no schema holds there leaves the field out (and the reference then decides).
    const value = heldValue(kind, field, type === 'string[]' ? [text] : type === 'number' ? numberFor(text, reqs) : text);
    if (value === REFUSED) continue;
    event[field] = value;
    const path = PATH_OF_NAME[field];
    if (path && fieldSpec(kind, path) && !byField.has(path)) event[path] = `C:\\Windows\\System32\\${text}`;
  }
  // A path is its parts (registry-path.ts): the parts no requirement names spell it.
  const path = event[REGISTRY_PATH];
  if (kind === 'registry_add' && typeof path === 'string') {
    delete event[REGISTRY_PATH];
    const parts = keyPartsForPath(path);
    if (!byField.has('registry.hive')) event['registry.hive'] = parts.hive;
    if (!byField.has('registry.key')) event['registry.key'] = parts.key;
  }
  if ((kind === 'registry_set' || kind === 'registry_delete') && typeof path === 'string') {
    delete event[REGISTRY_PATH];
    const parts = partsForPath(path);
    if (!byField.has('registry.hive')) event['registry.hive'] = parts.hive;
    if (!byField.has('registry.key')) event['registry.key'] = parts.key;
    if (!byField.has('registry.value')) event['registry.value'] = parts.value;
  }
  // A qualified name is its parts (user-qualified-name.ts).
  const qualified = event[USER_QUALIFIED_NAME];
  if (typeof qualified === 'string') {
    delete event[USER_QUALIFIED_NAME];
    const parts = splitQualifiedName(qualified) ?? { domain: 'CORP', name: qualified === '' ? 'alice' : qualified };
    if (!byField.has('user.domain')) event['user.domain'] = parts.domain;
    if (!byField.has('user.name')) event['user.name'] = parts.name;
  }
  // A registry write always names its hive and value (as the synthesised base event does).
  if (kind === 'registry_set') {
    event['registry.hive'] ??= 'HKLM';
    event['registry.value'] ??= 'Start';
  }
  if (isRegistryKeyKind(kind)) event['registry.hive'] ??= 'HKLM';
  return event as LogicalEvent;
}

const PLACE: Readonly<Partial<Record<MatchOperator, 'start' | 'middle' | 'end'>>> = {
  startswith: 'start',
  contains: 'middle',
  term: 'middle',
  termprefix: 'middle',
  termsuffix: 'middle',
  endswith: 'end',
};

/** One text that every requirement on the field accepts, where one exists this simply. */
function fieldText(reqs: readonly Requirement[]): string {
  const sample = (r: Requirement): string => probeValues(r.node.op, r.value, false)[0]?.value ?? r.value;
  const exact = reqs.find((r) => r.node.op === 'equals');
  if (exact) return exact.value;
  const placed = (where: 'start' | 'middle' | 'end'): string[] => reqs.filter((r) => PLACE[r.node.op] === where).map((r) => r.value);
  const others = reqs.filter((r) => PLACE[r.node.op] === undefined).map(sample);
  const parts = [...placed('start').slice(0, 1), ...placed('middle'), ...others, ...placed('end').slice(0, 1)];
  return parts.join(' ');
}
