import fc from 'fast-check';
import { and, constant, eventKindIs, listRef, literals, match, not, or, type Condition } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { Rule } from '../../src/ir/rule.js';
import type { LogicalEvent } from '../../src/ir/value.js';

/**
 * Random rules and events for property tests. Values are drawn from hostile material — every
 * kind of quote, backslashes (single, double, trailing), glob and YAML metacharacters, leading
 * `-`, line breaks, tabs, non-ASCII, the empty string — mixed with the words detections use,
 * so that random events actually hit random predicates.
 */
export const HOSTILE_PIECES = [
  '"', "'", '`', '\\', '\\\\', '*', '?', '%', '|', ':', '#', '---', '-', '\n', '\t', 'é', 'É', 'ß', '\u2013', '',
  '{', '}', '[', ']', '$', '@', ';', ' ',
];
export const WORDS = ['sc', 'stop', 'WinDefend', 'net', 'config', 'exe', 'C:', 'Windows', 'System32', 'cmd', 'a', 'B'];

const piece = fc.oneof(fc.constantFrom(...HOSTILE_PIECES), fc.constantFrom(...WORDS));
export const hostileString = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));

/** The fields random events carry (up to MAX_EVENT_FIELDS per kind) and random predicates test. */
const FIELDS: Record<EventKind, readonly string[]> = {
  process_creation: ['process.name', 'process.command_line', 'process.parent.name', 'user.name', 'process.pe.description', 'user.domain'],
  registry_set: ['registry.key', 'registry.value', 'registry.data', 'process.name'],
  file_event: ['file.path'],
  network_connection: ['destination.ip'],
  image_load: ['dll.path'],
  file_delete: ['file.path'],
  registry_add: ['registry.key', 'process.name'],
  registry_delete: ['registry.key', 'registry.value', 'process.name'],
  driver_load: ['file.path', 'file.code_signature.subject_name'],
};
/** Predicates also test registry.path, which events carry through their hive, key and value name. */
const PREDICATE_FIELDS: Record<EventKind, readonly string[]> = {
  ...FIELDS,
  process_creation: [...FIELDS.process_creation, 'process.integrity_level', 'user.qualified_name'],
  registry_set: [...FIELDS.registry_set, 'registry.path'],
};
/**
 * Integrity levels in the spellings a logical event may use: Sysmon's and Defender's (High),
 * Elastic Defend's (high), others; ECS rewrites the case of the known names, so random rules
 * must meet them in every case.
 */
const LEVEL_SPELLINGS = ['High', 'high', 'SYSTEM', 'System', 'Medium', 'low', 'Untrusted', 'S-1-16-12288', 'Hig'];
/**
 * Hives in the spellings a logical event may use (short, long, lower case), or none. Hives the
 * path has no name for are left out: Defender writes no other, so such an event has no
 * faithful Defender row (the KQL key tests read the hive at the head of RegistryKey).
 */
const HIVE_SPELLINGS = ['HKLM', 'HKCU', 'HKU', 'HKCR', 'hklm', 'HKEY_LOCAL_MACHINE', 'hkey_users'];
/** A path (or DOMAIN\\name) test's value may start like one does, so that equals and startswith can hold. */
const PATH_HEADS = ['', '', 'HKLM\\', 'HKCU\\', 'hku\\', '\\', 'NT AUTHORITY\\', 'nt authority\\SYSTEM'];
const KINDS: readonly EventKind[] = ['process_creation', 'registry_set'];
const MAX_EVENT_FIELDS = Math.max(...Object.values(FIELDS).map((f) => f.length));
const STRING_OPS: readonly MatchOperator[] = ['equals', 'contains', 'startswith', 'endswith', 'term', 'termprefix', 'termsuffix', 'wildcard'];

