import { EVENT_KINDS, type EventKind } from '../ir/event-kind.js';
import { HEX_VALUED_FIELDS, isHexText } from '../ir/hex-fields.js';
import { FIELDS_BY_KIND, fieldSpec } from '../ir/fields.js';
import { heldValue, REFUSED } from '../ir/field-domains.js';
import { specialise } from '../ir/normalize.js';
import type { Rule } from '../ir/rule.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';
import { isNumericOperator } from '../ir/match-operator.js';
import { describePredicate, rulePredicates, type RulePredicate } from './predicates.js';
import { satisfyingEvents } from './satisfying-events.js';
import { probeValues } from './value-variants.js';
import { isRegistryKeyKind, isRegistryKind, REGISTRY_PATH, withPathOfKind } from '../ir/registry-path.js';
import { USER_QUALIFIED_NAME, withQualifiedName } from '../ir/user-qualified-name.js';
import { readField } from '../evaluate/field-value.js';

/** A synthesised event and what it probes, e.g. `process.command_line term "stop": a letter glued after`. */
export interface ProbeEvent {
  readonly event: LogicalEvent;
  readonly probe: string;
  /** The predicate (or `window`) the probe is about; absent for base events and tests. */
  readonly predicate?: string;
}

/** Bounds the work per rule; past it the remaining probes are dropped (deterministically). */
export const MAX_PROBE_EVENTS = 8000;
/** Values of a list that get every probe; the rest get the few that matter most. */
const THOROUGH_VALUES = 6;

/**
 * Where a value "in another field" is worth trying: fields that often hold the same text, so a
 * form that reads the wrong one (Sigma's TargetObject holds key and value name; Defender's
 * InitiatingProcess* is the parent of a process but the actor of a registry write) shows up.
 */
const NEIGHBOURS: Readonly<Record<string, readonly string[]>> = {
  'process.command_line': ['process.parent.command_line'],
  'process.parent.command_line': ['process.command_line'],
  'process.name': ['process.parent.name', 'process.pe.original_file_name'],
  'process.parent.name': ['process.name', 'process.parent.parent.name'],
  'process.executable': ['process.parent.executable'],
  'process.parent.executable': ['process.executable'],
  'process.pe.original_file_name': ['process.name'],
  'registry.key': ['registry.value', 'registry.data'],
  'registry.value': ['registry.key', 'registry.data'],
  'registry.data': ['registry.value'],
  'registry.path': ['registry.data'],
  'file.name': ['process.name'],
  'file.path': ['process.executable'],
  'dll.name': ['process.name'],
  'dll.path': ['process.executable'],
  'destination.ip': ['source.ip'],
  'source.ip': ['destination.ip'],
  'destination.port': ['source.port'],
  'source.port': ['destination.port'],
};

/**
 * A file-name field and the full-path field of the same file: real events carry both, and a
 * form that reads the path (Sigma `Image|endswith: '\\sc.exe'`) parts from one that reads the
 * name (`FileName =~ "sc.exe"`) exactly when the two disagree (fields.md, first trap).
 */
const PATH_OF_NAME: Readonly<Record<string, string>> = {
  'process.name': 'process.executable',
  'process.parent.name': 'process.parent.executable',
  'file.name': 'file.path',
  'dll.name': 'dll.path',
};
const SYSTEM32 = 'C:\\Windows\\System32\\';

/**
 * Events synthesised from the rule's own literals that probe the edges of every predicate, for
 * each event kind the rule reads: each probe value replaces the field in a base event (the
 * rule's own matching test events, and one built to satisfy the rule's positive predicates),
 * plus the field missing, empty, or its value moved to a neighbouring field, plus the edges of
 * the time window. Deterministic: same rule, same events, same order.
 */
export function boundaryEvents(rule: Rule, now: number): ProbeEvent[] {
  const out: ProbeEvent[] = [];
  const seen = new Set<string>();
  const add = (event: LogicalEvent, probe: string, predicate?: string): void => {
    if (out.length >= MAX_PROBE_EVENTS) return;
    const key = canonicalKey(event);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(predicate === undefined ? { event, probe } : { event, probe, predicate });
  };
  const predicates = rulePredicates(rule);
  for (const kind of rule.logsources) {
    const mine = predicates.filter((p) => fieldSpec(kind, p.node.field) !== undefined);
    const twins = twinKinds(kind).filter((k) => !rule.logsources.includes(k));
    for (const { event: base, name: baseName } of baseEvents(rule, kind, mine, now)) {
      add(base, `${baseName}`);
      // The same event of a kind the rule does not read, which never matches it: where two
      // kinds share a table or a category (file_event and file_delete share Defender's
      // DeviceFileEvents and ECS's file), a form that forgets to tell them apart fires on it.
      for (const twin of twins) add({ ...base, kind: twin }, `${baseName}, as a ${twin} event`);
      for (const p of mine) probePredicate(p, kind, base, baseName, add);
      if (rule.window) probeWindow(rule.window.ms, base, baseName, now, add);
    }
  }
  return out;
}

