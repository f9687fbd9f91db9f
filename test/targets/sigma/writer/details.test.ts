import { describe, expect, it } from 'vitest';
import { and, literals, match, not, or, type Condition } from '../../../../src/ir/condition.js';
import type { CaseRule, MatchOperator } from '../../../../src/ir/match-operator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { targetById } from '../../../../src/targets/registry.js';
import { itIsExactOn } from '../../exact-everywhere.js';
import { canonicalDecimalAtMost } from '../../../../src/targets/sigma/decimal-range.js';
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

describe('every copy of the guard: one per value of Details|contains|all', () => {
  // The reader gives `Details|contains|all: [ADMIN$, .exe]` as "data contains ADMIN$ and not
  // binary and data contains .exe and not binary" (SigmaHQ registry_set_cobaltstrike_service_installs
  // has that shape); each Details item says "not binary", so every copy is said by them.
  const ADMIN = [write('cmd /c \\\\host\\ADMIN$\\x.exe', 'REG_EXPAND_SZ'), write('\\\\host\\ADMIN$\\x.exe', 'REG_BINARY'), write('ADMIN$ only', 'REG_SZ')];
  // Two guards, as the reader builds them: equal, not one object.
  const guard = (): Condition => not(on('registry.data.type', 'equals', ['REG_BINARY']));
  itIsExactOn(ruleWith({ ...ON, condition: and([on('registry.data', 'contains', ['ADMIN$']), guard(), on('registry.data', 'contains', ['.exe']), guard()]) }), [...PROBES, ...ADMIN], {
    sigma: 'Details|contains|all:',
  });
});

describe('empty data, or the text (Empty), on a write that is not binary', () => {
  // Sysmon writes empty data as `(Empty)` and text data as it is; binary data, empty or not, as
  // `Binary Data` (README "Fields", Sysmon event 13). So the reader's "data is empty or that text,
  // not binary" is `Details: '(Empty)'` exactly, and so back.
  const EMPTY = [write('(Empty)', 'REG_SZ'), write('(empty)', 'REG_SZ'), write('', 'REG_BINARY'), write('(Empty)', 'REG_BINARY'), write('-', 'REG_SZ'), write('-', 'REG_BINARY')];
  it.each([
    ['insensitive', on('registry.data', 'equals', ['', '(Empty)']), "Details: '(Empty)'"],
    ['insensitive, spelled in lower case', on('registry.data', 'equals', ['', '(empty)']), "Details: '(empty)'"],
    ['case-sensitive', on('registry.data', 'equals', ['', '(Empty)'], 'sensitive'), "Details|cased: '(Empty)'"],
    ['next to a value no rendering holds', on('registry.data', 'equals', ['-', '', '(Empty)']), "- '(Empty)'"],
  ])('%s', (_, data, form) => {
    const rule = ruleWith({ ...ON, condition: and([data, notBinary]) });
    const sigma = targetById('sigma');
    const out = sigma?.emit(rule, { lenient: false });
    expect(out?.approximations).toEqual([]);
    expect(out?.text).toContain(form);
  });
  describe('agrees on every probe and reads back', () => {
    itIsExactOn(ruleWith({ ...ON, condition: not(and([on('registry.data', 'equals', ['-', '', '(Empty)']), notBinary])) }), [...PROBES, ...EMPTY], { sigma: 'Details:' });
  });
});

describe('digits that start or end the data, where Sysmon renders no number', () => {
  // Sysmon renders a REG_DWORD whose data is a canonical decimal up to 2^32-1 (a REG_QWORD: up to
  // 2^64-1) as `DWORD (0x...)` / `QWORD (0x...-0x...)`; every other write that is not binary shows
  // its data, or `(Empty)`. No rendering starts or ends with a digit, so with both guards
  // `Details|startswith: '6'` is "the data starts with 6" (SigmaHQ registry_set_bginfo_custom_wmi_query).
  const numberOf = (type: string, max: bigint): Condition =>
    and([on('registry.data.type', 'equals', [type]), on('registry.data', 'regex', [canonicalDecimalAtMost(max)], 'sensitive')]);
  const notRendered = not(or([numberOf('REG_DWORD', 0xffffffffn), numberOf('REG_QWORD', 0xffffffffffffffffn)]));
  const DIGITS = [
    write('6 SELECT * FROM Win32_BIOS', 'REG_SZ'),
    write('61', 'REG_DWORD'),
    write('6', 'REG_QWORD'),
    write('06', 'REG_DWORD'),
    write('6x', 'REG_DWORD'),
    write('64', 'REG_BINARY'),
    write('4294967296', 'REG_DWORD'),
    write('18446744073709551616', 'REG_QWORD'),
    write('x6', 'REG_SZ'),
  ];
  it.each([
    ['startswith', on('registry.data', 'startswith', ['6']), "Details|startswith: '6'"],
    ['endswith, any of two', on('registry.data', 'endswith', ['6', '1']), 'Details|endswith:'],
  ])('%s', (_, data, form) => {
    const sigma = targetById('sigma');
    const out = sigma?.emit(ruleWith({ ...ON, condition: and([data, notBinary, notRendered]) }), { lenient: false });
    expect(out?.approximations).toEqual([]);
    expect(out?.text).toContain(form);
  });
  describe('agrees on every probe and reads back', () => {
    itIsExactOn(ruleWith({ ...ON, condition: and([on('registry.data', 'startswith', ['6']), notBinary, notRendered]) }), [...PROBES, ...DIGITS], { sigma: "Details|startswith: '6'" });
  });
  describe('endswith', () => {
    itIsExactOn(ruleWith({ ...ON, condition: and([on('registry.data', 'endswith', ['6']), notBinary, notRendered]) }), [...PROBES, ...DIGITS], { sigma: "Details|endswith: '6'" });
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
    // "" alone: Details (Empty) is also the text (Empty); the text alone: also empty data.
    ['empty data alone', and([on('registry.data', 'equals', ['']), notBinary])],
    ['the text (Empty) alone', and([on('registry.data', 'equals', ['(Empty)']), notBinary])],
    // Case-sensitive: Sysmon writes (Empty), not (empty).
    ['empty data or (empty), case-sensitive', and([on('registry.data', 'equals', ['', '(empty)'], 'sensitive'), notBinary])],
    // Digits without "not a rendered number": a REG_DWORD 6 shows as DWORD (0x00000006).
    ['digits that start the data, rendered numbers not excluded', and([on('registry.data', 'startswith', ['6']), notBinary])],
  ])('%s', (_, condition) => {
    expect(sigma?.emit(ruleWith({ ...ON, condition }), { lenient: true }).approximations).not.toEqual([]);
  });
});
