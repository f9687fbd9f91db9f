import { describe, expect, it } from 'vitest';
import { readField } from '../../src/evaluate/field-value.js';
import { toLogicalEvent } from '../../src/events/logical-event.js';
import { literals, match, type Condition } from '../../src/ir/condition.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import { composeRegistryPath, partsForPath, registryPathOf, splitRegistryPath, withRegistryPath } from '../../src/ir/registry-path.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { loadRuleText } from '../../src/rule/load.js';
import { type Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { ruleWith } from './kql/rule-factory.js';
import { kustoErrors } from './kql/kusto-language-service.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { oneCaseRuleFile } from './one-case-rule-file.js';

/**
 * `registry.path` (src/ir/registry-path.ts), written from fields.md "Registry value set":
 * Sysmon `TargetObject` and ECS `registry.path` are `HKLM\SYSTEM\...\<value>` — the short hive,
 * the key, the value name appended; Defender has no such column, only `RegistryKey` with the
 * long hive name (`HKEY_LOCAL_MACHINE\SYSTEM\...`) and `RegistryValueName`.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const reg = (fields: Record<string, string | number | null>): LogicalEvent => ({ kind: 'registry_set', ...fields });
const WINDEFEND = reg({ 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start', 'registry.data': '4' });

describe('the path of a value: short hive, key, value name', () => {
  it.each<readonly [string, string | number | null | undefined, string | number | null | undefined, string | number | null | undefined, string | undefined]>([
    ['short hive', 'HKLM', 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'Start', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start'],
    ['long hive name: written short, as Sysmon does', 'HKEY_LOCAL_MACHINE', 'SOFTWARE\\X', 'v', 'HKLM\\SOFTWARE\\X\\v'],
    ['hive in lower case: written in upper case', 'hkcu', 'Software\\X', 'v', 'HKCU\\Software\\X\\v'],
    ['HKEY_USERS with a SID key (Sysmon: HKU\\S-1-5-21-...)', 'HKEY_USERS', 'S-1-5-21-1-500\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'upd', 'HKU\\S-1-5-21-1-500\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\upd'],
    ['classes root', 'HKCR', 'ms-settings\\shell\\open\\command', 'DelegateExecute', 'HKCR\\ms-settings\\shell\\open\\command\\DelegateExecute'],
    ['a value name holding a backslash stays whole', 'HKLM', 'SOFTWARE\\X', 'a\\b', 'HKLM\\SOFTWARE\\X\\a\\b'],
    ["Sysmon's default value", 'HKLM', 'SOFTWARE\\Classes\\x', '(Default)', 'HKLM\\SOFTWARE\\Classes\\x\\(Default)'],
    ['a number as the value name reads as its text', 'HKLM', 'SOFTWARE\\X', 1, 'HKLM\\SOFTWARE\\X\\1'],
    ['no hive: no path', undefined, 'SOFTWARE\\X', 'v', undefined],
    ['a hive the path has no name for', 'HKCC', 'SOFTWARE\\X', 'v', undefined],
    ['no key', 'HKLM', undefined, 'v', undefined],
    ['an empty key (Defender cannot tell it from none)', 'HKLM', '', 'v', undefined],
    ['no value name', 'HKLM', 'SOFTWARE\\X', undefined, undefined],
    ['an empty value name', 'HKLM', 'SOFTWARE\\X', '', undefined],
    ['a null value name', 'HKLM', 'SOFTWARE\\X', null, undefined],
  ])('%s', (_what, hive, key, value, path) => {
    expect(composeRegistryPath(hive, key, value)).toBe(path);
    const fields: Record<string, string | number | null> = {};
    if (hive !== undefined) fields['registry.hive'] = hive;
    if (key !== undefined) fields['registry.key'] = key;
    if (value !== undefined) fields['registry.value'] = value;
    expect(readField(reg(fields), 'registry.path')).toBe(path);
  });

  it('is read off the parts, never off a stored field, and only on registry writes', () => {
    expect(readField(reg({ 'registry.path': 'HKLM\\A\\b' }), 'registry.path')).toBeUndefined();
    expect(readField({ kind: 'process_creation', 'registry.hive': 'HKLM', 'registry.key': 'A', 'registry.value': 'b' }, 'registry.path')).toBeUndefined();
  });

  it.each<readonly [string, { hive: string; key: string; value: string } | undefined]>([
    ['HKLM\\SOFTWARE\\Run\\evil', { hive: 'HKLM', key: 'SOFTWARE\\Run', value: 'evil' }],
    ['hkey_local_machine\\SOFTWARE\\Run\\evil', { hive: 'HKLM', key: 'SOFTWARE\\Run', value: 'evil' }],
    ['HKLM\\Run', undefined],
    ['HKCC\\SOFTWARE\\x', undefined],
    ['HKLM\\\\x', undefined],
    ['HKLM\\SOFTWARE\\', undefined],
  ])('split %j', (path, parts) => {
    expect(splitRegistryPath(path)).toEqual(parts);
    if (parts) expect(composeRegistryPath(parts.hive, parts.key, parts.value)).toBe(path.replace(/^[^\\]+/, parts.hive));
  });

  it('synthesised events: a path test value becomes parts whose path is it, or holds it', () => {
    expect(registryPathOf(withRegistryPath(WINDEFEND, 'HKCU\\Software\\X\\v'))).toBe('HKCU\\Software\\X\\v');
    expect(registryPathOf(withRegistryPath(WINDEFEND, 'HKLM\\SOFTWARE'))).toBe('HKLM\\SOFTWARE\\Start');
    expect(registryPathOf(withRegistryPath(WINDEFEND, '\\Run\\'))).toContain('\\Run\\');
    expect(registryPathOf(withRegistryPath(WINDEFEND, undefined))).toBeUndefined();
    expect(withRegistryPath(WINDEFEND, null)['registry.value']).toBeNull();
    expect(partsForPath('')).toEqual({ hive: 'HKLM', key: 'SOFTWARE', value: 'Start' });
  });
});

describe('one registry write in each schema (fields.md "Registry value set")', () => {
  const PATH = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start';

  it('Sysmon: TargetObject is the path', () => {
    expect(sigma.project(WINDEFEND)).toMatchObject({ EventID: 13, EventType: 'SetValue', TargetObject: PATH });
  });

  it('Sysmon writes TargetObject whole or not at all', () => {
    expect(sigma.project(reg({ 'registry.key': 'SOFTWARE\\X', 'registry.value': 'v' }))).not.toHaveProperty('TargetObject');
  });

  it('ECS: registry.path is the path, next to hive, key and value', () => {
    expect(eql.project(WINDEFEND)).toMatchObject({ registry: { path: PATH, hive: 'HKLM', key: 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', value: 'Start' } });
  });

  it('Defender: the long hive name heads RegistryKey, the value name is apart, no path column', () => {
    const row = kql.project(WINDEFEND) as JsonObject;
    expect(row).toMatchObject({ RegistryKey: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WinDefend', RegistryValueName: 'Start' });
    expect(row).not.toHaveProperty('RegistryPath');
  });

  it('Defender: a hive in any spelling is written as the upper-case long name', () => {
    expect(kql.project(reg({ 'registry.hive': 'hkey_users', 'registry.key': 'S-1-5-18\\x', 'registry.value': 'v' }))).toMatchObject({ RegistryKey: 'HKEY_USERS\\S-1-5-18\\x' });
  });

  it.each([sigma, eql, kql].map((t) => [t.id, t] as const))('%s: back from the native shape, the path is the same', (_id, t) => {
    expect(registryPathOf(t.unproject(JSON.parse(JSON.stringify(t.project(WINDEFEND))) as JsonObject))).toBe(PATH);
  });

  it('an NDJSON event giving only registry.path has the parts', () => {
    const e = toLogicalEvent({ kind: 'registry_set', registry: { path: 'HKU\\S-1-5-21-1\\Software\\Run\\x' } }, 'e.ndjson', 1);
    expect(e).toEqual({ kind: 'registry_set', 'registry.hive': 'HKU', 'registry.key': 'S-1-5-21-1\\Software\\Run', 'registry.value': 'x' });
  });
});

const onPath = (op: MatchOperator, value: string, caseRule: 'sensitive' | 'insensitive' = 'insensitive'): Condition =>
  op === 'exists' ? match({ field: 'registry.path', op }) : match({ field: 'registry.path', op, values: literals([value]), caseRule });

/** Events every operator's table row is tried on: the path, its neighbours, and writes without one. */
const PROBES: readonly LogicalEvent[] = [
  WINDEFEND,
  reg({ 'registry.hive': 'HKEY_LOCAL_MACHINE', 'registry.key': 'system\\currentcontrolset\\services\\windefend', 'registry.value': 'start' }),
  reg({ 'registry.hive': 'HKU', 'registry.key': 'S-1-5-21-1-500\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'registry.value': 'evil' }),
  reg({ 'registry.hive': 'HKCU', 'registry.key': 'Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce', 'registry.value': 'x\\Run\\y' }),
  reg({ 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start' }),
  reg({ 'registry.hive': 'HKLM', 'registry.key': '', 'registry.value': 'Start' }),
  reg({ 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': '' }),
  reg({ 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend' }),
  reg({ 'registry.hive': 'HKCC', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start' }),
  reg({ 'registry.data': 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start' }),
];

/** The form each target writes for a path test (kql.md, sigma.md, eql.md), and the reference verdicts it must give. */
describe.each<readonly [string, MatchOperator, string, 'sensitive' | 'insensitive', { kql: string; sigma: string; eql: string }]>([
  ['contains', 'contains', '\\CurrentVersion\\Run\\', 'insensitive', { kql: 'RegistryPath contains @"\\CurrentVersion\\Run\\"', sigma: 'TargetObject|contains', eql: 'registry.path : "*\\\\CurrentVersion\\\\Run\\\\*"' }],
  ['endswith', 'endswith', '\\Services\\WinDefend\\Start', 'insensitive', { kql: 'RegistryPath endswith @"\\Services\\WinDefend\\Start"', sigma: 'TargetObject|endswith', eql: 'registry.path : "*\\\\Services\\\\WinDefend\\\\Start"' }],
  ['startswith, case-sensitive', 'startswith', 'HKU\\S-1-5-21-', 'sensitive', { kql: 'RegistryPath startswith_cs @"HKU\\S-1-5-21-"', sigma: 'TargetObject|startswith|cased', eql: 'registry.path like "HKU\\\\S-1-5-21-*"' }],
  ['equals', 'equals', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start', 'insensitive', { kql: 'RegistryPath =~ @"HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start"', sigma: "TargetObject: 'HKLM\\SYSTEM", eql: 'registry.path : "HKLM\\\\SYSTEM' }],
  ['term', 'term', 'Run', 'insensitive', { kql: 'RegistryPath has "Run"', sigma: 'TargetObject|re', eql: 'registry.path regex~' }],
  ['wildcard', 'wildcard', 'HK*\\Services\\Win*', 'insensitive', { kql: 'RegistryPath matches regex', sigma: "TargetObject: 'HK*\\Services\\Win*'", eql: 'registry.path : "HK*\\\\Services\\\\Win*"' }],
  ['regex', 'regex', '\\\\Run(Once)?\\\\', 'sensitive', { kql: 'RegistryPath matches regex', sigma: 'TargetObject|re', eql: 'registry.path regex' }],
  ['exists', 'exists', '', 'insensitive', { kql: 'isnotempty(RegistryPath)', sigma: 'TargetObject|exists: true', eql: 'registry.path != null' }],
])('registry.path %s', (_what, op, value, caseRule, forms) => {
  itIsExactOnEveryTarget(ruleWith({ logsources: ['registry_set'], condition: onPath(op, value, caseRule) }), PROBES, forms);
});

describe('Defender: the computed path', () => {
  it('is computed before the filter and projected by its name', () => {
    const rule = ruleWith({ logsources: ['registry_set'], condition: onPath('contains', '\\Run\\'), output: { fields: ['@timestamp', 'registry.path'], sort: [] } });
    const text = kql.emit(rule, { lenient: false }).text;
    expect(text.indexOf('extend RegistryPath')).toBeLessThan(text.indexOf('RegistryPath contains'));
    expect(text).toContain('project Timestamp, RegistryPath');
    expect(kustoErrors(text)).toEqual([]);
    expect(kql.importRule(kql.parse(text, 'q.kql'), 'q.kql').output.fields).toEqual(['@timestamp', 'registry.path']);
  });

  it('in a union with process rows it is "" there, as a missing string is, and Kusto accepts it', () => {
    const rule = ruleWith({
      logsources: ['process_creation', 'registry_set'],
      condition: { kind: 'not', child: onPath('startswith', 'HKLM\\') },
      derived: [{ name: 'Where', expr: { kind: 'coalesce', args: [{ kind: 'field', field: 'registry.path' }, { kind: 'field', field: 'process.command_line' }] } }],
    });
    const out = kql.emit(rule, { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(kustoErrors(out.text)).toEqual([]);
    const run = kql.compile(kql.parse(out.text, 'q.kql'), { now: NOW });
    const process: LogicalEvent = { kind: 'process_creation', 'process.command_line': 'reg add x' };
    expect(run(kql.project(process))).toEqual({ matched: true, derived: expect.objectContaining({ Where: 'reg add x' }) as unknown });
    expect(run(kql.project(WINDEFEND)).matched).toBe(false);
  });

  it('a derived field named RegistryPath would replace the path: declared', () => {
    const rule = ruleWith({ logsources: ['registry_set'], condition: onPath('contains', 'x'), derived: [{ name: 'RegistryPath', expr: { kind: 'literal', value: 'y' } }] });
    expect(kql.emit(rule, { lenient: true }).approximations.map((a) => a.reason).join()).toMatch(/derived field of that name replaces it/);
  });

  it('a hand-written query naming the column otherwise imports it as registry.path', () => {
    const written = kql.emit(ruleWith({ logsources: ['registry_set'], condition: onPath('endswith', '\\Start') }), { lenient: false }).text.replace(/RegistryPath/g, 'ValuePath');
    const imported = kql.importRule(kql.parse(written, 'q.kql'), 'q.kql');
    expect(imported.condition).toMatchObject({ kind: 'match', field: 'registry.path', op: 'endswith' });
    expect(imported.derived).toEqual([]);
  });

  it('another expression under the name stays a derived field', () => {
    const imported = kql.importRule(kql.parse('DeviceRegistryEvents\n| extend RegistryPath = extract(@"^(.*)$", 1, RegistryKey)\n| project RegistryPath', 'q.kql'), 'q.kql');
    expect(imported.derived.map((d) => d.name)).toEqual(['RegistryPath']);
  });
});

describe('test events may give the path instead of its parts', () => {
  const ruleText = (event: string): string =>
    oneCaseRuleFile('registry_set', 'T1112', '{ field: registry.path, op: endswith, value: "\\\\Run\\\\x" }', event);

  it('the path alone fills hive, key and value name', () => {
    const rule = loadRuleText(ruleText("{ kind: registry_set, registry.path: 'HKCU\\Software\\Run\\x' }"), 'r.yml');
    expect(rule.rule.tests.cases[0]?.event).toEqual({ kind: 'registry_set', 'registry.hive': 'HKCU', 'registry.key': 'Software\\Run', 'registry.value': 'x' });
  });

  it.each([
    ["{ kind: registry_set, registry.path: 'HKCU\\Software\\Run\\x', registry.value: y }", /derived from registry.hive, registry.key and registry.value/],
    ["{ kind: registry_set, registry.path: 'Software\\Run\\x' }", /must read HIVE\\key\\value/],
  ])('%s is an error at the path', (event, message) => {
    expect(() => loadRuleText(ruleText(event), 'r.yml')).toThrow(message);
  });
});