/** Other kinds with exactly this kind's fields (file_event and file_delete): one event reads as either. */
function twinKinds(kind: EventKind): readonly EventKind[] {
  const names = (k: EventKind): string => FIELDS_BY_KIND[k].map((f) => f.name).sort().join('\n');
  return EVENT_KINDS.filter((k) => k !== kind && names(k) === names(kind));
}

type AddProbe = (e: LogicalEvent, probe: string, predicate?: string) => void;

function probePredicate(p: RulePredicate, kind: EventKind, base: LogicalEvent, baseName: string, add: AddProbe): void {
  const field = p.node.field;
  const all = describePredicate(p.node);
  const at = (label: string): string => `${all}: ${label} (${baseName})`;
  add(withField(base, field, undefined, kind), at('field missing'), all);
  add(withField(base, field, null, kind), at('field null'), all);
  if (canHold(kind, field, '')) add(withField(base, field, '', kind), at('field empty'), all);
  if (field === REGISTRY_PATH && isRegistryKind(kind)) {
    // The path is derived from its parts (registry-path.ts): each way of having none, one at a time.
    add(withField(base, 'registry.hive', undefined, kind), at('no hive'), all);
    add(withField(base, 'registry.hive', 'HKCC', kind), at('a hive the path has no name for'), all);
    add(withField(base, 'registry.key', '', kind), at('empty key'), all);
    // A deletion without a value name is a key deletion, whose path is the key's.
    if (kind !== 'registry_add') add(withField(base, 'registry.value', '', kind), at('empty value name'), all);
    if (kind === 'registry_delete') add(withField(base, 'registry.value', undefined, kind), at('a key deletion'), all);
    add(withField(base, 'registry.hive', 'hkey_local_machine', kind), at('the hive by its long name'), all);
  }
  if (field === USER_QUALIFIED_NAME) {
    // Derived from domain and name (user-qualified-name.ts): each way of having none.
    add(withField(base, 'user.domain', undefined, kind), at('no domain'), all);
    add(withField(base, 'user.domain', '', kind), at('empty domain'), all);
    add(withField(base, 'user.name', '', kind), at('empty name'), all);
  }
  const values = p.node.op === 'exists' ? [''] : p.values;
  values.forEach((literal, i) => {
    const thorough = i < THOROUGH_VALUES || /[^A-Za-z0-9]/.test(literal);
    const one = describePredicate(p.node, literal);
    for (const probe of probeValues(p.node.op, literal, thorough)) {
      // Every schema keeps a number field as a whole number in its range (ir/field-domains.ts)
      // and a hash as hex digits (ir/hex-fields.ts): other values there are events no source
      // writes, which unirule refuses as input.
      if (!canHold(kind, field, probe.value)) continue;
      const label = `${one}: ${probe.label}`;
      const probed = withField(base, field, probe.value, kind);
      add(probed, `${label} (${baseName})`, one);
      const pathField = PATH_OF_NAME[field];
      // A probe that is already a path ("after a path") is its own path, not one nested in another.
      if (pathField && fieldSpec(kind, pathField)) add(withField(probed, pathField, probe.value.includes('\\') ? probe.value : SYSTEM32 + probe.value, kind), `${label}, with its path in ${pathField} (${baseName})`, one);
    }
    if (!thorough || isNumericOperator(p.node.op)) return;
    for (const other of NEIGHBOURS[field] ?? []) {
      if (!fieldSpec(kind, other) || !canHold(kind, field, 'other') || !canHold(kind, other, literal)) continue;
      const moved = withField(withField(base, field, 'other', kind), other, literal, kind);
      add(moved, `${one}: the value in ${other} instead (${baseName})`, one);
    }
  });
}

function probeWindow(windowMs: number, base: LogicalEvent, baseName: string, now: number, add: AddProbe): void {
  const at = (label: string): string => `window: ${label} (${baseName})`;
  add(withField(base, '@timestamp', undefined, base.kind as EventKind), at('no @timestamp'), 'window');
  add(withField(base, '@timestamp', iso(now - windowMs), base.kind as EventKind), at('exactly at the start of the window'), 'window');
  add(withField(base, '@timestamp', iso(now - windowMs + 1000), base.kind as EventKind), at('a second inside the window'), 'window');
  add(withField(base, '@timestamp', iso(now - windowMs - 1000), base.kind as EventKind), at('a second before the window'), 'window');
}

