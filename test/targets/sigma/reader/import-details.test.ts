import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { compileSigma } from '../../../../src/targets/sigma/evaluate.js';
import { importSigma } from '../../../../src/targets/sigma/import.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { projectEvent } from '../../../../src/targets/sigma/schema.js';
import { FILE, NOW, problemOf, rule } from './helpers.js';

/**
 * Details on a registry write (sigma.md, fields.md "Registry value set"): Sysmon writes the data
 * as text, but empty data as `(Empty)`, a REG_DWORD as `DWORD (0x00000001)`, a REG_QWORD as `QWORD (0x<hi>-0x<lo>)` and
 * any REG_BINARY as `Binary Data`. A Details test imports when the rule model can say it
 * exactly on registry.data and registry.data.type; the import is checked against Sigma's own
 * evaluator on writes of every type, including text data that looks like a rendering.
 */
const reg = (data: string | undefined, type?: string): LogicalEvent => ({
  kind: 'registry_set',
  'registry.hive': 'HKLM',
  'registry.key': 'SOFTWARE\\X',
  'registry.value': 'v',
  ...(data !== undefined ? { 'registry.data': data } : {}),
  ...(type !== undefined ? { 'registry.data.type': type } : {}),
});

const WRITES: readonly LogicalEvent[] = [
  reg('1', 'REG_DWORD'),
  reg('1', 'reg_dword'),
  reg('01', 'REG_DWORD'),
  reg('1', 'REG_SZ'),
  reg('1'),
  reg('10', 'REG_DWORD'),
  reg('4294967296', 'REG_DWORD'),
  reg('4294967296', 'REG_QWORD'),
  reg('41', 'REG_DWORD'),
  reg('41', 'REG_SZ'),
  reg('041', 'REG_DWORD'),
  reg('4294967295', 'REG_DWORD'),
  reg('4294967295', 'REG_SZ'),
  reg('18446744073709551615', 'REG_QWORD'),
  reg('18446744073709551616', 'REG_QWORD'),
  reg('451', 'REG_BINARY'),
  reg('DWORD (0x00000001)', 'REG_SZ'),
  reg('dword (0x00000001)', 'REG_SZ'),
  reg('DWORD (0x00000001)', 'REG_BINARY'),
  reg('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe', 'REG_SZ'),
  reg('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe', 'REG_EXPAND_SZ'),
  reg('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe', 'REG_BINARY'),
  reg('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe', 'Reg_Binary'),
  reg('powershell -enc AAAA', 'REG_SZ'),
  reg('Binary Data', 'REG_SZ'),
  reg('00ff', 'REG_BINARY'),
  reg('', 'REG_SZ'),
  reg('', 'REG_BINARY'),
  reg('(Empty)', 'REG_SZ'),
  reg('(empty)'),
  reg(undefined, 'REG_BINARY'),
  reg(undefined),
];

const registryRule = (detection: string): string => rule(detection, 'category: registry_set\n  product: windows');

describe('Details imports exactly where no rendering can be confused with the data', () => {
  it.each([
    // A value holding a character no rendering holds: the data itself, on any write that is not binary.
    "sel:\n  Details|contains: '\\AppData\\Local\\Temp\\'\ncondition: sel",
    "sel:\n  Details|endswith: '.exe'\ncondition: sel",
    "sel:\n  Details|startswith|cased: 'C:\\Users'\ncondition: sel",
    "sel:\n  Details|contains|all:\n    - 'powershell'\n    - ' -enc '\ncondition: sel",
    "sel:\n  Details: 'powershell -enc AAAA'\ncondition: sel",
    "sel:\n  Details|contains: 'temp'\ncondition: not sel",
    // Equality with a whole rendering: the typed number, or that very text on a non-binary write.
    "sel:\n  Details: 'DWORD (0x00000001)'\ncondition: sel",
    "sel:\n  Details: 'dword (0X0000000A)'\ncondition: sel",
    "sel:\n  Details|cased: 'DWORD (0x00000001)'\ncondition: sel",
    "sel:\n  Details: 'QWORD (0x00000001-0x00000000)'\ncondition: sel",
    "sel:\n  Details: 'Binary Data'\ncondition: sel",
    "sel:\n  Details:\n    - 'DWORD (0x00000001)'\n    - '.exe'\ncondition: sel",
    // Digits: the data itself, unless the type makes Sysmon render them.
    "sel:\n  Details: '1'\ncondition: sel",
    // Empty data: (Empty), as in Sysmon's event 13 for DelegateExecute set to an empty string.
    "sel:\n  Details: '(Empty)'\ncondition: sel",
    "sel:\n  Details|cased: '(Empty)'\ncondition: sel",
    "sel:\n  Details:\n    - ''\n    - '(Empty)'\ncondition: sel",
    "sel:\n  Details: '01'\ncondition: sel",
    "sel:\n  Details: '4294967296'\ncondition: sel",
    // Digits that start or end the value: no rendering starts or ends with a digit, so the data,
    // unless Sysmon rendered it as a number (a REG_DWORD up to 2^32-1, a REG_QWORD up to 2^64-1).
    "sel:\n  Details|startswith: '4'\ncondition: sel",
    "sel:\n  Details|endswith: '1'\ncondition: sel",
    "sel:\n  Details|endswith: '5'\ncondition: not sel",
    "sel:\n  Details|startswith: '18446744073709551'\ncondition: sel",
    // A regex every match of which needs a character no rendering holds (here a backslash).
    "sel:\n  Details|re: '\\\\AppData\\\\Local\\\\Temp\\\\'\ncondition: sel",
    "sel:\n  Details|re|i: '^c:\\\\users\\\\[a-z]+\\\\'\ncondition: sel",
    "sel:\n  Details|re:\n    - 'powershell\\.exe -e'\n    - '\\.exe$'\ncondition: not sel",
  ])('%s', (detection) => {
    const set = parseSigma(registryRule(detection), FILE);
    const sigma = compileSigma(set, { now: NOW });
    const imported = compileRule(importSigma(set, FILE));
    const want = WRITES.map((e) => sigma(projectEvent(e)).matched);
    expect(want).toContain(true);
    expect(want).toContain(false);
    WRITES.forEach((e, i) => expect(imported(e, { now: NOW }).matched, JSON.stringify(e)).toBe(want[i]));
  });

  it.each([
    // Could be read off a rendering, or off the decimal data of a DWORD.
    ["sel:\n  Details|contains: 'DWORD'\ncondition: sel", 9, 5],
    ["sel:\n  Details|contains: '1'\ncondition: sel", 9, 5],
    ["sel:\n  Details|startswith: 'Binary'\ncondition: sel", 9, 5],
    ["sel:\n  Details|re: 'Temp'\ncondition: sel", 9, 5],
    // Each character of `-enc [A-Z]+` occurs in some rendering (`QWORD (0x...-0x...)`, `(Empty)`).
    ["sel:\n  Details|re: '-enc [A-Z]+'\ncondition: sel", 9, 5],
    // `[\\.]` names no one character: a match may need neither the backslash nor the dot.
    ["sel:\n  Details|re: 'x[\\\\.]'\ncondition: sel", 9, 5],
    ["sel:\n  Details: '*Temp*exe'\ncondition: sel", 9, 5],
  ])('%s is refused, naming Details', (detection, line, col) => {
    const p = problemOf(() => importSigma(parseSigma(registryRule(detection), FILE), FILE));
    expect(p.message).toMatch(/Details cannot be imported/);
    expect([p.line, p.col]).toEqual([line, col]);
  });
});
