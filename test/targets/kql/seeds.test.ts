import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import type { JsonObject } from '../../../src/ir/value.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';

/**
 * The project's two starting rules, as KQL written by people (fixtures/*.kql, pasted as they
 * were published). They must parse, run with Kusto's semantics on Defender rows, and import.
 */
const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const NOW = Date.parse('2026-11-20T12:00:00Z');
const RECENT = '2026-11-20T10:00:00Z';

interface Case {
  readonly name: string;
  readonly row: JsonObject;
  readonly match: boolean;
  readonly derived?: Record<string, string | boolean>;
}

const process = (cmd: string, extra: JsonObject = {}): JsonObject => ({
  Type: 'DeviceProcessEvents',
  Timestamp: RECENT,
  DeviceName: 'ws1',
  ActionType: 'ProcessCreated',
  FileName: 'cmd.exe',
  ProcessCommandLine: cmd,
  AccountName: 'alice',
  ...extra,
});
const registry = (key: string, extra: JsonObject = {}): JsonObject => ({
  Type: 'DeviceRegistryEvents',
  Timestamp: RECENT,
  DeviceName: 'ws1',
  ActionType: 'RegistryValueSet',
  RegistryKey: key,
  RegistryValueName: 'Start',
  RegistryValueData: '4',
  InitiatingProcessFileName: 'reg.exe',
  InitiatingProcessCommandLine: 'reg add x',
  ...extra,
});

const impairCases: Case[] = [
  // kql.md has-table: "cmd.exe /c sc stop WinDefend" has "sc stop".
  { name: 'sc stop inside cmd /c', row: process('cmd.exe /c sc stop WinDefend'), match: true, derived: { StoppedService: 'WinDefend', IsSecurityService: true, CommandLine: 'cmd.exe /c sc stop WinDefend' } },
  // kql.md: "sc.exe stop WinDefend" does not have "sc stop".
  { name: 'sc.exe stop is not the term sc stop', row: process('sc.exe stop WinDefend'), match: false },
  // kql.md: two spaces break the needle "sc stop".
  { name: 'two spaces', row: process('sc  stop WinDefend'), match: false },
  // kql.md: "auditpol.exe /clear" does not have "auditpol /clear".
  { name: 'auditpol.exe /clear', row: process('auditpol.exe /clear'), match: false },
  { name: 'net stop of a non-security service', row: process('net stop Spooler'), match: true, derived: { StoppedService: 'Spooler', IsSecurityService: false } },
  // has folds ASCII case, but extract's regex is case-sensitive: no match gives "" (kql.md, Functions).
  { name: 'upper-case command', row: process('NET STOP WINDEFEND'), match: true, derived: { StoppedService: '', IsSecurityService: false } },
  // kql.md: "...\Services\WinDefend\Start" has "WinDefend".
  { name: 'registry key of WinDefend', row: registry('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\WinDefend'), match: true, derived: { CommandLine: '', StoppedService: '' } },
  // kql.md: "...\Services\WinDefendX" does not have "WinDefend".
  { name: 'registry key WinDefendX', row: registry('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\WinDefendX'), match: false },
  { name: 'registry key created is not a value set', row: registry('HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\WinDefend', { ActionType: 'RegistryKeyCreated' }), match: false },
  // A registry row's ProcessCommandLine is "" (not a column of that table): the actor's command line is not read.
  { name: 'registry row whose actor ran sc stop', row: registry('HKEY_LOCAL_MACHINE\\SOFTWARE\\X', { InitiatingProcessCommandLine: 'sc stop WinDefend' }), match: false },
  { name: 'outside the 24h window', row: process('sc stop WinDefend', { Timestamp: '2026-11-19T11:59:59Z' }), match: false },
  // where drops a null predicate: no Timestamp, no match.
  { name: 'no timestamp', row: process('sc stop WinDefend', { Timestamp: null }), match: false },
  // A row without Type belongs to the query's first table.
  { name: 'row without Type', row: { Timestamp: RECENT, ProcessCommandLine: 'sc stop WinDefend' }, match: true },
  { name: 'row of a table the query does not read', row: process('sc stop WinDefend', { Type: 'DeviceFileEvents' }), match: false },
];

