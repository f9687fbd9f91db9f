import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import { boundaryEvents } from '../../src/check/boundary-events.js';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { and, literals, match, not, type Condition } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import type { Target } from '../../src/targets/contract.js';
import { INDEX_PATTERNS } from '../../src/targets/eql/schema.js';
import { KIND_SCHEMAS } from '../../src/targets/kql/schema.js';
import { targetById, TARGETS } from '../../src/targets/registry.js';
import { eventLogsource } from '../../src/targets/sigma/event-logsource.js';
import { kindOfEventId } from '../../src/targets/sigma/taxonomy.js';
import { ruleFrom } from '../check/rules.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { ruleWith } from './kql/rule-factory.js';

/*
 * The file_delete kind, written from the sources (README "Fields"):
 * - Sysmon logs a deletion as event 23 (FileDelete: the file is also archived) or 26
 *   (FileDeleteDetected: logged only), with the same fields: Image, ProcessId, User of the
 *   deleting process, TargetFilename the deleted file's full path. SigmaHQ's Sysmon pipeline
 *   (pySigma-pipeline-sysmon) reads category file_delete as EventID 23 or 26.
 * - Defender writes a deletion as a DeviceFileEvents row with ActionType FileDeleted (the value
 *   Microsoft's ASIM File Event schema and its DeviceFileEvents parser use), FolderPath and
 *   FileName the deleted file, InitiatingProcess* the deleting process.
 * - ECS: event.category file with event.type deletion, as Elastic Defend's Windows file-delete
 *   events (logs-endpoint.events.file-*, event.action deletion) and Elastic's Sysmon pipeline
 *   (events 23 and 26) write it.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const deletion = (fields: Record<string, string | number>): LogicalEvent => ({
  kind: 'file_delete',
  'process.executable': 'C:\\Windows\\System32\\cmd.exe',
  'process.name': 'cmd.exe',
  ...fields,
});
const EVTX = deletion({
  'file.path': 'C:\\Windows\\System32\\winevt\\Logs\\Security.evtx',
  'file.name': 'Security.evtx',
  'process.pid': 4242,
  'user.domain': 'CONTOSO',
  'user.name': 'eve',
});

describe('one deletion in each schema', () => {
  it('Defender: a DeviceFileEvents row with ActionType FileDeleted, the file in FolderPath/FileName, the actor in InitiatingProcess*', () => {
    expect(kql.project(EVTX)).toMatchObject({
      Type: 'DeviceFileEvents',
      ActionType: 'FileDeleted',
      FolderPath: EVTX['file.path'],
      FileName: 'Security.evtx',
      InitiatingProcessFolderPath: 'C:\\Windows\\System32\\cmd.exe',
      InitiatingProcessFileName: 'cmd.exe',
      InitiatingProcessId: 4242,
      InitiatingProcessAccountDomain: 'CONTOSO',
      InitiatingProcessAccountName: 'eve',
    });
  });

  it('Sysmon: event 23 with TargetFilename, Image, ProcessId, User', () => {
    expect(sigma.project(EVTX)).toEqual({
      EventID: 23,
      TargetFilename: EVTX['file.path'],
      Image: 'C:\\Windows\\System32\\cmd.exe',
      ProcessId: 4242,
      User: 'CONTOSO\\eve',
    });
  });

  it('ECS: category file, type deletion, file.* and process.*', () => {
    expect(eql.project(EVTX)).toMatchObject({
      event: { category: 'file', type: 'deletion' },
      file: { path: EVTX['file.path'], name: 'Security.evtx' },
      process: { executable: 'C:\\Windows\\System32\\cmd.exe', name: 'cmd.exe', pid: 4242 },
      user: { domain: 'CONTOSO', name: 'eve' },
    });
  });

  it.each(TARGETS.map((t) => [t.id, t] as const))('%s: back from the native shape, the same deletion', (_id, t) => {
    const back = t.unproject(JSON.parse(JSON.stringify(t.project(EVTX))) as JsonObject);
    expect(back.kind).toBe('file_delete');
    for (const f of ['file.path', 'process.executable', 'user.name', 'user.domain']) expect(back[f]).toBe(EVTX[f]);
  });
});

describe('a deletion is told from a creation where the two share a table or category', () => {
  it.each<readonly [string, JsonObject, EventKind]>([
    ['Defender FileDeleted', { Type: 'DeviceFileEvents', ActionType: 'FileDeleted', FolderPath: 'C:\\a.txt' }, 'file_delete'],
    ['Defender FileCreated', { Type: 'DeviceFileEvents', ActionType: 'FileCreated', FolderPath: 'C:\\a.txt' }, 'file_event'],
    ['Defender FileDeleted without Type (advanced hunting)', { ActionType: 'FileDeleted', FolderPath: 'C:\\a.txt' }, 'file_delete'],
  ])('KQL row: %s', (_what, row, kind) => {
    expect(kql.unproject(row).kind).toBe(kind);
  });

  it.each<readonly [string, JsonObject, EventKind]>([
    ['Elastic Defend deletion', { event: { category: ['file'], type: ['deletion'], action: 'deletion' }, file: { path: 'C:\\a.txt' } }, 'file_delete'],
    ['Sysmon pipeline event 26', { event: { category: ['file'], type: ['deletion'], code: '26' }, file: { path: 'C:\\a.txt' } }, 'file_delete'],
    ['Sysmon pipeline event 11', { event: { category: ['file'], type: ['creation'], code: '11' }, file: { path: 'C:\\a.txt' } }, 'file_event'],
  ])('ECS document: %s', (_what, doc, kind) => {
    expect(eql.unproject(doc).kind).toBe(kind);
  });

  it.each<readonly [number, EventKind]>([
    [11, 'file_event'],
    [23, 'file_delete'],
    [26, 'file_delete'],
  ])('Sysmon EventID %i is %s', (id, kind) => {
    expect(kindOfEventId(id)).toBe(kind);
    expect(sigma.unproject({ EventID: id, TargetFilename: 'C:\\a.txt' }).kind).toBe(kind);
  });

  it('both Sysmon deletion events belong to logsource category file_delete; 26 also to file_delete_detected', () => {
    expect([...(eventLogsource({ EventID: 23 })?.categories ?? [])]).toEqual(['file_delete']);
    expect([...(eventLogsource({ EventID: 26 })?.categories ?? [])].sort()).toEqual(['file_delete', 'file_delete_detected']);
  });

  it('the EQL envelope lists the indices that hold deletions in that shape', () => {
    expect(INDEX_PATTERNS.file_delete).toEqual(['logs-endpoint.events.file-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*']);
    expect(KIND_SCHEMAS.file_delete).toMatchObject({ table: 'DeviceFileEvents', actionType: 'FileDeleted', tableHoldsOtherActions: true });
  });
});

const on = (field: string, op: 'equals' | 'endswith' | 'startswith' | 'contains', value: string): Condition => match({ field, op, values: literals([value]), caseRule: 'insensitive' });

const PROBES: readonly LogicalEvent[] = [
  EVTX,
  deletion({ 'file.path': 'C:\\WINDOWS\\system32\\winevt\\LOGS\\Application.EVTX' }),
  deletion({ 'file.path': 'C:\\Windows\\System32\\winevt\\Logs\\Security.evtx.bak' }),
  deletion({ 'file.path': 'D:\\Windows\\System32\\winevt\\Logs\\x.evtx' }),
  deletion({ 'file.path': 'C:\\Windows\\System32\\winevt\\Logs\\Security.evtx', 'process.executable': 'C:\\Windows\\System32\\svchost.exe' }),
  deletion({}),
  { ...EVTX, kind: 'file_event' },
];

describe('event log files deleted, by anyone but svchost: exact on every target', () => {
  const rule = ruleWith({
    logsources: ['file_delete'],
    condition: and([
      on('file.path', 'startswith', 'C:\\Windows\\System32\\winevt\\Logs\\'),
      on('file.path', 'endswith', '.evtx'),
      not(on('process.executable', 'equals', 'C:\\Windows\\System32\\svchost.exe')),
    ]),
  });
  itIsExactOnEveryTarget(rule, PROBES, {
    kql: /^DeviceFileEvents\n\| where ActionType == "FileDeleted"\n/,
    sigma: 'category: file_delete',
    eql: /^file where event\.type == "deletion" and/,
  });
});

describe('creations and deletions in one rule read one Defender table once', () => {
  const rule = ruleWith({ logsources: ['file_event', 'file_delete'], condition: on('file.path', 'endswith', '.evtx') });
  itIsExactOnEveryTarget(rule, PROBES, {
    kql: /^DeviceFileEvents\n\| where ActionType in \("FileCreated", "FileDeleted"\)\n/,
    sigma: 'category: file_delete',
    eql: 'event.category == "file" and event.type == "deletion"',
  });

  it('KQL does not union the table with itself (every row would be read twice); Sentinel names it once', () => {
    expect(kql.emit(rule, { lenient: false }).text).not.toContain('union');
    const envelope = kql.formats['sentinel']?.(rule, { lenient: false }).text ?? '';
    expect(envelope.match(/- DeviceFileEvents/g)).toEqual(['- DeviceFileEvents']);
  });
});

describe('a rule that holds for every deletion', () => {
  const rule = ruleWith({ logsources: ['file_delete'], condition: { kind: 'const', value: true } });

  it('Sigma tests both Sysmon ids, so an unarchived deletion (26) fires too', () => {
    const text = sigma.emit(rule, { lenient: false }).text;
    expect(text).toMatch(/EventID:\n\s+- 23\n\s+- 26/);
    const run = sigma.compile(sigma.parse(text, 'rule.yml'), { now: NOW });
    expect(run({ EventID: 26, TargetFilename: 'C:\\a.txt' }).matched).toBe(true);
    expect(run({ EventID: 23, TargetFilename: 'C:\\a.txt' }).matched).toBe(true);
    expect(run({ EventID: 11, TargetFilename: 'C:\\a.txt' }).matched).toBe(false);
  });
});

describe('imports narrow a shared table or category to the kind its action or type names', () => {
  it.each<readonly [string, string, readonly EventKind[]]>([
    ['KQL with ActionType FileDeleted', 'DeviceFileEvents\n| where ActionType == "FileDeleted" and FileName endswith ".evtx"', ['file_delete']],
    ['KQL with ActionType FileCreated', 'DeviceFileEvents\n| where ActionType =~ "FileCreated" and FileName endswith ".evtx"', ['file_event']],
    ['KQL without an ActionType test: creations and deletions alike', 'DeviceFileEvents\n| where FileName endswith ".evtx"', ['file_event', 'file_delete']],
  ])('%s', (_what, text, kinds) => {
    const rule = kql.importRule(kql.parse(text, 'q.kql'), 'q.kql');
    expect(rule.logsources).toEqual(kinds);
    expect(JSON.stringify(rule.condition)).not.toContain('eventKind');
  });

  it.each<readonly [string, string, readonly EventKind[]]>([
    ['EQL deletion', 'file where event.type == "deletion" and file.name : "*.evtx"', ['file_delete']],
    ['EQL creation', 'file where event.type == "creation" and file.name : "*.evtx"', ['file_event']],
    ['EQL any file event', 'file where file.name : "*.evtx"', ['file_event', 'file_delete']],
  ])('%s', (_what, text, kinds) => {
    const rule = eql.importRule(eql.parse(text, 'q.eql'), 'q.eql');
    expect(rule.logsources).toEqual(kinds);
    expect(JSON.stringify(rule.condition)).not.toContain('eventKind');
  });

  it('a detection-rules style query imports and agrees with its own evaluator on the probes', () => {
    const text = 'file where event.type == "deletion" and file.path : "C:\\\\Windows\\\\System32\\\\winevt\\\\Logs\\\\*.evtx"';
    const rule = eql.importRule(eql.parse(text, 'q.eql'), 'q.eql');
    const run = eql.compile(eql.parse(text, 'q.eql'), { now: NOW });
    const want = PROBES.map((e) => run(eql.project(e)).matched);
    expect(want).toEqual([true, true, false, false, true, false, false]);
    expect(PROBES.map((e) => compileRule(rule)(e, { now: NOW }).matched)).toEqual(want);
  });
});

describe('Sigma file_delete rules import', () => {
  const doc = (detection: string): string => `title: t\nlogsource: { category: file_delete, product: windows }\ndetection:\n${detection}`;

  it('TargetFilename and Image are the deleted file and the deleting process', () => {
    const text = doc("  s:\n    TargetFilename|endswith: '.evtx'\n    Image|endswith: '\\cmd.exe'\n  condition: s\n");
    const rule = sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml');
    expect(rule.logsources).toEqual(['file_delete']);
    const run = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
    const want = PROBES.map((e) => run(sigma.project(e)).matched);
    expect(want).toEqual([true, true, false, true, false, false, false]);
    expect(PROBES.map((e) => compileRule(rule)(e, { now: NOW }).matched)).toEqual(want);
  });

  it.each([
    ['EventID: [23, 26] holds on every deletion', '  s:\n    EventID:\n      - 23\n      - 26\n  condition: s\n', true],
    ['EventID: 11 holds on none', '  s:\n    EventID: 11\n  condition: s\n', false],
  ])('%s', (_what, detection, value) => {
    const rule = sigma.importRule(sigma.parse(doc(detection), 'r.yml'), 'r.yml');
    expect(rule.condition).toEqual({ kind: 'const', value });
  });

  it('EventID: 23 alone is refused: whether Sysmon archived the file has no logical field', () => {
    expect(() => sigma.importRule(sigma.parse(doc('  s:\n    EventID: 23\n  condition: s\n'), 'r.yml'), 'r.yml')).toThrow(/EventID cannot be imported here: it tells Sysmon's file_delete events apart \(23, 26/);
  });

  it.each(['IsExecutable', 'Archived', 'Hashes'])('%s is refused: it describes the deleted file, which the rule model has no such field for', (field) => {
    expect(() => sigma.importRule(sigma.parse(doc(`  s:\n    ${field}|contains: 'x'\n  condition: s\n`), 'r.yml'), 'r.yml')).toThrow(new RegExp(`${field} cannot be imported: .*(deleted file|Sysmon kept a copy)`));
  });

  it('CommandLine is refused: Sysmon deletion events carry none', () => {
    expect(() => sigma.importRule(sigma.parse(doc("  s:\n    CommandLine|contains: 'del '\n  condition: s\n"), 'r.yml'), 'r.yml')).toThrow(/CommandLine cannot be imported/);
  });
});

describe("the check probes a deletion rule with creations, which share Defender's table and ECS's category", () => {
  it('each base event also comes as a file_event; a rule over both kinds needs no such copy', () => {
    const only = ruleWith({ logsources: ['file_delete'], condition: on('file.path', 'endswith', '.evtx') });
    const both = ruleWith({ logsources: ['file_event', 'file_delete'], condition: on('file.path', 'endswith', '.evtx') });
    const twins = (r: typeof only): number => boundaryEvents(r, NOW).filter((p) => p.probe.endsWith('as a file_event event')).length;
    expect(twins(only)).toBeGreaterThan(0);
    expect(twins(both)).toBe(0);
    const processRule = ruleWith({ logsources: ['process_creation'], condition: on('process.name', 'equals', 'cmd.exe') });
    expect(boundaryEvents(processRule, NOW).every((p) => p.event.kind === 'process_creation')).toBe(true);
  });
});

describe('unirule check on a file_delete rule agrees exactly on every target', () => {
  const rule = ruleFrom(`
logsources: [file_delete]
condition:
  all:
    - any:
        - { field: file.path, op: endswith, value: '.vhd' }
        - { field: file.path, op: endswith, value: '.wbcat' }
        - { field: file.path, op: contains, value: '\\WindowsImageBackup\\' }
    - { field: process.executable, op: endswith, value: '\\wbadmin.exe' }
    - not: { field: user.qualified_name, op: equals, value: 'NT AUTHORITY\\SYSTEM' }
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: catalog deleted
      expect: match
      event: { kind: file_delete, file.path: 'C:\\b\\x.wbcat', process.executable: 'C:\\Windows\\System32\\wbadmin.exe', user.domain: CONTOSO, user.name: eve }
    - name: catalog created
      expect: no_match
      event: { kind: file_event, file.path: 'C:\\b\\x.wbcat', process.executable: 'C:\\Windows\\System32\\wbadmin.exe' }
`, 'backup-catalog-deleted');

  it.each(TARGETS.map((t) => [t.id, t] as const))('%s', (_id, target) => {
    const t = checkRule(rule, [target]).targets[0];
    expect(t?.status === 'exact' ? 'exact' : `${t?.status ?? ''} ${t?.reason ?? ''} ${JSON.stringify(t?.witnesses)}`).toBe('exact');
  });
});
