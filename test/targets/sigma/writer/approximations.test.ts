import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { and, literals, match, type Condition } from '../../../../src/ir/condition.js';
import type { EventKind } from '../../../../src/ir/event-kind.js';
import type { MatchOperator } from '../../../../src/ir/match-operator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { NotExpressibleError } from '../../../../src/targets/contract.js';
import { emitSigma } from '../../../../src/targets/sigma/emit.js';
import { ruleWith } from '../../kql/rule-factory.js';
import { referenceVerdict, sigmaVerdict } from './helpers.js';

/**
 * Where Sigma over Sysmon has no exact form (fields.md "Traps"; sigma.md "Known traps"), the
 * strict emitter refuses with the reason and the lenient one writes the SigmaHQ idiom and
 * reports it. Each row: the predicate, the idiom (written from SigmaHQ practice), and a pair of
 * events on which the idiom is right and wrong, so the reported reason is shown to be real.
 */
interface Row {
  readonly what: string;
  readonly kind: EventKind;
  readonly condition: Condition;
  readonly idiom: Record<string, unknown>;
  readonly reason: RegExp;
  /** An event on which the idiom agrees with the rule model (a faithful Sysmon event). */
  readonly agrees?: LogicalEvent;
  /** An event on which it does not: what the approximation is about. */
  readonly differs?: LogicalEvent;
}

const p = (field: string, op: MatchOperator, values: readonly string[], extra: Partial<Parameters<typeof match>[0]> = {}): Condition =>
  match({ field, op, values: literals(values), ...extra });

