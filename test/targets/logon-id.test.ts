import { describe, expect, it } from 'vitest';
import { literals, match, not, type Condition } from '../../src/ir/condition.js';
import { logonIdNumber, logonIdText } from '../../src/ir/logon-id.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { NotExpressibleError, type Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { importedVerdicts, nativeVerdicts } from './hand-written.js';
import { ruleWith } from './kql/rule-factory.js';

/**
 * `process.logon_id` (src/ir/logon-id.ts), from the sources' own records of a process's logon
 * session: Sysmon event 1 `LogonId` and Elastic Defend `process.Ext.authentication_id` write it
 * in hexadecimal text (`0x3e7` for the system account, `0x6e70a`); Defender's
 * `DeviceProcessEvents.LogonId` is a `long` (999 for `0x3e7`).
 */
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const proc = (id: string | null | undefined): LogicalEvent =>
  id === undefined ? { kind: 'process_creation' } : { kind: 'process_creation', 'process.logon_id': id };

describe('Sysmon spelling and Defender number', () => {
  it.each<readonly [string, number | undefined]>([
    ['0x3e7', 999],
    ['0X3E7', 999],
    ['0x6e70a', 452362],
    ['0x0', 0],
    ['0x1fffffffffffff', Number.MAX_SAFE_INTEGER],
    // Not Sysmon's spelling: a leading zero, decimal text, no digits, no prefix, a name.
    ['0x03e7', undefined],
    ['999', undefined],
    ['0x', undefined],
    ['3e7', undefined],
    ['system', undefined],
    [' 0x3e7', undefined],
    // Past 2^53 a JSON number would not hold the session exactly.
    ['0x20000000000000', undefined],
  ])('%s', (text, number) => {
    expect(logonIdNumber(text)).toBe(number);
    if (number !== undefined) expect(logonIdNumber(logonIdText(number))).toBe(number);
  });

  it('writes lower-case hex without leading zeros, as Sysmon does', () => {
    expect(logonIdText(999)).toBe('0x3e7');
    expect(logonIdText(0)).toBe('0x0');
  });
});

describe('one process in each schema', () => {
  it('Sysmon LogonId and Elastic Defend process.Ext.authentication_id keep the text; Defender LogonId holds the number', () => {
    expect(sigma.project(proc('0x3e7'))).toMatchObject({ EventID: 1, LogonId: '0x3e7' });
    expect(eql.project(proc('0x3e7'))).toMatchObject({ process: { Ext: { authentication_id: '0x3e7' } } });
    expect(kql.project(proc('0x3e7'))).toMatchObject({ LogonId: 999 });
  });

  it('text not spelled as Sysmon spells it has no Defender number', () => {
    expect(kql.project(proc('999'))).not.toHaveProperty('LogonId');
    expect(kql.project(proc('0x03e7'))).not.toHaveProperty('LogonId');
  });

  it.each([sigma, kql, eql].map((t) => [t.id, t] as const))('%s: read back, the session is Sysmon\'s text', (_id, t) => {
    expect(t.unproject(JSON.parse(JSON.stringify(t.project(proc('0x6e70a')))) as JsonObject)['process.logon_id']).toBe('0x6e70a');
  });
});

const on = (op: MatchOperator, values: readonly string[], caseRule: 'sensitive' | 'insensitive' = 'insensitive'): Condition =>
  op === 'exists' ? match({ field: 'process.logon_id', op }) : match({ field: 'process.logon_id', op, values: literals(values), caseRule });

const PROBES: readonly LogicalEvent[] = [proc('0x3e7'), proc('0X3E7'), proc('0x3e8'), proc('0x6e70a'), proc('0x03e7'), proc('999'), proc(''), proc(null), proc(undefined)];

describe('a case-insensitive equality on Sysmon\'s spelling: exact everywhere', () => {
  describe('one session', () => {
    itIsExactOnEveryTarget(ruleWith({ condition: on('equals', ['0x3e7']) }), PROBES, {
      kql: 'LogonId == 999',
      sigma: "LogonId: '0x3e7'",
      eql: 'process.Ext.authentication_id : "0x3e7"',
    });
  });
  describe('two sessions, negated', () => {
    itIsExactOnEveryTarget(ruleWith({ condition: not(on('equals', ['0x3e7', '0x6E70A'])) }), PROBES, {
      kql: 'not(isnotnull(LogonId) and LogonId in (999, 452362))',
      sigma: 'LogonId:',
      eql: 'not process.Ext.authentication_id : ("0x3e7", "0x6E70A")',
    });
  });
});

describe('what Defender\'s number cannot say is declared, and refused in strict mode', () => {
  it.each<readonly [string, Condition, RegExp]>([
    ['a case-sensitive equality', on('equals', ['0x3e7'], 'sensitive'), /not its spelling/],
    ['a value not spelled as Sysmon spells it', on('equals', ['999']), /spelled as Sysmon writes it/],
    ['exists', on('exists', []), /other text reads as missing/],
    ['startswith', on('startswith', ['0x3']), /decimal text/],
  ])('%s', (_what, condition, reason) => {
    const rule = ruleWith({ condition });
    expect(() => kql.emit(rule, { lenient: false })).toThrow(NotExpressibleError);
    const lenient = kql.emit(rule, { lenient: true });
    expect(lenient.approximations.map((a) => a.reason).join('\n')).toMatch(reason);
    // Sigma and EQL carry the text as it is: exact.
    expect(sigma.emit(rule, { lenient: false }).approximations).toEqual([]);
    expect(eql.emit(rule, { lenient: false }).approximations).toEqual([]);
  });
});

describe('hand-written rules import the session', () => {
  it.each<readonly [string, Target<unknown>, string, readonly boolean[]]>([
    // PROBES: 0x3e7, 0X3E7, 0x3e8, 0x6e70a, 0x03e7, 999, "", null, missing
    ["Sigma LogonId: '0x3e7' (the system account's session)", sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    LogonId: '0x3e7'\n  condition: s\n", [true, true, false, false, false, false, false, false, false]],
    ['KQL LogonId == 999', kql, 'DeviceProcessEvents\n| where LogonId == 999', [true, true, false, false, false, false, false, false, false]],
    ['KQL LogonId in (999, 1000)', kql, 'DeviceProcessEvents\n| where LogonId in (999, 1000)', [true, true, true, false, false, false, false, false, false]],
    ['KQL LogonId != 999', kql, 'DeviceProcessEvents\n| where not(isnotnull(LogonId) and LogonId == 999)', [false, false, true, true, true, true, true, true, true]],
    ['EQL authentication_id : "0x6e70a"', eql, 'process where process.Ext.authentication_id : "0x6e70a"', [false, false, false, true, false, false, false, false, false]],
  ])('%s', (_what, target, text, expected) => {
    expect(nativeVerdicts(target, text, PROBES)).toEqual(expected);
    expect(importedVerdicts(target, text, PROBES)).toEqual(expected);
  });

  it('a KQL comparison other than equality is refused at its position', () => {
    const text = 'DeviceProcessEvents\n| where LogonId > 999';
    expect(() => kql.importRule(kql.parse(text, 'q.kql'), 'q.kql')).toThrow(/q\.kql:2:\d+: .*only ==, != and in with whole numbers/);
  });
});
