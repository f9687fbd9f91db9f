import { describe, expect, it } from 'vitest';
import { and, literals, match, not, or, type Condition } from '../../../../src/ir/condition.js';
import type { CaseRule, MatchOperator } from '../../../../src/ir/match-operator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { targetById } from '../../../../src/targets/registry.js';
import { itIsExactOn } from '../../exact-everywhere.js';
import { ruleWith } from '../../kql/rule-factory.js';

/**
 * Sysmon's `Details` is a value write's data, except that it shows a REG_DWORD / REG_QWORD
 * whose data is a number in range as `DWORD (0x0000000a)` / `QWORD (0x...-0x...)`, binary data
 * as `Binary Data` and empty data as `(Empty)` (README "Fields"; Sysmon event 13). So:
 * - on a write that is not binary, a value no rendering can hold (a backslash, a dot) is tested
 *   on the data itself: `Details|contains: '\Temp\'` says "data contains \Temp\ and the write
 *   is not binary", exactly;
 * - `Details: 'DWORD (0x00000001)'` says "a REG_DWORD whose data is 1, or a write that is not
 *   binary whose data is that text", exactly.
 * These are the shapes the Sigma reader gives such items; written back they are those items.
 */
const on = (field: string, op: MatchOperator, values: readonly string[], caseRule: CaseRule = 'insensitive'): Condition =>
  match({ field, op, values: literals(values), caseRule });
const notBinary = not(on('registry.data.type', 'equals', ['REG_BINARY']));
const ON = { logsources: ['registry_set'] as const };

const write = (data: string | undefined, type: string): LogicalEvent => ({
  kind: 'registry_set',
  'registry.hive': 'HKLM',
  'registry.key': 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
  'registry.value': 'Updater',
  'registry.data.type': type,
  ...(data === undefined ? {} : { 'registry.data': data }),
});

const PROBES: readonly LogicalEvent[] = [
  write('C:\\Users\\x\\AppData\\Local\\Temp\\a.exe', 'REG_SZ'),
  write('C:\\USERS\\X\\APPDATA\\LOCAL\\TEMP\\A.EXE', 'REG_EXPAND_SZ'),
  write('C:\\Users\\x\\AppData\\Local\\Temp\\a.exe', 'REG_BINARY'),
  write('C:\\Program Files\\a.exe', 'REG_SZ'),
  write('1', 'REG_DWORD'),
  write('01', 'REG_DWORD'),
  write('1', 'REG_SZ'),
  write('1', 'REG_QWORD'),
  write('4294967296', 'REG_DWORD'),
  write('DWORD (0x00000001)', 'REG_SZ'),
  write('dword (0x00000001)', 'REG_SZ'),
  write('DWORD (0x00000001)', 'REG_BINARY'),
  write('', 'REG_SZ'),
  write(undefined, 'REG_SZ'),
];

describe('a test on the data that no rendering can hold, on a write that is not binary', () => {
  describe('contains', () => {
    itIsExactOn(ruleWith({ ...ON, condition: and([on('registry.data', 'contains', ['\\Temp\\']), notBinary]) }), PROBES, {
      // sigma.md escaping: `\\` is one backslash; the writer doubles a backslash that ends the value.
      sigma: "Details|contains: '\\Temp\\\\'",
    });
  });
  describe('endswith, case-sensitive, any of two', () => {
    itIsExactOn(ruleWith({ ...ON, condition: and([on('registry.data', 'endswith', ['.exe', '.EXE'], 'sensitive'), notBinary]) }), PROBES, { sigma: 'Details|endswith|cased:' });
  });
  describe('a regex whose every match holds a backslash', () => {
    itIsExactOn(ruleWith({ ...ON, condition: and([on('registry.data', 'regex', ['\\\\Temp\\\\[a-z]+\\.exe'], 'sensitive'), notBinary]) }), PROBES, { sigma: 'Details|re:' });
  });
});

describe('a rendered number, or that text on a write that is not binary', () => {
  const dword = (caseRule: CaseRule): Condition =>
    or([and([on('registry.data.type', 'equals', ['REG_DWORD']), on('registry.data', 'equals', ['1'], 'sensitive')]), and([on('registry.data', 'equals', ['DWORD (0x00000001)'], caseRule), notBinary])]);
  describe('case-insensitive', () => {
    itIsExactOn(ruleWith({ ...ON, condition: dword('insensitive') }), PROBES, { sigma: "Details: 'DWORD (0x00000001)'" });
  });
  describe('case-sensitive', () => {
    itIsExactOn(ruleWith({ ...ON, condition: dword('sensitive') }), PROBES, { sigma: "Details|cased: 'DWORD (0x00000001)'" });
  });
});

describe('what stays approximate', () => {
  const sigma = targetById('sigma');
  it.each([
    // Without the guard, binary data holding the text is tested too, and Sysmon shows it as Binary Data.
    ['no guard', on('registry.data', 'contains', ['\\Temp\\'])],
    // Digits can be the data of a rendered number.
    ['digits', and([on('registry.data', 'contains', ['12']), notBinary])],
    // A needle a rendering can hold.
    ['DWORD inside', and([on('registry.data', 'contains', ['DWORD']), notBinary])],
    // The number is not the one the text renders.
    ['another number', or([and([on('registry.data.type', 'equals', ['REG_DWORD']), on('registry.data', 'equals', ['2'], 'sensitive')]), and([on('registry.data', 'equals', ['DWORD (0x00000001)']), notBinary])])],
  ])('%s', (_, condition) => {
    expect(sigma?.emit(ruleWith({ ...ON, condition }), { lenient: true }).approximations).not.toEqual([]);
  });
});