interface BaseEvent {
  readonly event: LogicalEvent;
  readonly name: string;
}

/**
 * The events probes are made from: the rule's own test events of this kind (those expected to
 * match first: a probe that turns a match into a non-match tests an edge), then one built to
 * satisfy every positive predicate with its first value.
 */
function baseEvents(rule: Rule, kind: EventKind, predicates: readonly RulePredicate[], now: number): BaseEvent[] {
  const tests = rule.tests.cases.filter((c) => c.event.kind === kind);
  const ordered = [...tests.filter((c) => c.expect === 'match'), ...tests.filter((c) => c.expect !== 'match')].slice(0, 3);
  const bases: BaseEvent[] = ordered.map((c) => ({ event: c.event, name: `from test "${c.name}"` }));
  const specialised = specialise(rule.condition, kind);
  if (specialised.kind === 'const' && !specialised.value) return bases;
  let event: LogicalEvent = { kind, '@timestamp': iso(now - 60_000), 'host.name': 'host-1' };
  for (const p of predicates) {
    if (p.negated || readField(event, p.node.field) !== undefined) continue;
    const first = p.node.op === 'exists' ? (fieldSpec(kind, p.node.field)?.type === 'number' ? '1' : 'x') : p.values[0];
    if (first === undefined) continue;
    const probe = probeValues(p.node.op, first, false)[0];
    if (!probe || !typedCanHold(kind, p.node.field, probe.value)) continue;
    event = withField(event, p.node.field, probe.value, kind);
    const pathField = PATH_OF_NAME[p.node.field];
    if (pathField && fieldSpec(kind, pathField) && event[pathField] === undefined) event = withField(event, pathField, SYSTEM32 + probe.value, kind);
  }
  // A registry write always names its hive and value; a projection may need them (Defender's
  // RegistryKey starts with the full hive name, Sysmon's TargetObject ends with the value name).
  if (kind === 'registry_set') {
    if (event['registry.hive'] === undefined) event = withField(event, 'registry.hive', 'HKLM', kind);
    if (event['registry.value'] === undefined) event = withField(event, 'registry.value', 'Start', kind);
  }
  // Likewise every registry key event names its hive (Defender's RegistryKey starts with it).
  if (isRegistryKeyKind(kind) && event['registry.hive'] === undefined) event = withField(event, 'registry.hive', 'HKLM', kind);
  bases.push({ event, name: 'synthesised' });
  // And one event per way the rule can fire, so every branch has probes that start from a match.
  const known = new Set(bases.map((b) => canonicalKey(b.event)));
  satisfyingEvents(rule, kind, now, iso(now - 60_000)).forEach((e, i) => {
    if (!known.has(canonicalKey(e))) bases.push({ event: e, name: `synthesised to match, way ${i + 1}` });
  });
  return bases;
}

/** A copy of the event with one field set (undefined removes it), typed as the taxonomy says. */
function withField(event: LogicalEvent, field: string, value: string | null | undefined, kind: EventKind): LogicalEvent {
  // The path is its parts: a path probe rewrites them (registry-path.ts).
  if (field === REGISTRY_PATH && isRegistryKind(kind)) return withPathOfKind(event, value);
  if (field === USER_QUALIFIED_NAME) return withQualifiedName(event, value);
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(event)) if (k !== field && v !== undefined) out[k] = v;
  if (value !== undefined) out[field] = typed(kind, field, value);
  return out as LogicalEvent;
}

function isNumberText(value: string): boolean {
  return value.trim() !== '' && Number.isFinite(Number(value));
}

function typed(kind: EventKind, field: string, value: string | null): FieldValue {
  if (value === null) return null;
  const type = fieldSpec(kind, field)?.type;
  if (type === 'string[]') return [value];
  if (type === 'number' && isNumberText(value)) return Number(value);
  return value;
}

/**
 * Whether the field can hold the value as `typed` writes it (ir/field-domains.ts): the check
 * probes no event that unirule would refuse to read (a pid of -1 or "", a time that is none).
 */
function canHold(kind: EventKind, field: string, value: string): boolean {
  return (!HEX_VALUED_FIELDS.has(field) || isHexText(value)) && typedCanHold(kind, field, value);
}

function typedCanHold(kind: EventKind, field: string, value: string): boolean {
  return heldValue(kind, field, typed(kind, field, value)) !== REFUSED;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Key order does not make two events different. */
export function canonicalKey(event: LogicalEvent): string {
  return JSON.stringify(Object.keys(event).sort().map((k) => [k, event[k]]));
}
