import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { and, literals, match, not, type Condition } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import { registryPathOf } from '../../src/ir/registry-path.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { Target } from '../../src/targets/contract.js';
import { elasticEnvelope } from '../../src/targets/eql/elastic-rule.js';
import { ECS_KINDS, INDEX_PATTERNS } from '../../src/targets/eql/schema.js';
import { targetById, TARGETS } from '../../src/targets/registry.js';
import { eventLogsource } from '../../src/targets/sigma/event-logsource.js';
import { ruleFrom } from '../check/rules.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { ruleWith } from './kql/rule-factory.js';

/*
 * The registry_add and registry_delete kinds, written from the sources (README "Fields"):
 * - Sysmon event 12 ("Registry object added or deleted") with EventType CreateKey (a key
 *   created), DeleteKey (a key deleted) or DeleteValue (a value deleted); TargetObject is
 *   HIVE\key, or HIVE\key\value for a value deletion; Image, ProcessId, User are the actor.
 *   The Sigma taxonomy: registry_add = event 12 creations, registry_delete = event 12
 *   deletions, registry_event = events 12, 13 and 14 (14 = renamed).
 * - Defender DeviceRegistryEvents with ActionType RegistryKeyCreated, RegistryKeyDeleted or
 *   RegistryValueDeleted (Microsoft's ASIM Registry Event schema lists them beside
 *   RegistryValueSet), RegistryKey the key with the long hive name, RegistryValueName the
 *   deleted value.
 * - ECS: category registry with event.type creation or deletion (ECS's allowed values). No
 *   Elastic source is documented to write them; Elastic's Sysmon pipeline writes event 12 as
 *   type change, like event 13, so only Elastic Defend's registry index is listed.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const actor = { 'process.executable': 'C:\\Windows\\System32\\reg.exe', 'process.name': 'reg.exe', 'process.pid': 4242, 'user.domain': 'CONTOSO', 'user.name': 'eve' };
const ADDED: LogicalEvent = { kind: 'registry_add', ...actor, 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\Microsoft\\AMSI\\Providers\\{X}' };
const KEY_DELETED: LogicalEvent = { kind: 'registry_delete', ...actor, 'registry.hive': 'HKCU', 'registry.key': 'Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU' };
const VALUE_DELETED: LogicalEvent = { kind: 'registry_delete', ...actor, 'registry.hive': 'HKCU', 'registry.key': 'Software\\Microsoft\\Terminal Server Client\\Default', 'registry.value': 'MRU0' };

describe('the path of a key event is its key, and a value deletion appends the value name', () => {
  it.each<readonly [string, LogicalEvent, string | undefined]>([
    ['key created', ADDED, 'HKLM\\SOFTWARE\\Microsoft\\AMSI\\Providers\\{X}'],
    ['key deleted', KEY_DELETED, 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU'],
    ['value deleted', VALUE_DELETED, 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Default\\MRU0'],
    ['a deletion with an empty value name is a key deletion', { ...VALUE_DELETED, 'registry.value': '' }, 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Default'],
    ['no hive, no path', { ...ADDED, 'registry.hive': undefined as unknown as string }, undefined],
    ['an empty key, no path', { ...ADDED, 'registry.key': '' }, undefined],
  ])('%s', (_what, event, path) => {
    expect(registryPathOf(event)).toBe(path);
  });
});

describe('one key event in each schema', () => {
  it.each<readonly [string, LogicalEvent, JsonObject]>([
    ['key created', ADDED, { Type: 'DeviceRegistryEvents', ActionType: 'RegistryKeyCreated', RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\AMSI\\Providers\\{X}' }],
    ['key deleted', KEY_DELETED, { Type: 'DeviceRegistryEvents', ActionType: 'RegistryKeyDeleted', RegistryKey: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU' }],
    ['value deleted', VALUE_DELETED, { Type: 'DeviceRegistryEvents', ActionType: 'RegistryValueDeleted', RegistryKey: 'HKEY_CURRENT_USER\\Software\\Microsoft\\Terminal Server Client\\Default', RegistryValueName: 'MRU0' }],
  ])('Defender, %s: ActionType, RegistryKey with the long hive, the actor in InitiatingProcess*', (_what, event, row) => {
    const projected = kql.project(event);
    expect(projected).toMatchObject({ ...row, InitiatingProcessFolderPath: actor['process.executable'], InitiatingProcessId: 4242, InitiatingProcessAccountName: 'eve' });
    if (event['registry.value'] === undefined) expect(projected).not.toHaveProperty('RegistryValueName');
  });

  it.each<readonly [string, LogicalEvent, JsonObject]>([
    ['key created', ADDED, { EventID: 12, EventType: 'CreateKey', TargetObject: 'HKLM\\SOFTWARE\\Microsoft\\AMSI\\Providers\\{X}' }],
    ['key deleted', KEY_DELETED, { EventID: 12, EventType: 'DeleteKey', TargetObject: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RunMRU' }],
    ['value deleted', VALUE_DELETED, { EventID: 12, EventType: 'DeleteValue', TargetObject: 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Default\\MRU0' }],
  ])('Sysmon, %s: event 12, its EventType, TargetObject', (_what, event, fields) => {
    expect(sigma.project(event)).toEqual({ ...fields, Image: actor['process.executable'], ProcessId: 4242, User: 'CONTOSO\\eve' });
  });

  it.each<readonly [string, LogicalEvent, string, JsonObject]>([
    ['key created', ADDED, 'creation', { hive: 'HKLM', key: ADDED['registry.key'] as string, path: 'HKLM\\SOFTWARE\\Microsoft\\AMSI\\Providers\\{X}' }],
    ['value deleted', VALUE_DELETED, 'deletion', { hive: 'HKCU', value: 'MRU0', path: 'HKCU\\Software\\Microsoft\\Terminal Server Client\\Default\\MRU0' }],
  ])('ECS, %s: category registry, its type, registry.*', (_what, event, type, registry) => {
    expect(eql.project(event)).toMatchObject({ event: { category: 'registry', type }, registry, process: { executable: actor['process.executable'] } });
  });

  it.each(TARGETS.flatMap((t) => [ADDED, KEY_DELETED, VALUE_DELETED].map((e) => [t.id, e['registry.value'] ?? e.kind, t, e] as const)))('%s: back from the native shape, the same %s', (_id, _what, t, event) => {
    const back = t.unproject(JSON.parse(JSON.stringify(t.project(event))) as JsonObject);
    expect(back.kind).toBe(event.kind);
    for (const f of ['registry.hive', 'registry.key', 'registry.value', 'process.executable', 'user.name']) expect(back[f]).toBe(event[f]);
    expect(registryPathOf(back)).toBe(registryPathOf(event));
  });
});

describe('each source tells the registry kinds apart', () => {
  it.each<readonly [string, EventKind]>([
    ['RegistryKeyCreated', 'registry_add'],
    ['RegistryKeyDeleted', 'registry_delete'],
    ['RegistryValueDeleted', 'registry_delete'],
    ['RegistryValueSet', 'registry_set'],
  ])('a DeviceRegistryEvents row with ActionType %s is %s', (action, kind) => {
    expect(kql.unproject({ Type: 'DeviceRegistryEvents', ActionType: action, RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X' }).kind).toBe(kind);
  });

  it.each<readonly [number, string, EventKind | 'unknown', readonly string[]]>([
    [12, 'CreateKey', 'registry_add', ['registry_event', 'registry_add']],
    [12, 'DeleteKey', 'registry_delete', ['registry_event', 'registry_delete']],
    [12, 'DeleteValue', 'registry_delete', ['registry_event', 'registry_delete']],
    [13, 'SetValue', 'registry_set', ['registry_set', 'registry_event']],
    [14, 'RenameKey', 'unknown', ['registry_event', 'registry_rename']],
  ])('Sysmon event %i with EventType %s is %s, in the categories %j', (id, type, kind, categories) => {
    expect(sigma.unproject({ EventID: id, EventType: type, TargetObject: 'HKLM\\SOFTWARE\\X' }).kind).toBe(kind);
    expect([...(eventLogsource({ EventID: id, EventType: type })?.categories ?? [])].sort()).toEqual([...categories].sort());
  });

  it.each<readonly [string, EventKind]>([
    ['creation', 'registry_add'],
    ['deletion', 'registry_delete'],
    ['change', 'registry_set'],
  ])('an ECS registry document of type %s is %s', (type, kind) => {
    expect(eql.unproject({ event: { category: ['registry'], type: [type] }, registry: { path: 'HKLM\\SOFTWARE\\X\\Y' } }).kind).toBe(kind);
    expect([ECS_KINDS[kind].category, ECS_KINDS[kind].type]).toEqual(['registry', type]);
  });

  // ECS defines creation and deletion, but Elastic Defend's custom docs list registry
  // modification, query and save events only, and Elastic's Sysmon pipeline writes event 12 as
  // change: the Elastic rule's guide says the index may hold none, the other kinds' guides do not.
  it.each<readonly [EventKind, boolean]>([
    ['registry_add', true],
    ['registry_delete', true],
    ['registry_set', false],
  ])("the Elastic rule over %s says no Elastic source is known to write its events: %s", (kind, says) => {
    const rule = ruleWith({ logsources: [kind], condition: on('registry.path', 'contains', '\\AMSI\\Providers\\') });
    const note = elasticEnvelope(rule, { lenient: false }).rule.note ?? '';
    expect(note.includes('## Data sources') && note.includes(`${kind}, read as \`registry\` events of type \`${ECS_KINDS[kind].type}\``) && note.includes('no Elastic source is documented')).toBe(says);
  });

  it("the EQL envelope lists Elastic Defend's registry index only: the Sysmon pipeline writes event 12 as type change", () => {
    expect(INDEX_PATTERNS.registry_add).toEqual(['logs-endpoint.events.registry-*']);
    expect(INDEX_PATTERNS.registry_delete).toEqual(['logs-endpoint.events.registry-*']);
  });
});

const on = (field: string, op: 'equals' | 'endswith' | 'startswith' | 'contains', value: string): Condition => match({ field, op, values: literals([value]), caseRule: 'insensitive' });

const PROBES: readonly LogicalEvent[] = [
  ADDED,
  { ...ADDED, 'registry.key': 'SOFTWARE\\WOW6432Node\\Microsoft\\AMSI\\Providers\\{Y}' },
  { ...ADDED, 'process.executable': 'C:\\Windows\\System32\\svchost.exe' },
  { ...ADDED, kind: 'registry_delete' },
  { ...ADDED, kind: 'registry_set', 'registry.value': 'x', 'registry.data': '1' },
  KEY_DELETED,
  VALUE_DELETED,
  { ...VALUE_DELETED, 'registry.value': 'MRU1', 'registry.key': 'Software\\Microsoft\\Terminal Server Client\\Servers' },
  { ...KEY_DELETED, 'registry.key': 'Software\\Microsoft\\Terminal Server Client\\Servers\\10.0.0.1' },
  { ...VALUE_DELETED, kind: 'registry_set', 'registry.data': 'x' },
];

describe('a new AMSI provider key, by anyone but System32 binaries: exact on every target', () => {
  const rule = ruleWith({
    logsources: ['registry_add'],
    condition: and([on('registry.path', 'contains', '\\Microsoft\\AMSI\\Providers\\'), not(on('process.executable', 'startswith', 'C:\\Windows\\System32\\svchost'))]),
  });
  itIsExactOnEveryTarget(rule, PROBES, {
    kql: /^DeviceRegistryEvents\n\| where ActionType == "RegistryKeyCreated"\n/,
    sigma: /category: registry_add[\s\S]*EventType: 'CreateKey'/,
    eql: /^registry where event\.type == "creation" and/,
  });
});

describe('Terminal Server Client history cleared: a value deleted under MRU, or a key deleted under Servers', () => {
  const valueNamed = match({ field: 'registry.value', op: 'wildcard', values: literals(['?*']), caseRule: 'sensitive' });
  const rule = ruleWith({
    logsources: ['registry_delete'],
    condition: {
      kind: 'or',
      children: [and([valueNamed, on('registry.path', 'contains', '\\Terminal Server Client\\Default\\MRU')]), and([not(valueNamed), on('registry.path', 'contains', '\\Terminal Server Client\\Servers\\')])],
    },
  });
  itIsExactOnEveryTarget(rule, PROBES, {
    kql: /^DeviceRegistryEvents\n\| where ActionType in \("RegistryKeyDeleted", "RegistryValueDeleted"\)\n/,
    sigma: /EventType: 'DeleteValue'/,
    eql: /^registry where event\.type == "deletion" and/,
  });
});

describe('values written, keys created and keys or values deleted in one rule read one Defender table once', () => {
  const rule = ruleWith({ logsources: ['registry_set', 'registry_add', 'registry_delete'], condition: on('registry.path', 'contains', '\\Terminal Server Client\\') });
  itIsExactOnEveryTarget(rule, PROBES, {
    kql: /^DeviceRegistryEvents\n\| where ActionType in \(\n?\s*"RegistryValueSet", "RegistryKeyCreated", "RegistryKeyDeleted", "RegistryValueDeleted"/,
    sigma: 'category: registry_delete',
    eql: 'event.category == "registry" and event.type == "deletion"',
  });
});

describe('imports narrow the shared registry table and category to the kinds they name', () => {
  it.each<readonly [string, string, readonly EventKind[]]>([
    ['KQL RegistryKeyCreated', 'DeviceRegistryEvents\n| where ActionType == "RegistryKeyCreated" and RegistryKey has "AMSI"', ['registry_add']],
    ['KQL both deletions', 'DeviceRegistryEvents\n| where ActionType in ("RegistryKeyDeleted", "RegistryValueDeleted") and RegistryKey has "RunMRU"', ['registry_delete']],
    ['KQL a value written (its data)', 'DeviceRegistryEvents\n| where RegistryValueData == "1"', ['registry_set']],
    ['KQL no action test: every registry kind', 'DeviceRegistryEvents\n| where RegistryKey has "RunMRU"', ['registry_set', 'registry_add', 'registry_delete']],
  ])('%s', (_what, text, kinds) => {
    expect(kql.importRule(kql.parse(text, 'q.kql'), 'q.kql').logsources).toEqual(kinds);
  });

  it.each<readonly [string, string, readonly EventKind[]]>([
    ['EQL creation', 'registry where event.type == "creation" and registry.path : "*\\\\AMSI\\\\*"', ['registry_add']],
    ['EQL deletion', 'registry where event.type == "deletion" and registry.path : "*\\\\RunMRU"', ['registry_delete']],
    ['EQL data: value writes only', 'registry where registry.data.strings : "1"', ['registry_set']],
    ['EQL any registry event', 'registry where registry.path : "*\\\\RunMRU"', ['registry_set', 'registry_add', 'registry_delete']],
  ])('%s', (_what, text, kinds) => {
    expect(eql.importRule(eql.parse(text, 'q.eql'), 'q.eql').logsources).toEqual(kinds);
  });

  it.each<readonly [string, readonly boolean[]]>([
    ['RegistryKeyDeleted', [false, false, false, true, false, true, false, false, true, false]],
    ['RegistryValueDeleted', [false, false, false, false, false, false, true, true, false, false]],
  ])('KQL: ActionType %s alone keeps key or value deletions only, as Defender writes them', (action, want) => {
    const text = `DeviceRegistryEvents\n| where ActionType == "${action}"`;
    const rule = kql.importRule(kql.parse(text, 'q.kql'), 'q.kql');
    expect(rule.logsources).toEqual(['registry_delete']);
    const run = kql.compile(kql.parse(text, 'q.kql'), { now: NOW });
    expect(PROBES.map((e) => run(kql.project(e)).matched)).toEqual(want);
    expect(PROBES.map((e) => compileRule(rule)(e, { now: NOW }).matched)).toEqual(want);
  });
});

describe('whether a deletion names a value survives a trip through KQL', () => {
  it("KQL's regex for the glob ?* reads back as the same test, which Sigma writes as EventType DeleteValue", () => {
    const rule = ruleWith({ logsources: ['registry_delete'], condition: match({ field: 'registry.value', op: 'wildcard', values: literals(['?*']), caseRule: 'sensitive' }) });
    const text = kql.emit(rule, { lenient: false }).text;
    const back = kql.importRule(kql.parse(text, 'q.kql'), 'q.kql');
    const written = sigma.emit(back, { lenient: false });
    expect(written.approximations).toEqual([]);
    expect(written.text).toMatch(/EventType: 'DeleteValue'/);
  });
});

describe('Sigma registry rules import', () => {
  const doc = (category: string, detection: string): string => `title: t\nlogsource: { category: ${category}, product: windows }\ndetection:\n${detection}`;
  const imported = (text: string, warnings?: Diagnostic[]) => sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml', (d) => warnings?.push(d));

  it.each<readonly [string, string, string, readonly boolean[]]>([
    ['registry_add with EventType CreateKey', 'registry_add', "  s:\n    EventType: CreateKey\n    TargetObject|contains: '\\AMSI\\Providers\\'\n  condition: s\n", [true, true, true, false, false, false, false, false, false, false]],
    ['registry_delete without an EventType', 'registry_delete', "  s:\n    TargetObject|contains: '\\Terminal Server Client\\'\n  condition: s\n", [false, false, false, false, false, false, true, true, true, false]],
    ['registry_delete DeleteValue', 'registry_delete', "  s:\n    EventType: DeleteValue\n    TargetObject|contains: '\\Terminal Server Client\\'\n  condition: s\n", [false, false, false, false, false, false, true, true, false, false]],
    ['registry_delete DeleteKey', 'registry_delete', "  s:\n    EventType: DeleteKey\n  condition: s\n", [false, false, false, true, false, true, false, false, true, false]],
    ['registry_event over every kind', 'registry_event', "  s:\n    TargetObject|contains: '\\Terminal Server Client\\'\n  condition: s\n", [false, false, false, false, false, false, true, true, true, true]],
    ['registry_event with Details: value writes only', 'registry_event', "  s:\n    Details: 'x'\n  condition: s\n", [false, false, false, false, false, false, false, false, false, true]],
  ])('%s agrees with the Sigma evaluator on the probes', (_what, category, detection, want) => {
    const text = doc(category, detection);
    const rule = imported(text);
    const run = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
    expect(PROBES.map((e) => run(sigma.project(e)).matched)).toEqual(want);
    expect(PROBES.map((e) => compileRule(rule)(e, { now: NOW }).matched)).toEqual(want);
  });

  it('registry_event reads the three kinds, and says that renames (event 14) are left out', () => {
    const warnings: Diagnostic[] = [];
    const rule = imported(doc('registry_event', "  s:\n    TargetObject|endswith: '\\Run\\Backup Mgr'\n  condition: s\n"), warnings);
    expect(rule.logsources).toEqual(['registry_set', 'registry_add', 'registry_delete']);
    expect(warnings.map((w) => w.message).join('\n')).toMatch(/event 14 \(a key or value renamed\).*approximation/);
  });

  it('registry_event: a NewName test (renames only) never holds on the kinds read', () => {
    const rule = imported(doc('registry_event', "  a:\n    TargetObject: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\MiniNt'\n    EventType: CreateKey\n  b:\n    NewName: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\MiniNt'\n  condition: a or b\n"));
    expect(rule.logsources).toEqual(['registry_add']);
  });
});

describe('unirule check on registry_add and registry_delete rules agrees exactly on every target', () => {
  const added = ruleFrom(`
logsources: [registry_add]
condition:
  all:
    - { field: registry.path, op: endswith, value: '\\EulaAccepted' }
    - not: { field: process.executable, op: endswith, value: '\\svchost.exe' }
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: eula key created
      expect: match
      event: { kind: registry_add, registry.hive: HKCU, registry.key: 'Software\\Sysinternals\\PsExec\\EulaAccepted', process.executable: 'C:\\t\\psexec.exe', process.name: psexec.exe }
    - name: eula value written
      expect: no_match
      event: { kind: registry_set, registry.hive: HKCU, registry.key: 'Software\\Sysinternals', registry.value: EulaAccepted, registry.data: '1' }
`, 'eula-key-created');
  const deleted = ruleFrom(`
logsources: [registry_delete]
condition:
  all:
    - { field: registry.path, op: contains, value: '\\Schedule\\TaskCache\\Tree\\' }
    - { field: registry.path, op: endswith, value: '\\SD' }
    - { field: registry.value, op: wildcard, value: '?*', case: sensitive }
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: SD value deleted
      expect: match
      event: { kind: registry_delete, registry.hive: HKLM, registry.key: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\t', registry.value: SD }
    - name: the task key deleted
      expect: no_match
      event: { kind: registry_delete, registry.hive: HKLM, registry.key: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\t' }
`, 'sd-value-deleted');

  it.each(TARGETS.flatMap((t) => [added, deleted].map((r) => [t.id, r.name, t, r] as const)))('%s: %s', (_id, _name, target, rule) => {
    const t = checkRule(rule, [target]).targets[0];
    expect(t?.status === 'exact' ? 'exact' : `${t?.status ?? ''} ${t?.reason ?? ''} ${JSON.stringify(t?.approximations)} ${JSON.stringify(t?.witnesses)}`).toBe('exact');
  });
});
