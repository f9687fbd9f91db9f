import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/diagnostics.js';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { literals, match } from '../../../src/ir/condition.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';
import { ruleWith } from './rule-factory.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');
const importText = (text: string, file = 'q.kql') => kqlTarget.importRule(kqlTarget.parse(text, file), file);
const NOW = Date.parse('2026-11-20T12:00:00Z');

describe('importing the seed queries', () => {
  it('impair-defenses: two kinds, the window, lists, derived fields and output', () => {
    const rule = importText(fixture('impair-defenses.kql'), 'impair-defenses.kql');
    expect(rule.name).toBe('impair-defenses');
    expect(rule.logsources).toEqual(['process_creation', 'registry_set']);
    expect(rule.window).toEqual({ ms: 86_400_000, text: '24h' });
    expect([...rule.lists.keys()]).toEqual(['SecurityServiceNames', 'SuspiciousCommands']);
    expect(rule.derived.map((d) => d.name)).toEqual(['CommandLine', 'StoppedService', 'IsSecurityService']);
    expect(rule.output.fields).toEqual(['@timestamp', 'host.name', 'user.name', 'event.action', 'CommandLine', 'registry.key', 'registry.value', 'registry.data', 'StoppedService', 'IsSecurityService']);
    expect(rule.output.sort).toEqual([{ field: '@timestamp', order: 'desc' }]);
  });

  it('service-stop: one kind, case() becomes a derived case', () => {
    const rule = importText(fixture('service-stop.kql'), 'service-stop.kql');
    expect(rule.logsources).toEqual(['process_creation']);
    expect(rule.derived.find((d) => d.name === 'StopMethod')?.expr.kind).toBe('case');
  });

  // ProcessCommandLine on a registry row reads "": the imported rule must not test the actor's command line there.
  it('a column of one table only applies to its kind', () => {
    const rule = importText(fixture('impair-defenses.kql'));
    const reference = compileRule(rule);
    const registryEvent: LogicalEvent = { kind: 'registry_set', '@timestamp': '2026-11-20T11:00:00Z', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\X', 'process.command_line': 'sc stop WinDefend' };
    expect(reference(registryEvent, { now: NOW }).matched).toBe(false);
  });

  it('imports, emits again, and the emitted query agrees with the seed query on projected events', () => {
    for (const file of ['impair-defenses.kql', 'service-stop.kql']) {
      const seed = kqlTarget.compile(kqlTarget.parse(fixture(file), file), { now: NOW });
      const rule = importText(fixture(file), file);
      const again = kqlTarget.compile(kqlTarget.parse(kqlTarget.emit(rule, { lenient: true }).text, 'again.kql'), { now: NOW });
      const events: LogicalEvent[] = [
        { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend' },
        { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.name': 'net.exe', 'process.command_line': 'net stop vss' },
        { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.name': 'cmd.exe', 'process.command_line': 'echo hi' },
        { kind: 'registry_set', '@timestamp': '2026-11-20T11:00:00Z', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\Services\\WinDefend', 'process.name': 'reg.exe' },
        { kind: 'registry_set', '@timestamp': '2026-11-20T11:00:00Z', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\Services\\Other', 'process.command_line': 'sc stop WinDefend' },
      ];
      for (const e of events) {
        const row = kqlTarget.project(e);
        expect(again(row).matched, `${file} ${JSON.stringify(e)}`).toBe(seed(row).matched);
      }
    }
  });
});

describe('what the rule model cannot hold is an error at its place', () => {
  it.each([
    ['DeviceLogonEvents | where ActionType == "x"', 1, 1, 'DeviceLogonEvents'],
    ['DeviceProcessEvents\n| where DeviceId == "x"', 2, 9, 'DeviceId'],
    ['DeviceProcessEvents\n| take 10', 2, 3, 'take'],
    ['DeviceProcessEvents | project-away FileName', 1, 23, 'project-away'],
    ['DeviceProcessEvents | where Timestamp between (ago(2d) .. ago(1d))', 1, 39, 'time filter'],
    ['DeviceProcessEvents | where "x" == FileName', 1, 36, 'literal'],
    ['DeviceProcessEvents | extend X = strlen(FileName)', 1, 34, 'strlen()'],
    ['DeviceProcessEvents | extend X = extract("a", 0, FileName) | where X == "a"', 1, 68, 'computed by extend'],
    ['DeviceRegistryEvents | where RegistryKey contains "MACHINE"', 1, 42, 'hive'],
  ])('%j', (text, line, col, message) => {
    try {
      importText(text);
      expect.fail('imported');
    } catch (e) {
      expect(e).toBeInstanceOf(SourceError);
      const d = (e as SourceError).diagnostics[0];
      expect(d?.message).toContain(message);
      expect([d?.position.line, d?.position.col]).toEqual([line, col]);
    }
  });
});

/**
 * kql.md "Nulls": a string cell is never null, a missing string reads "". So on a string
 * column isnotempty() is false for "" and for a missing value, and isnotnull() is true for
 * both; on a long column a missing value is null. The import must give the query's verdicts.
 */
describe('isempty / isnotempty / isnull / isnotnull import with Kusto null semantics', () => {
  const base: LogicalEvent = { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.name': 'net.exe' };
  const events: readonly [string, LogicalEvent][] = [
    ['parent named', { ...base, 'process.parent.name': 'cmd.exe', 'process.parent.pid': 4 }],
    ['parent name empty', { ...base, 'process.parent.name': '' }],
    ['parent name missing', base],
    ['parent name null', { ...base, 'process.parent.name': null }],
  ];
  it.each([
    'isnotempty(InitiatingProcessFileName)',
    'isempty(InitiatingProcessFileName)',
    'isnotnull(InitiatingProcessFileName)',
    'isnull(InitiatingProcessFileName)',
    'isnotempty(InitiatingProcessId)',
    'isnull(InitiatingProcessId)',
    'isnotnull(tostring(InitiatingProcessId))',
    'not(isempty(InitiatingProcessFileName)) and FileName =~ "net.exe"',
  ])('%s', (predicate) => {
    const text = `DeviceProcessEvents\n| where ${predicate}`;
    const query = kqlTarget.compile(kqlTarget.parse(text, 'q.kql'), { now: NOW });
    const reference = compileRule(importText(text));
    for (const [what, e] of events) expect(reference(e, { now: NOW }).matched, what).toBe(query(kqlTarget.project(e)).matched);
  });
});

describe('isnotempty round trip', () => {
  it('an imported isnotempty on a text column is written back as isnotempty, exactly', () => {
    const rule = importText('DeviceProcessEvents\n| where isnotempty(InitiatingProcessFileName) and FileName =~ "net.exe"');
    // Strict emit: it throws if the writer still calls this an approximation.
    const back = kqlTarget.emit(rule, { lenient: false });
    expect(back.approximations).toEqual([]);
    expect(back.text).toContain('isnotempty(InitiatingProcessFileName)');
    expect(back.text).not.toContain('""');
  });

  it('exists alone stays an approximation (KQL cannot tell missing from empty)', () => {
    const rule = importText('DeviceProcessEvents\n| where isnotempty(InitiatingProcessFileName)');
    const exists = { ...rule, condition: { kind: 'match', field: 'process.parent.name', op: 'exists', values: { kind: 'literals', values: [] }, quantifier: 'any', caseRule: 'insensitive' } } as const;
    const lenient = kqlTarget.emit(exists as typeof rule, { lenient: true });
    expect(lenient.approximations.map((a) => a.predicate)).toEqual(['process.parent.name exists']);
  });
});

// kql.md "Regex dialect": Kusto's \d \w \s are Unicode-aware; the rule model's are ASCII.
describe('a regex with Perl classes imports as written, with a warning at the pattern', () => {
  const warningsOf = (text: string): string[] => {
    const found: string[] = [];
    kqlTarget.importRule(kqlTarget.parse(text, 'q.kql'), 'q.kql', (d) => found.push(`${d.position.line}:${d.position.col}: ${d.severity}: ${d.message}`));
    return found;
  };

  it('names each class once, at the pattern', () => {
    const warnings = warningsOf('DeviceProcessEvents\n| where ProcessCommandLine matches regex @"\\d+\\s\\d"');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^2:42: warning: \\d \\s: Kusto reads these classes with Unicode/);
  });

  it.each([['@"[0-9]+ x"'], ['@"\\\\d"']])('%s (no class, or an escaped backslash before d) gives none', (pattern) => {
    expect(warningsOf(`DeviceProcessEvents\n| where ProcessCommandLine matches regex ${pattern}`)).toEqual([]);
  });
});

// Microsoft Learn, DeviceNetworkEvents: RemoteUrl is the "URL or FQDN that was being connected
// to"; the rule model's destination.domain is the host name alone.
describe('RemoteUrl is a URL or a host name', () => {
  it('imports as destination.domain with a warning at the column', () => {
    const found: string[] = [];
    const rule = kqlTarget.importRule(kqlTarget.parse('DeviceNetworkEvents\n| where RemoteUrl endswith ".example"', 'q.kql'), 'q.kql', (d) => found.push(`${d.position.line}:${d.position.col}: ${d.message}`));
    expect(JSON.stringify(rule.condition)).toContain('"field":"destination.domain"');
    expect(found).toEqual([expect.stringMatching(/^2:9: RemoteUrl holds the URL or the host name connected to/)]);
  });

  it('a test on destination.domain is written on RemoteUrl only as a declared approximation', () => {
    const rule = ruleWith({ logsources: ['network_connection'], condition: match({ field: 'destination.domain', op: 'endswith', values: literals(['.example']) }) });
    expect(() => kqlTarget.emit(rule, { lenient: false })).toThrow(NotExpressibleError);
    const lenient = kqlTarget.emit(rule, { lenient: true });
    expect(lenient.text).toContain('RemoteUrl endswith ".example"');
    expect(lenient.approximations).toEqual([{ predicate: expect.stringContaining('destination.domain'), reason: expect.stringMatching(/RemoteUrl holds the URL or the host name/) }]);
  });
});