const stopCases: Case[] = [
  { name: 'sc stop of Defender', row: process('sc stop WinDefend', { FileName: 'sc.exe' }), match: true, derived: { StopMethod: 'sc stop', TargetsSecurityService: true, TargetsBackupService: false } },
  // in~ folds case.
  { name: 'SC.EXE config disabled', row: process('sc config WinDefend start= disabled', { FileName: 'SC.EXE' }), match: true, derived: { StopMethod: 'sc disable' } },
  { name: 'net stop vss', row: process('net stop vss', { FileName: 'net.exe' }), match: true, derived: { StopMethod: 'net stop', TargetsBackupService: true, TargetsSecurityService: false } },
  { name: 'not a service tool', row: process('stop vss', { FileName: 'notepad.exe' }), match: false },
  // kql.md: "Stop-Service -Name x" has "stop" and has "Stop-Service".
  { name: 'PowerShell Stop-Service', row: process('Stop-Service -Name x', { FileName: 'powershell.exe' }), match: true, derived: { StopMethod: 'PowerShell Stop-Service' } },
  { name: 'taskkill without /f', row: process('taskkill /im foo.exe', { FileName: 'taskkill.exe' }), match: false },
  // "/f" ends with a letter: the char after must not be alphanumeric.
  { name: 'taskkill /f', row: process('taskkill /f /im MsMpEng.exe', { FileName: 'taskkill.exe' }), match: true, derived: { StopMethod: 'taskkill' } },
  { name: 'taskkill /fi is not /f', row: process('taskkill /fi "x" /im a.exe', { FileName: 'taskkill.exe' }), match: false },
  { name: 'pwsh Set-MpPreference', row: process('Set-MpPreference -DisableRealtimeMonitoring 1', { FileName: 'pwsh.exe' }), match: false },
  // MSSQL$ ends with "$": only its left edge is a term boundary.
  { name: 'MSSQL$ instance', row: process('net stop MSSQL$SHAREPOINT', { FileName: 'net.exe' }), match: true, derived: { TargetsDatabaseService: false } },
  { name: 'a registry row is not read', row: registry('HKEY_LOCAL_MACHINE\\X', { Type: 'DeviceRegistryEvents', FileName: 'sc.exe', ProcessCommandLine: 'sc stop x' }), match: false },
];

describe.each([
  ['impair-defenses.kql', impairCases],
  ['service-stop.kql', stopCases],
] as const)('seed query %s', (file, cases) => {
  const parsed = kqlTarget.parse(fixture(file), file);
  const verdict = kqlTarget.compile(parsed, { now: NOW });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const v = verdict(c.row);
    expect(v.matched).toBe(c.match);
    for (const [k, want] of Object.entries(c.derived ?? {})) expect(v.derived[k], k).toEqual(want);
  });

  it('imports to a rule with the same verdicts on every row', () => {
    const rule = kqlTarget.importRule(parsed, file);
    const reference = compileRule(rule);
    for (const c of cases) {
      if (c.row['Type'] === 'DeviceFileEvents' || c.row['ActionType'] === 'RegistryKeyCreated') continue; // no logical event of a kind the rule reads
      const event = kqlTarget.unproject(c.row);
      expect(reference(event, { now: NOW }).matched, c.name).toBe(c.match);
    }
  });
});

describe('running a seed query', () => {
  it('projects, sorts by Timestamp desc and keeps only passing rows', () => {
    const parsed = kqlTarget.parse(fixture('service-stop.kql'), 'service-stop.kql');
    const rows = [
      process('sc stop WinDefend', { FileName: 'sc.exe', Timestamp: '2026-11-20T09:00:00Z' }),
      process('notepad', { FileName: 'notepad.exe' }),
      process('net stop vss', { FileName: 'net.exe', Timestamp: '2026-11-20T11:00:00Z' }),
    ];
    const out = [...kqlTarget.run(parsed, rows, { now: NOW })];
    expect(out.map((r) => r['ProcessCommandLine'])).toEqual(['net stop vss', 'sc stop WinDefend']);
    expect(Object.keys(out[0] as object)).toEqual([
      'Timestamp', 'DeviceName', 'AccountName', 'AccountDomain', 'FileName', 'ProcessCommandLine', 'InitiatingProcessFileName',
      'InitiatingProcessCommandLine', 'InitiatingProcessParentFileName', 'StopMethod', 'TargetsSecurityService', 'TargetsBackupService', 'TargetsDatabaseService',
    ]);
    // A missing string column reads "" (kql.md, Nulls).
    expect(out[0]?.['AccountDomain']).toBe('');
  });
});