const ROWS: readonly Row[] = [
  {
    what: 'a file name is read off the end of the full path',
    kind: 'process_creation',
    condition: p('process.name', 'equals', ['sc.exe']),
    idiom: { 'Image|endswith': '\\sc.exe' },
    reason: /no file-name field/,
    agrees: { kind: 'process_creation', 'process.name': 'sc.exe', 'process.executable': 'C:\\Windows\\System32\\sc.exe' },
    differs: { kind: 'process_creation', 'process.name': 'sc.exe' },
  },
  {
    what: 'a parent name likewise, case-sensitive',
    kind: 'process_creation',
    condition: p('process.parent.name', 'startswith', ['power'], { caseRule: 'sensitive' }),
    idiom: { 'ParentImage|contains|cased': '\\power' },
    reason: /no file-name field/,
    agrees: { kind: 'process_creation', 'process.parent.name': 'powershell.exe', 'process.parent.executable': 'C:\\x\\powershell.exe' },
    differs: { kind: 'process_creation', 'process.parent.name': 'cmd.exe', 'process.parent.executable': 'C:\\power\\cmd.exe' },
  },
  {
    what: 'the user name is the part of User after the domain',
    kind: 'process_creation',
    condition: p('user.name', 'equals', ['SYSTEM']),
    idiom: { 'User|endswith': '\\SYSTEM' },
    reason: /DOMAIN\\name/,
    agrees: { kind: 'process_creation', 'user.name': 'SYSTEM', 'user.domain': 'NT AUTHORITY' },
    differs: { kind: 'process_creation', 'user.name': 'SYSTEM' },
  },
  {
    what: 'the domain is the part of User before the name',
    kind: 'registry_set',
    condition: p('user.domain', 'equals', ['CORP']),
    idiom: { 'User|startswith': 'CORP\\\\' },
    reason: /DOMAIN\\name/,
    agrees: { kind: 'registry_set', 'user.domain': 'CORP', 'user.name': 'alice' },
    differs: { kind: 'registry_set', 'user.domain': 'CORP\\x', 'user.name': 'alice' },
  },
  {
    what: 'a registry key sits between hive and value name in TargetObject',
    kind: 'registry_set',
    condition: p('registry.key', 'endswith', ['\\WinDefend']),
    idiom: { 'TargetObject|contains': '\\WinDefend\\\\' },
    reason: /value name may itself hold backslashes/,
    agrees: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\Services\\WinDefend', 'registry.value': 'Start' },
    differs: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\Services', 'registry.value': 'WinDefend\\Start' },
  },
  {
    what: 'a registry term can be found in the value name (fields.md: the trap the check must show)',
    kind: 'registry_set',
    condition: p('registry.key', 'term', ['WinDefend']),
    idiom: { 'TargetObject|re|i': '(?:^|[^0-9A-Za-z])WinDefend(?:[^0-9A-Za-z]|$)' },
    reason: /TargetObject/,
    agrees: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\Services\\WinDefend', 'registry.value': 'Start' },
    differs: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\X', 'registry.value': 'WinDefend' },
  },
  {
    what: 'a value name is the end of TargetObject',
    kind: 'registry_set',
    condition: p('registry.value', 'equals', ['Start']),
    idiom: { 'TargetObject|endswith': '\\Start' },
    reason: /TargetObject/,
    agrees: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\X', 'registry.value': 'Start' },
    differs: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\X', 'registry.value': 'Auto\\Start' },
  },
  {
    what: 'a hive is the head of TargetObject, by its short name',
    kind: 'registry_set',
    condition: p('registry.hive', 'equals', ['HKLM']),
    idiom: { 'TargetObject|startswith': 'HKLM\\\\' },
    reason: /TargetObject/,
    agrees: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM', 'registry.value': 'x' },
    // Sysmon writes TargetObject whole or not at all: a write whose key is unknown has none.
    differs: { kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.value': 'x' },
  },
  {
    what: 'a DWORD is rendered by Sysmon; both forms are tested',
    kind: 'registry_set',
    condition: p('registry.data', 'equals', ['1']),
    idiom: { Details: ['DWORD (0x00000001)', '1'] },
    reason: /DWORD \(0x\.\.\.\)/,
    agrees: { kind: 'registry_set', 'registry.data': '1', 'registry.data.type': 'REG_DWORD' },
    differs: { kind: 'registry_set', 'registry.data': 'DWORD (0x00000001)', 'registry.data.type': 'REG_SZ' },
  },
  {
    what: 'binary data is only "Binary Data" in Sysmon',
    kind: 'registry_set',
    condition: p('registry.data', 'contains', ['4d5a']),
    idiom: { 'Details|contains': '4d5a' },
    reason: /Binary Data/,
    agrees: { kind: 'registry_set', 'registry.data': 'x4d5ax', 'registry.data.type': 'REG_SZ' },
    differs: { kind: 'registry_set', 'registry.data': '4d5a9000', 'registry.data.type': 'REG_BINARY' },
  },
  {
    what: 'a data type is read off the rendering',
    kind: 'registry_set',
    condition: p('registry.data.type', 'equals', ['REG_DWORD']),
    idiom: { 'Details|startswith': 'DWORD (' },
    reason: /Details/,
    agrees: { kind: 'registry_set', 'registry.data': '0', 'registry.data.type': 'REG_DWORD' },
    differs: { kind: 'registry_set', 'registry.data': 'DWORD (x', 'registry.data.type': 'REG_SZ' },
  },
  {
    // Equality and startswith with hex are exact (hashes are hex, ir/hex-fields.ts); a needle
    // inside the value may also be inside another entry's.
    what: 'a hash is one entry of Hashes',
    kind: 'process_creation',
    condition: p('process.hash.sha256', 'contains', ['ab12']),
    idiom: { 'Hashes|contains': 'ab12' },
    reason: /Hashes/,
    agrees: { kind: 'process_creation', 'process.hash.sha256': 'cab12c' },
    differs: { kind: 'process_creation', 'process.hash.md5': 'ab12' },
  },
  {
    what: 'the registry writer has no command line in Sysmon: the test is left out',
    kind: 'registry_set',
    condition: and([p('registry.data', 'exists', []), p('process.command_line', 'contains', ['reg add'])]),
    idiom: { 'Details|exists': true },
    reason: /records no process\.command_line on registry_set/,
    agrees: { kind: 'registry_set', 'registry.data': 'x', 'process.command_line': 'reg add x' },
    differs: { kind: 'registry_set', 'registry.data': 'x', 'process.command_line': 'powershell' },
  },
  {
    what: 'process arguments are looked for in the command line',
    kind: 'process_creation',
    condition: p('process.args', 'equals', ['/c']),
    idiom: { 'CommandLine|contains': '/c' },
    reason: /process\.args/,
    agrees: { kind: 'process_creation', 'process.args': ['cmd', '/c'], 'process.command_line': 'cmd /c' },
    differs: { kind: 'process_creation', 'process.args': ['cmd', '/cx'], 'process.command_line': 'cmd /cx' },
  },
];

describe.each(ROWS)('$what', (row) => {
  const rule = ruleWith({ logsources: [row.kind], condition: row.condition });
  it('strict refuses, naming the predicate and the reason', () => {
    let caught: unknown;
    try {
      emitSigma(rule, { lenient: false });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NotExpressibleError);
    expect((caught as NotExpressibleError).reason).toMatch(row.reason);
  });
  it('lenient writes the idiom and reports it', () => {
    const out = emitSigma(rule, { lenient: true });
    expect((parse(out.text) as { detection: { selection: unknown } }).detection.selection).toEqual(row.idiom);
    expect(out.approximations.length).toBeGreaterThan(0);
    expect(out.approximations.some((a) => row.reason.test(a.reason))).toBe(true);
  });
  it('agrees where the approximation holds and differs where it does not', () => {
    const { text } = emitSigma(rule, { lenient: true });
    if (row.agrees) expect(sigmaVerdict(text, row.agrees)).toBe(referenceVerdict(rule, row.agrees));
    if (row.differs) expect(sigmaVerdict(text, row.differs)).not.toBe(referenceVerdict(rule, row.differs));
  });
});

describe('output-only and schedule-only parts', () => {
  it('derived fields are refused in strict mode and reported in lenient mode (Sigma computes nothing)', () => {
    const rule = ruleWith({
      condition: p('process.command_line', 'contains', ['stop']),
      derived: [{ name: 'Method', expr: { kind: 'literal', value: 'x' } }],
    });
    expect(() => emitSigma(rule, { lenient: false })).toThrow(NotExpressibleError);
    expect(emitSigma(rule, { lenient: true }).approximations).toEqual([{ predicate: 'derived field Method', reason: 'Sigma has no computed fields' }]);
  });
  it('a time window is the schedule, not the rule: it is exact and absent from the text', () => {
    const rule = ruleWith({ window: '24h', condition: p('process.command_line', 'contains', ['stop']) });
    const out = emitSigma(rule, { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(out.text).not.toMatch(/timeframe|24h/);
  });
  it('a predicate on @timestamp is left out and reported', () => {
    const rule = ruleWith({ condition: p('@timestamp', 'gt', ['0']) });
    expect(() => emitSigma(rule, { lenient: false })).toThrow(/event time/);
  });
  it('a field the kind does not have is false, exactly, without a report', () => {
    const rule = ruleWith({ logsources: ['process_creation', 'registry_set'], condition: p('registry.data', 'exists', []) });
    const out = emitSigma(rule, { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(out.text).toContain('category: registry_set');
    expect(out.text).not.toContain('category: process_creation');
  });
});
