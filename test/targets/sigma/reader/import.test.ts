import { describe, expect, it } from 'vitest';
import { resolveRevoked } from '../../../../src/attack/index.js';
import { compileRule } from '../../../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { compileSigma } from '../../../../src/targets/sigma/evaluate.js';
import { importSigma, importSigmaDocuments } from '../../../../src/targets/sigma/import.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { projectEvent } from '../../../../src/targets/sigma/schema.js';
import { FILE, NOW, problemOf, rule } from './helpers.js';

/**
 * Import is right when the imported rule, run by the reference evaluator on logical events,
 * gives the verdicts the Sigma rule gives on the same events projected into Sysmon's shape.
 */
const proc = (fields: Record<string, string | number>): LogicalEvent => ({ kind: 'process_creation', ...fields });
const reg = (fields: Record<string, string | number>): LogicalEvent => ({ kind: 'registry_set', ...fields });

const events: LogicalEvent[] = [
  proc({ 'process.executable': 'C:\\Windows\\System32\\sc.exe', 'process.command_line': 'sc.exe stop WinDefend', 'process.pid': 42 }),
  proc({ 'process.executable': 'C:\\Windows\\System32\\SC.EXE', 'process.command_line': 'sc /stop  windefend', 'process.parent.executable': 'C:\\x\\cmd.exe' }),
  proc({ 'process.executable': 'C:\\Temp\\sc.exe', 'process.command_line': 'powershell -enc SQBFAFgA', 'process.pid': 7 }),
  proc({ 'process.executable': 'C:\\Windows\\notepad.exe', 'process.command_line': 'notepad \u2014x file.txt', 'process.pe.original_file_name': 'NOTEPAD.EXE' }),
  proc({ 'process.executable': 'C:\\a*b\\x.exe', 'process.command_line': '' }),
  proc({}),
  reg({ 'process.executable': 'C:\\Windows\\regedit.exe', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\Run', 'registry.value': 'x' }),
  { kind: 'file_event', 'file.path': 'C:\\Temp\\evil.ps1', 'process.executable': 'C:\\Windows\\System32\\sc.exe' },
];

/** Checks agreement on every event; returns the verdicts so a row can show it is not vacuous. */
function agree(text: string): boolean[] {
  const set = parseSigma(text, FILE);
  const sigma = compileSigma(set, { now: NOW });
  const imported = compileRule(importSigma(set, FILE));
  return events.map((e) => {
    const want = sigma(projectEvent(e)).matched;
    expect(imported(e, { now: NOW }).matched, JSON.stringify(e)).toBe(want);
    return want;
  });
}
const verdictsSeen: boolean[][] = [];

describe('an imported rule has the Sigma rule’s verdicts', () => {
  it.each([
    "selection:\n  Image|endswith: '\\sc.exe'\ncondition: selection",
    "selection:\n  Image: 'C:\\Windows\\System32\\sc.exe'\ncondition: selection",
    "selection:\n  Image|cased: 'C:\\Windows\\System32\\sc.exe'\ncondition: selection",
    "selection:\n  Image: 'C:\\Windows\\\\*\\sc.exe'\ncondition: selection",
    "selection:\n  Image: 'C:\\a\\*b\\x.exe'\ncondition: selection",
    "selection:\n  Image|startswith: 'C:\\Windows\\'\ncondition: selection",
    "selection:\n  CommandLine|contains|all:\n    - 'stop'\n    - 'windefend'\ncondition: selection",
    "selection:\n  CommandLine|contains|windash: ' -stop'\ncondition: selection",
    "selection:\n  CommandLine|windash|contains: ' -x'\ncondition: selection",
    "selection:\n  CommandLine|contains|all|windash:\n    - ' -enc'\n    - 'SQB'\ncondition: selection",
    "selection:\n  CommandLine|wide|base64offset|contains: 'IEX'\ncondition: selection",
    "selection:\n  CommandLine|re: '^sc(\\.exe)? +/?stop'\ncondition: selection",
    "selection:\n  CommandLine|re|i: 'WINDEFEND$'\ncondition: selection",
    "selection:\n  CommandLine: ''\ncondition: selection",
    "selection:\n  ParentImage: null\ncondition: selection",
    "selection:\n  ParentImage|exists: true\ncondition: selection",
    "selection:\n  ParentImage|exists: false\ncondition: selection",
    "selection:\n  ProcessId|gt: 10\ncondition: selection",
    "selection:\n  ProcessId: 42\ncondition: selection",
    "selection:\n  OriginalFileName|neq: 'notepad.exe'\ncondition: selection",
    "selection:\n  Image|endswith: '\\sc.exe'\nfilter:\n  Image|startswith: 'C:\\Windows\\'\ncondition: selection and not filter",
    "sel_a:\n  Image|endswith: '\\sc.exe'\nsel_b:\n  CommandLine|contains: 'stop'\ncondition: all of sel_*",
    "sel_a:\n  Image|endswith: '\\sc.exe'\nsel_b:\n  CommandLine|contains: 'enc'\ncondition: 1 of sel_* and not 1 of nothing_*",
    "selection:\n  - Image|endswith: '\\notepad.exe'\n  - CommandLine|contains: 'stop'\ncondition: selection",
    "selection:\n  EventID: 1\ncondition: selection",
    "selection:\n  EventID: 1\ncondition: not selection",
    "selection:\n  EventID: 13\n  Image: '*'\ncondition: selection",
  ])('%s', (detection) => {
    verdictsSeen.push(agree(rule(detection)));
  });

  it('the rows above are not vacuous: most match some events and miss others', () => {
    const mixed = verdictsSeen.filter((v) => v.includes(true) && v.includes(false)).length;
    expect(mixed).toBeGreaterThanOrEqual(verdictsSeen.length - 3);
  });

  it('on a registry rule with its constant EventType', () => {
    agree(rule("selection:\n  EventType: SetValue\n  Image|endswith: 'regedit.exe'\ncondition: selection", 'category: registry_set\n  product: windows'));
  });

  it.each([
    'sel:\n  Details|exists: true\ncondition: sel',
    'sel:\n  Details: null\ncondition: sel',
    'sel:\n  TargetObject|exists: false\ncondition: sel',
    'sel:\n  User|exists: true\ncondition: sel',
  ])('presence of a composite field: %s', (detection) => {
    const registry = [
      reg({ 'registry.data': '1' }),
      reg({ 'registry.key': 'K' }),
      reg({ 'registry.hive': 'HKLM', 'registry.key': 'K', 'registry.value': 'V' }),
      reg({ 'user.domain': 'D' }),
      // User is written only for a whole DOMAIN\name (src/ir/user-qualified-name.ts).
      reg({ 'user.domain': 'D', 'user.name': 'n' }),
      reg({}),
    ];
    const set = parseSigma(rule(detection, 'category: registry_set\n  product: windows'), FILE);
    const sigma = compileSigma(set, { now: NOW });
    const imported = compileRule(importSigma(set, FILE));
    const verdicts = registry.map((e) => sigma(projectEvent(e)).matched);
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
    registry.forEach((e, i) => expect(imported(e, { now: NOW }).matched, JSON.stringify(e)).toBe(verdicts[i]));
  });

  it('with a filter document ANDed on', () => {
    const text = `${rule("selection:\n  Image|endswith: '.exe'\ncondition: selection")}---\ntitle: f\nfilter:\n  rules: [0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9]\n  sel:\n    Image|startswith: 'C:\\Windows\\'\n  condition: not sel\n`;
    agree(text);
  });
});

const procDoc = (title: string, id: string, extra = ''): string =>
  `title: ${title}\nid: ${id}\n${extra}logsource:\n  category: process_creation\n  product: windows\ndetection:\n  sel:\n    Image|endswith: '\\sc.exe'\n  condition: sel\n`;
const regDoc = (title: string, id: string, extra = ''): string =>
  `title: ${title}\nid: ${id}\n${extra}logsource:\n  category: registry_set\n  product: windows\ndetection:\n  sel:\n    Image|endswith: 'regedit.exe'\n  condition: sel\n`;
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

describe('documents of one rule split by kind import as one rule', () => {
  it.each([
    ['linked by related from the second', `${procDoc('Stop - Process Creation', A)}---\n${regDoc('Stop - Registry', B, `related:\n  - id: ${A}\n    type: similar\n`)}`],
    ['linked by related from the first', `${procDoc('Stop - Process Creation', A, `related:\n  - id: ${B}\n    type: similar\n`)}---\n${regDoc('Stop - Registry', B)}`],
    ['with the same title', `${procDoc('Stop', A)}---\n${regDoc('Stop', B)}`],
  ])('%s', (_how, text) => {
    const { rule: r, leftOut } = importSigmaDocuments(parseSigma(text, FILE), FILE);
    expect(leftOut).toEqual([]);
    expect(r.logsources).toEqual(['process_creation', 'registry_set']);
    expect(r.title).toBe('Stop');
    expect(r.id).toBe(A);
    expect(r.related).toEqual([]);
    const test = compileRule(r);
    expect(test(events[0] as LogicalEvent, { now: NOW }).matched).toBe(true);
    expect(test(events[6] as LogicalEvent, { now: NOW }).matched).toBe(true);
    expect(test(events[7] as LogicalEvent, { now: NOW }).matched).toBe(false);
    agree(text);
  });

  it('an unrelated document is left out, and the description says so', () => {
    const text = `${procDoc('One', A)}---\n${regDoc('Two', B)}`;
    const r = importSigma(parseSigma(text, FILE), FILE);
    expect(r.logsources).toEqual(['process_creation']);
    expect(r.description).toMatch(/Only the first rule of rule\.yml was imported; left out: document 2 "Two" \(neither linked/);
  });

  it('a second document of the same kind is left out', () => {
    const text = `${procDoc('Same', A)}---\n${procDoc('Same', B)}`;
    const { leftOut } = importSigmaDocuments(parseSigma(text, FILE), FILE);
    expect(leftOut).toEqual([{ title: 'Same', index: 1, reason: 'a second process_creation rule' }]);
  });
});

describe('metadata', () => {
  const text = `title: Stop Defender
id: 5F1A0C4E-3B2D-4E8F-9A7B-1C2D3E4F5A6B
name: stop_defender
related:
  - id: 11111111-1111-4111-8111-111111111111
    type: derived
  - id: 22222222-2222-4222-8222-222222222222
    type: unknown_kind
status: stable
description: Stops the service.
references:
  - https://example.org/a
author: Ann, Bob
date: 2024/01/02
modified: 2024-03-04
tags:
  - attack.defense-evasion
  - attack.t1562.001
  - attack.t1489
logsource:
  category: process_creation
  product: windows
detection:
  sel:
    Image|endswith: '\\sc.exe'
  condition: sel
fields:
  - CommandLine
  - Image
  - LogonGuid
falsepositives:
  - Admins
level: critical
`;
  it('maps what the rule model has', () => {
    const r = importSigma(parseSigma(text, FILE), FILE);
    expect(r).toMatchObject({
      id: '5f1a0c4e-3b2d-4e8f-9a7b-1c2d3e4f5a6b',
      name: 'stop-defender',
      title: 'Stop Defender',
      description: 'Stops the service.',
      author: ['Ann', 'Bob'],
      date: '2024-01-02',
      modified: '2024-03-04',
      status: 'stable',
      severity: 'critical',
      references: ['https://example.org/a'],
      falsePositives: ['Admins'],
      related: [{ ref: '11111111-1111-4111-8111-111111111111', type: 'derived' }],
      logsources: ['process_creation'],
      // Sigma fields are context to show: the event's identity first (import-metadata.test.ts).
      output: { fields: ['@timestamp', 'host.name', 'process.command_line', 'process.executable'], sort: [] },
    });
    // T1562.001 is revoked in the stamped version: imported as its replacement.
    expect(r.attack.techniques).toEqual([resolveRevoked('T1562.001', r.attack.version)?.id ?? 'T1562.001', 'T1489']);
  });
});

describe('what the rule model cannot say is refused at its position', () => {
  it.each<readonly [string, string, number, number, RegExp]>([
    ['a keyword search', "kw:\n  - evil\ncondition: kw", 9, 5, /keyword search/],
    ['a keyword item', "kw:\n  '|contains': evil\ncondition: kw", 9, 5, /keyword search/],
    ['fieldref', 'sel:\n  Image|fieldref: ParentImage\ncondition: sel', 9, 5, /fieldref compares two fields/],
    ['Hashes', "sel:\n  Hashes|contains: 'CRC32=AB'\ncondition: sel", 9, 5, /Hashes cannot be imported/],
    ['UtcTime', "sel:\n  UtcTime|startswith: '2024'\ncondition: sel", 9, 5, /UtcTime cannot be imported/],
    ['an unknown field', "sel:\n  LogonGuid: x\ncondition: sel", 9, 5, /LogonGuid holds no logical field of process_creation \(fields that import: .*CommandLine/],
    ['a non-portable regex', "sel:\n  CommandLine|re: '\\bsc\\b'\ncondition: sel", 9, 21, /outside the rule model's portable subset/],
  ])('%s', (_what, detection, line, col, message) => {
    const p = problemOf(() => importSigma(parseSigma(rule(detection), FILE), FILE));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([line, col]);
  });

  it.each<readonly [string, string, number, number, RegExp]>([
    ['a category without a kind', 'category: dns_query\n  product: windows', 5, 3, /dns_query has no event kind/],
    ['no category', 'product: windows\n  service: sysmon', 5, 3, /without a category/],
    ['another product', 'category: process_creation\n  product: linux', 5, 3, /product linux/],
  ])('%s', (_what, logsource, line, col, message) => {
    const p = problemOf(() => importSigma(parseSigma(rule("sel:\n  Image: x\ncondition: sel", logsource), FILE), FILE));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([line, col]);
  });

  // The refusal names the Sysmon fields that do import on the kind, composite ones too: a
  // registry write's Details and EventType (Sysmon event 13), a process's Hashes (event 1), a
  // connection's Initiated flag (event 3). SigmaHQ registry_set_edr_disabling_with_ifeo tests the
  // ECS name registry.path, and the message must point at TargetObject and Details.
  it.each<readonly [string, string, RegExp]>([
    ['registry_set', 'registry.path', /fields that import: (?=.*TargetObject)(?=.*Details)(?=.*EventType)/],
    ['process_creation', 'LogonGuid', /fields that import: (?=.*CommandLine)(?=.*Hashes)/],
    ['network_connection', 'SourceHostname', /fields that import: (?=.*DestinationIp)(?=.*Initiated)/],
  ])('an unknown field on %s names every field that imports', (category, field, message) => {
    const p = problemOf(() => importSigma(parseSigma(rule(`sel:\n  ${field}: x\ncondition: sel`, `category: ${category}\n  product: windows`), FILE), FILE));
    expect(p.message).toMatch(message);
  });

  it('Details that a Sysmon rendering could read, on a registry rule', () => {
    const p = problemOf(() => importSigma(parseSigma(rule("sel:\n  Details|contains: 'DWORD'\ncondition: sel", 'category: registry_set\n  product: windows'), FILE), FILE));
    expect(p.message).toMatch(/Details cannot be imported/);
    expect([p.line, p.col]).toEqual([9, 5]);
  });

  it('a correlation document', () => {
    const p = problemOf(() => importSigma(parseSigma('title: c\ncorrelation:\n  type: value_count\n', FILE), FILE));
    expect(p.message).toMatch(/correlation rules are not supported yet \(value_count/);
  });
});
