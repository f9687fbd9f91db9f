import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { and, listRef, literals, match, not } from '../../../src/ir/condition.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';
import { ruleWith } from './rule-factory.js';
import { derivedChain, impairDefenses, longServiceStop, networkRule, registryRule, serviceStop } from './sample-rules.js';

const emit = (rule: Parameters<typeof kqlTarget.emit>[0], flavour?: string): string => kqlTarget.emit(rule, { lenient: false, ...(flavour ? { flavour } : {}) }).text;

describe('emitted KQL reads like the seed queries (golden)', () => {
  it('one table, a let for the named list, has_any for terms, case for a derived field', () => {
    expect(emit(serviceStop)).toBe(
      [
        'let ServiceTools = dynamic(["sc.exe", "net.exe", "net1.exe"]);',
        'DeviceProcessEvents',
        '| where Timestamp > ago(24h)',
        '| where FileName in~ (ServiceTools) and ProcessCommandLine has_any ("stop", "config")',
        '| extend StopMethod = case(FileName =~ "sc.exe", "sc", "other")',
        '| project Timestamp, DeviceName, ProcessCommandLine, StopMethod',
        '| sort by Timestamp desc',
        '',
      ].join('\n'),
    );
  });

  it('Sentinel reads TimeGenerated', () => {
    const text = emit(serviceStop, 'sentinel');
    expect(text).toContain('| where TimeGenerated > ago(24h)');
    expect(text).toContain('| project TimeGenerated, DeviceName');
    expect(text).toContain('| sort by TimeGenerated desc');
    expect(text).not.toContain('Timestamp');
  });

  it('two kinds: union, kind tests on ActionType, each field in its own column', () => {
    expect(emit(impairDefenses)).toBe(
      [
        'let SuspiciousCommands = dynamic(["sc stop", "net stop", "auditpol /clear"]);',
        'union DeviceProcessEvents, DeviceRegistryEvents',
        '| where Timestamp > ago(24h)',
        '| where ActionType in ("ProcessCreated", "RegistryValueSet")',
        '| where (ActionType == "ProcessCreated" and ProcessCommandLine has_any (SuspiciousCommands))',
        '    or (ActionType == "RegistryValueSet" and RegistryKey has_any ("WinDefend", "EventLog"))',
        // The rule's \s and \w are ASCII (RE2); Kusto's are Unicode, so they are spelled out.
        // Case-insensitive without `(?i)`, which in Kusto also folds ſ into s and the Kelvin sign into k.
        '| extend StoppedService = extract(',
        '    @"(?:[sS][cC]|[nN][eE][tT])[\\t\\n\\f\\r ]+[sS][tT][oO][pP][\\t\\n\\f\\r ]+([0-9A-Za-z_]+)",',
        '    1,',
        '    case(',
        '        ActionType == "ProcessCreated", ProcessCommandLine,',
        '        ActionType == "RegistryValueSet", InitiatingProcessCommandLine,',
        '        ""',
        '    )',
        ')',
        '| project Timestamp, DeviceName, AccountName, InitiatingProcessAccountName, ProcessCommandLine,',
        '    InitiatingProcessCommandLine, RegistryKey, StoppedService',
        '| sort by Timestamp desc',
        '',
      ].join('\n'),
    );
  });

  it('registry: a fixed hive lets the key read as the full RegistryKey', () => {
    expect(emit(registryRule)).toBe(
      [
        'DeviceRegistryEvents',
        '| where ActionType == "RegistryValueSet"',
        '| where RegistryKey startswith @"HKEY_LOCAL_MACHINE\\"',
        '    and RegistryKey =~ @"HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WinDefend"',
        '    and RegistryValueName =~ "Start"',
        '    and RegistryValueData =~ "4"',
        '    and InitiatingProcessFileName in~ ("reg.exe", "powershell.exe")',
        '| project Timestamp, DeviceName, RegistryKey, RegistryValueName, RegistryValueData,',
        '    InitiatingProcessCommandLine',
        '',
      ].join('\n'),
    );
  });

  it('a long rule breaks at its operators and argument lists, 4 spaces a level, as the seeds do', () => {
    expect(emit(longServiceStop)).toBe(
      [
        'let TargetedServices = dynamic([',
        '    "vss", "wbengine", "VeeamBackupSvc", "WinDefend", "MsMpSvc", "SecurityHealthService", "Sense",',
        '    "CrowdStrike", "CSFalconService", "MSSQLSERVER", "SQLWriter"',
        ']);',
        'DeviceProcessEvents',
        '| where Timestamp > ago(24h)',
        '| where FileName in~ (',
        '        "sc.exe", "net.exe", "net1.exe", "taskkill.exe", "powershell.exe", "pwsh.exe", "wmic.exe"',
        '    )',
        '    and (',
        '        ProcessCommandLine has_any (TargetedServices)',
        '        or (FileName =~ "sc.exe" and ProcessCommandLine has_any ("stop", "config", "delete"))',
        '        or (',
        '            FileName in~ ("powershell.exe", "pwsh.exe")',
        '            and ProcessCommandLine has_any ("Stop-Service", "Set-Service", "sc.exe stop", "sc stop")',
        '        )',
        '    )',
        '    and not(',
        '        InitiatingProcessFileName has_any ("ccmexec.exe", "TrustedInstaller.exe", "MsMpEng.exe")',
        '    )',
        '| extend StopMethod = case(',
        '    FileName =~ "sc.exe" and ProcessCommandLine has "stop", "sc stop",',
        '    FileName in~ ("powershell.exe", "pwsh.exe") and ProcessCommandLine has "Stop-Service",',
        '        "PowerShell Stop-Service",',
        '    "other"',
        ')',
        '| project Timestamp, DeviceName, AccountName, AccountDomain, FileName, ProcessCommandLine,',
        '    InitiatingProcessFileName, StopMethod',
        '| sort by Timestamp desc',
        '',
      ].join('\n'),
    );
  });

  it('networks and numbers; a negated null-able test is pinned to false', () => {
    expect(emit(networkRule)).toBe(
      [
        'DeviceNetworkEvents',
        '| where ipv4_is_in_range(RemoteIP, "10.0.0.0/8")',
        '    and RemotePort >= 1024',
        '    and not(coalesce(ipv4_is_in_range(RemoteIP, "10.1.0.0/16"), false))',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['equals', 'sensitive', '=='],
    ['equals', 'insensitive', '=~'],
    ['contains', 'sensitive', 'contains_cs'],
    ['contains', 'insensitive', 'contains'],
    ['startswith', 'sensitive', 'startswith_cs'],
    ['endswith', 'insensitive', 'endswith'],
    ['term', 'sensitive', 'has_cs'],
    ['term', 'insensitive', 'has'],
    ['termprefix', 'insensitive', 'hasprefix'],
    ['termsuffix', 'sensitive', 'hassuffix_cs'],
  ] as const)('%s (%s) is written with %s', (op, caseRule, operator) => {
    const rule = ruleWith({ condition: match({ field: 'process.command_line', op, values: literals(['x']), caseRule }) });
    expect(emit(rule)).toContain(`| where ProcessCommandLine ${operator} "x"\n`);
  });

  it.each([
    ['*.exe', 'FileName endswith ".exe"'],
    ['cmd*', 'FileName startswith "cmd"'],
    ['*power*', 'FileName contains "power"'],
    ['sc.exe', 'FileName =~ "sc.exe"'],
    ['a\\*b', 'FileName =~ "a*b"'],
    ['p?wsh.exe', 'FileName matches regex @"(?is)^p.w(?-i:[sS])h\\.exe$"'],
  ])('the glob %j is written %s', (glob, text) => {
    expect(emit(ruleWith({ condition: match({ field: 'process.name', op: 'wildcard', values: literals([glob]) }) }))).toContain(`| where ${text}\n`);
  });
});

describe('negations use the ! operators where Kusto has them', () => {
  it.each([
    [match({ field: 'process.name', op: 'equals', values: literals(['a', 'b']) }), 'FileName !in~ ("a", "b")'],
    [match({ field: 'process.name', op: 'equals', values: literals(['a']), caseRule: 'sensitive' }), 'FileName != "a"'],
    [match({ field: 'process.name', op: 'contains', values: literals(['a', 'b']) }), 'FileName !contains "a" and FileName !contains "b"'],
    [match({ field: 'process.name', op: 'startswith', values: literals(['a', 'b']), quantifier: 'all' }), 'FileName !startswith "a" or FileName !startswith "b"'],
    [match({ field: 'process.name', op: 'term', values: literals(['a']), caseRule: 'sensitive' }), 'FileName !has_cs "a"'],
    // has_any, matches regex and nullable tests have no ! form.
    [match({ field: 'process.name', op: 'term', values: literals(['a', 'b']) }), 'not(FileName has_any ("a", "b"))'],
    [match({ field: 'process.name', op: 'regex', values: literals(['a']) }), 'not(FileName matches regex "[aA]")'],
    [match({ field: 'process.pid', op: 'gt', values: literals(['4']) }), 'not(isnotnull(ProcessId) and ProcessId > 4)'],
  ])('%j', (condition, text) => {
    expect(emit(ruleWith({ condition: not(condition) }))).toContain(`| where ${text}\n`);
  });
});

describe('registry keys under a fixed hive', () => {
  // Found by fuzzing: the hive prefix and a literal glob must read as one text.
  it.each([
    ['sc', 'RegistryKey == @"HKEY_LOCAL_MACHINE\\sc"'],
    ['Run*', 'RegistryKey startswith_cs @"HKEY_LOCAL_MACHINE\\Run"'],
    ['*Run', 'RegistryKey matches regex @"(?s)^HKEY_LOCAL_MACHINE\\\\.*Run$"'],
  ])('the key glob %j is written %s', (glob, text) => {
    const rule = ruleWith({
      logsources: ['registry_set'],
      condition: and([match({ field: 'registry.hive', op: 'equals', values: literals(['HKLM']) }), match({ field: 'registry.key', op: 'wildcard', values: literals([glob]), caseRule: 'sensitive' })]),
    });
    expect(emit(rule)).toContain(`and ${text}\n`);
  });
});

describe('what KQL cannot say exactly', () => {
  const cases = [
    ['process.args has no Defender column', match({ field: 'process.args', op: 'equals', values: literals(['/c']) })],
    ['exists on a string: "" and missing read the same', match({ field: 'process.command_line', op: 'exists' })],
    ['a needle that matches ""', match({ field: 'process.command_line', op: 'contains', values: literals(['']) })],
    ['a key needle that matches inside the hive name', match({ field: 'registry.key', op: 'contains', values: literals(['MACHINE']) })],
    ['a key needle that runs from the hive into the key', match({ field: 'registry.key', op: 'contains', values: literals(['MACHINE\\SYSTEM']) })],
    ['a negated class inside brackets', match({ field: 'process.command_line', op: 'regex', values: literals(['[^\\W]']) })],
    // ipv6_is_in_range reads 10.0.0.1 as ::ffff:10.0.0.1, inside these; the rule model's IPv6 networks hold no IPv4 address.
    ['an IPv6 network that holds IPv4-mapped addresses', match({ field: 'destination.ip', op: 'cidr', values: literals(['::/0']) })],
    ['the IPv4-mapped range itself', match({ field: 'destination.ip', op: 'cidr', values: literals(['::ffff:0:0/96']) })],
  ] as const;
  it.each(cases)('%s: strict refuses, lenient reports it', (_name, condition) => {
    const kind = condition.field.startsWith('registry') ? 'registry_set' : condition.field.startsWith('destination') ? 'network_connection' : 'process_creation';
    const rule = ruleWith({ logsources: [kind], condition });
    expect(() => kqlTarget.emit(rule, { lenient: false })).toThrow(NotExpressibleError);
    const lenient = kqlTarget.emit(rule, { lenient: true });
    expect(lenient.approximations.length).toBeGreaterThan(0);
    expect(lenient.approximations[0]?.predicate).toContain(condition.field);
  });

  it('a key needle that stays inside the key is exact', () => {
    const rule = ruleWith({ logsources: ['registry_set'], condition: match({ field: 'registry.key', op: 'term', values: literals(['Services\\WinDefend']) }) });
    expect(kqlTarget.emit(rule, { lenient: false }).approximations).toEqual([]);
  });
});

describe('emitted text, parsed and run, agrees with the reference evaluator', () => {
  const NOW = Date.parse('2026-11-20T12:00:00Z');
  const T = '2026-11-20T11:00:00Z';
  const events: LogicalEvent[] = [
    { kind: 'process_creation', '@timestamp': T, 'host.name': 'ws1', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend' },
    { kind: 'process_creation', '@timestamp': T, 'host.name': 'ws2', 'process.parent.name': 'reg.exe', 'process.name': 'SC.EXE', 'process.command_line': 'SC CONFIG x' },
    { kind: 'process_creation', '@timestamp': T, 'process.name': 'net.exe', 'process.command_line': 'net.exe stopped' },
    { kind: 'process_creation', '@timestamp': '2026-11-18T11:00:00Z', 'process.name': 'sc.exe', 'process.command_line': 'sc stop x' },
    { kind: 'process_creation', 'process.name': 'sc.exe', 'process.command_line': 'sc stop x' },
    { kind: 'registry_set', '@timestamp': T, 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start', 'registry.data': '4', 'process.name': 'reg.exe', 'process.command_line': 'sc stop WinDefend' },
    { kind: 'registry_set', '@timestamp': T, 'host.name': 'ws3', 'registry.hive': 'HKCU', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start', 'registry.data': '4', 'process.name': 'reg.exe' },
    { kind: 'registry_set', '@timestamp': T, 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\EventLogX', 'process.name': 'powershell.exe' },
    { kind: 'registry_set', '@timestamp': T, 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start', 'registry.data': '4', 'process.name': 'reg.exe' },
  ];
  const keyRules = {
    keyEqualsAnyHive: ruleWith({ logsources: ['registry_set'], condition: match({ field: 'registry.key', op: 'equals', values: literals(['system\\currentcontrolset\\services\\windefend']) }) }),
    keyStartsWith: ruleWith({ logsources: ['registry_set'], condition: match({ field: 'registry.key', op: 'startswith', values: literals(['SYSTEM\\']) }) }),
    // In a glob `\\` is one backslash (a lone `\*` would be a literal star).
    keyGlob: ruleWith({ logsources: ['registry_set'], condition: and([match({ field: 'registry.hive', op: 'equals', values: literals(['hklm']) }), match({ field: 'registry.key', op: 'wildcard', values: literals(['*\\Services\\\\*']) })]) }),
    notInList: ruleWith({ lists: { L: ['sc.exe'] }, condition: not(match({ field: 'process.name', op: 'equals', values: listRef('L'), caseRule: 'sensitive' })) }),
  };
  const rules = { serviceStop, impairDefenses, registryRule, derivedChain, longServiceStop, ...keyRules };
  it.each(Object.entries(rules))('%s', (_name, rule) => {
    const text = kqlTarget.emit(rule, { lenient: false }).text;
    const verdict = kqlTarget.compile(kqlTarget.parse(text, 'emitted.kql'), { now: NOW });
    const reference = compileRule(rule);
    let matches = 0;
    for (const event of events) {
      const want = reference(event, { now: NOW });
      const got = verdict(kqlTarget.project(event));
      expect(got.matched, `${JSON.stringify(event)}\n${text}`).toBe(want.matched);
      if (want.matched) {
        matches++;
        expect(got.derived).toEqual(want.derived);
      }
    }
    // Each rule fires on some event and not on others, so the comparison can tell them apart.
    expect(matches).toBeGreaterThan(0);
    expect(matches).toBeLessThan(events.length);
  });
});
