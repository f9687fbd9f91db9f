import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { literals, match, not, type Condition } from '../../../src/ir/condition.js';
import type { MatchOperator } from '../../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../../src/ir/value.js';
import type { Target } from '../../../src/targets/contract.js';
import { defenderValueType, windowsValueType } from '../../../src/targets/kql/registry-value-type.js';
import { targetById } from '../../../src/targets/registry.js';
import { kustoErrors } from './kusto-language-service.js';
import { ruleWith } from './rule-factory.js';

/**
 * Defender's `RegistryValueType` names a value's type `Dword`, `String`, `Binary`, `None`, ...
 * (hunting queries test `RegistryValueType == "Dword"`), where the rule model, Sysmon's readers
 * and ECS use the Windows constants (`REG_DWORD`). src/targets/kql/registry-value-type.ts.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;

const write = (type: string | undefined, data = '1'): LogicalEvent => ({
  kind: 'registry_set',
  'registry.hive': 'HKLM',
  'registry.key': 'SOFTWARE\\Policies\\Microsoft\\Windows Defender',
  'registry.value': 'DisableAntiSpyware',
  'registry.data': data,
  ...(type === undefined ? {} : { 'registry.data.type': type }),
});

describe('the names', () => {
  it.each<readonly [string, string]>([
    ['REG_DWORD', 'Dword'],
    ['REG_SZ', 'String'],
    ['REG_BINARY', 'Binary'],
    ['REG_NONE', 'None'],
    ['REG_QWORD', 'Qword'],
    ['REG_EXPAND_SZ', 'ExpandString'],
    ['REG_MULTI_SZ', 'MultiString'],
  ])('%s is %s in Defender', (windows, defender) => {
    expect(defenderValueType(windows)).toBe(defender);
    expect(defenderValueType(windows.toLowerCase())).toBe(defender);
    expect(windowsValueType(defender)).toBe(windows);
    expect(kql.project(write(windows))).toMatchObject({ RegistryValueType: defender });
    expect(kql.unproject({ Type: 'DeviceRegistryEvents', RegistryValueType: defender } as JsonObject)['registry.data.type']).toBe(windows);
  });

  it('other text is carried as is', () => {
    expect(defenderValueType('REG_LINK')).toBe('REG_LINK');
    expect(kql.project(write('weird'))).toMatchObject({ RegistryValueType: 'weird' });
  });
});

const on = (op: MatchOperator, values: readonly string[], caseRule: 'sensitive' | 'insensitive' = 'insensitive'): Condition =>
  op === 'exists' ? match({ field: 'registry.data.type', op }) : match({ field: 'registry.data.type', op, values: literals(values), caseRule });

const PROBES: readonly LogicalEvent[] = [write('REG_DWORD'), write('reg_dword'), write('REG_SZ', 'x'), write('REG_QWORD'), write('REG_BINARY'), write('REG_LINK'), write('weird'), write(undefined)];

describe.each<readonly [string, Condition, string]>([
  ['equals REG_DWORD', on('equals', ['REG_DWORD']), 'RegistryValueType =~ "Dword"'],
  ['equals two types', on('equals', ['REG_DWORD', 'REG_QWORD']), 'RegistryValueType in~ ("Dword", "Qword")'],
  ['equals a type Defender has no name for', on('equals', ['REG_LINK']), 'RegistryValueType =~ "REG_LINK"'],
  ['not equals REG_SZ', not(on('equals', ['REG_SZ'])), '"String"'],
  ['contains WORD (REG_DWORD and REG_QWORD)', on('contains', ['WORD']), 'RegistryValueType in~ ("Dword", "Qword")'],
  ['startswith REG_', on('startswith', ['REG_']), 'RegistryValueType startswith "REG_"'],
  ['exists', on('exists', []), 'RegistryValueType'],
])('registry.data.type %s', (_what, condition, form) => {
  const rule = ruleWith({ logsources: ['registry_set'], condition });
  const reference = compileRule(rule);
  const want = PROBES.map((e) => reference(e, { now: NOW }).matched);

  it('KQL tests Defender\'s names, agrees on every probe, and reads back the same test', () => {
    const out = kql.emit(rule, { lenient: condition.kind === 'match' && condition.op === 'exists' });
    if (!(condition.kind === 'match' && condition.op === 'exists')) expect(out.approximations).toEqual([]);
    expect(out.text).toContain(form);
    expect(kustoErrors(out.text)).toEqual([]);
    const run = kql.compile(kql.parse(out.text, 'q.kql'), { now: NOW });
    expect(PROBES.map((e) => run(kql.project(e)).matched)).toEqual(want);
    const back = compileRule(kql.importRule(kql.parse(out.text, 'q.kql'), 'q.kql'));
    expect(PROBES.map((e) => back(e, { now: NOW }).matched)).toEqual(want);
  });
});

describe('a case-sensitive test reads the constant as written, which Defender does not keep', () => {
  it('is declared', () => {
    const rule = ruleWith({ logsources: ['registry_set'], condition: on('equals', ['REG_DWORD'], 'sensitive') });
    expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender names the type Dword/);
    expect(kql.emit(rule, { lenient: true }).approximations).toHaveLength(1);
  });
});

describe('hand-written Defender queries import', () => {
  it.each<readonly [string, readonly boolean[]]>([
    // PROBES: REG_DWORD, reg_dword, REG_SZ, REG_QWORD, REG_BINARY, REG_LINK, weird, none
    ['DeviceRegistryEvents\n| where RegistryValueType == "Dword"', [true, true, false, false, false, false, false, false]],
    ['DeviceRegistryEvents\n| where RegistryValueType == "dword"', [false, false, false, false, false, false, false, false]],
    ['DeviceRegistryEvents\n| where RegistryValueType in~ ("dword", "binary")', [true, true, false, false, true, false, false, false]],
    ['DeviceRegistryEvents\n| where RegistryValueType contains "word"', [true, true, false, true, false, false, false, false]],
    ['DeviceRegistryEvents\n| where RegistryValueType != "String"', [true, true, false, true, true, true, true, true]],
  ])('%s', (text, expected) => {
    const native = kql.compile(kql.parse(text, 'q.kql'), { now: NOW });
    expect(PROBES.map((e) => native(kql.project(e)).matched)).toEqual(expected);
    const imported = compileRule(kql.importRule(kql.parse(text, 'q.kql'), 'q.kql'));
    expect(PROBES.map((e) => imported(e, { now: NOW }).matched)).toEqual(expected);
  });
});

describe('a derived value showing the type', () => {
  it('is declared: Defender shows its own name', () => {
    const rule = ruleWith({ logsources: ['registry_set'], condition: on('exists', []), derived: [{ name: 'Type', expr: { kind: 'field', field: 'registry.data.type' } }] });
    expect(kql.emit(rule, { lenient: true }).approximations.map((a) => a.reason).join()).toMatch(/Dword for REG_DWORD/);
  });
});