const predicate = (listNames: readonly string[]): fc.Arbitrary<Condition> =>
  fc
    .record({
      kind: fc.constantFrom(...KINDS),
      fieldIndex: fc.nat(),
      op: fc.constantFrom(...STRING_OPS, 'exists' as MatchOperator),
      values: fc.array(hostileString, { minLength: 1, maxLength: 3 }),
      useList: fc.boolean(),
      quantifier: fc.constantFrom('any' as const, 'all' as const),
      caseRule: fc.constantFrom('sensitive' as const, 'insensitive' as const),
      head: fc.constantFrom(...PATH_HEADS),
      level: fc.constantFrom(...LEVEL_SPELLINGS),
    })
    .map((r) => {
      const fields = PREDICATE_FIELDS[r.kind];
      const field = fields[r.fieldIndex % fields.length] as string;
      if (r.op === 'exists') return match({ field, op: 'exists' });
      const headed =
        field === 'registry.path' || field === 'user.qualified_name'
          ? r.values.map((v, i) => (i === 0 ? r.head + v : v))
          : field === 'process.integrity_level'
            ? r.values.map((v, i) => (i === 0 ? r.level : v))
            : r.values;
      const values = r.op === 'term' ? headed.map((v) => v || 'x') : headed;
      const source = r.useList && listNames.length > 0 ? listRef(listNames[r.fieldIndex % listNames.length] as string) : literals(values);
      return match({ field, op: r.op, values: source, quantifier: r.quantifier, caseRule: r.caseRule });
    });

export function conditionArb(listNames: readonly string[]): fc.Arbitrary<Condition> {
  const { tree } = fc.letrec<{ tree: Condition }>((tie) => ({
    tree: fc.oneof(
      { maxDepth: 5, depthSize: 'small' },
      predicate(listNames),
      fc.constantFrom(...KINDS).map(eventKindIs),
      fc.boolean().map(constant),
      fc.array(tie('tree'), { minLength: 1, maxLength: 4 }).map(and),
      fc.array(tie('tree'), { minLength: 1, maxLength: 4 }).map(or),
      tie('tree').map(not),
    ),
  }));
  return tree;
}

export const ruleArb: fc.Arbitrary<Rule> = fc
  .array(fc.array(hostileString.filter((s) => s.length > 0), { minLength: 1, maxLength: 4 }), { maxLength: 3 })
  .chain((listValues) => {
    const lists = new Map(listValues.map((v, i) => [`List${i}`, v] as const));
    return conditionArb([...lists.keys()]).map((condition): Rule => ({
      id: '00000000-0000-4000-8000-000000000001',
      name: 'property-rule',
      title: 'Property rule',
      description: 'Generated.',
      author: [],
      date: '2026-11-22',
      status: 'experimental',
      severity: 'low',
      confidence: 'low',
      attack: { version: '19', techniques: [] },
      references: [],
      falsePositives: [],
      dataSources: [],
      related: [],
      notes: {},
      logsources: KINDS,
      lists,
      condition,
      derived: [],
      output: { fields: [], sort: [] },
      tests: { now: '2026-11-20T12:00:00Z', cases: [] },
    }));
  });

export const eventArb: fc.Arbitrary<LogicalEvent> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    values: fc.array(fc.option(hostileString, { nil: undefined }), { minLength: MAX_EVENT_FIELDS, maxLength: MAX_EVENT_FIELDS }),
    hive: fc.option(fc.constantFrom(...HIVE_SPELLINGS), { nil: undefined }),
    level: fc.option(fc.oneof(fc.constantFrom(...LEVEL_SPELLINGS), hostileString), { nil: undefined }),
  })
  .map(({ kind, values, hive, level }) => {
    const event: Record<string, string> = { kind };
    FIELDS[kind].forEach((f, i) => {
      const v = values[i];
      if (v !== undefined) event[f] = v;
    });
    if (kind === 'registry_set' && hive !== undefined) event['registry.hive'] = hive;
    if (kind === 'process_creation' && level !== undefined) event['process.integrity_level'] = level;
    return event as LogicalEvent;
  });
