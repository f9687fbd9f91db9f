import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleSet } from '../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import { loadRuleText, readTextFile } from '../../src/rule/index.js';
import { expectErrorOrResult, expectPrototypeClean, expectResult, expectSourceError } from './bounded.js';
import { garbageBytes, garbageText, MIB, REGEX_BOMBS, truncations, withBytes, yamlAliasBomb } from './inputs.js';
import { IR_RULE, irRuleWithCondition, NOW, processEvent } from './samples.js';

/** Hostile unirule rule files: each is refused with file:line:col, or loads and evaluates correctly. */
const dir = mkdtempSync(join(tmpdir(), 'unirule-hostile-ir-'));
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const load = (text: string) => loadRuleText(text, 'hostile.yml');

describe('hostile rule files (IR YAML)', () => {
  it('a file cut anywhere is refused or loads; nothing else', () => {
    for (const cut of truncations(IR_RULE, 60)) expectErrorOrResult(() => load(cut));
  });

  it('binary garbage is refused as not UTF-8, at the first bad byte', () => {
    const bytes = garbageBytes(4096);
    const path = file('garbage.yml', bytes);
    expectSourceError(() => readTextFile(path), { message: /not valid UTF-8/ });
  });

  it('invalid UTF-8 inside a value is refused at its line and column', () => {
    const path = file('bad-utf8.yml', withBytes(IR_RULE, 'A valid rule', [0x41, 0xff, 0xfe]));
    expectSourceError(() => readTextFile(path), { message: /not valid UTF-8/, line: 4, col: 15 });
  });

  it('an overlong encoding and a lone surrogate are not UTF-8 either', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
      const path = file('bad-seq.yml', withBytes(IR_RULE, 'Base rule', bad));
      expectSourceError(() => readTextFile(path), { message: /not valid UTF-8/, line: 3, col: 8 });
    }
  });

  it('a correctly encoded U+FFFD is text, not an encoding error', () => {
    const path = file('fffd.yml', IR_RULE.replace('A valid rule', 'A valid \uFFFD rule'));
    expect(readTextFile(path)).toContain('\uFFFD');
  });

  it('printable garbage is refused', () => {
    expectSourceError(() => load(garbageText(4096)), { message: /./ });
  });

  it.each([
    ['flow style, 5,000 levels', irRuleWithCondition(`  ${'{any: ['.repeat(5000)}{field: process.name, op: equals, value: x}${']}'.repeat(5000)}\n`)],
    ['block style, 200 levels', irRuleWithCondition(Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i + 1)}not:\n`).join('') + `${'  '.repeat(201)}{field: process.name, op: equals, value: x}\n`)],
  ])('deeply nested conditions are refused with a position: %s', (_name, text) => {
    expectSourceError(() => load(text), { message: /nest/ });
  });

  it('a 10 MB value is refused before it is parsed', () => {
    expectSourceError(() => load(IR_RULE.replace('sc stop WinDefend', 'A'.repeat(10 * MIB))), { message: /larger than/, line: 1, col: 1 });
  });

  it('a 900 KB value loads and matches exactly', () => {
    const value = 'x'.repeat(900_000);
    const { rule } = expectResult(() => load(IR_RULE.replace('values: [stop]', `values: ["${value}"]`)));
    const evaluate = compileRule(rule);
    expect(evaluate(processEvent(`sc ${value} y`), { now: NOW }).matched).toBe(true);
    expect(evaluate(processEvent(`sc ${value.slice(1)} y`), { now: NOW }).matched).toBe(false);
  });

  it('a YAML alias bomb is refused, not expanded', () => {
    expectSourceError(() => load(yamlAliasBomb(9) + IR_RULE), { message: /alias/i });
  });

  it('a few aliases are fine: a list written once and reused', () => {
    const text = IR_RULE.replace('  Tools: [sc.exe, net.exe]', '  Tools: &tools [sc.exe, net.exe]\n  Again: *tools').replace('      list: Tools', '      list: Again');
    const { rule } = expectResult(() => load(text));
    expect(rule.lists.get('Again')).toEqual(['sc.exe', 'net.exe']);
  });

  it('a duplicate key is refused at the duplicate', () => {
    expectSourceError(() => load(IR_RULE.replace('severity: low\n', 'severity: low\nseverity: high\n')), { message: /unique/, line: 9 });
  });

  it.each([
    ['a top-level key', IR_RULE.replace('notes: {}', 'notes: {}\n__proto__: {polluted: true}'), /unknown key `__proto__`/],
    ['a field of a test event', IR_RULE.replace("        process.name: sc.exe\n", "        process.name: sc.exe\n        __proto__: {polluted: true}\n"), /__proto__/],
    ['a condition field', IR_RULE.replace('    - field: process.command_line', '    - field: __proto__'), /__proto__/],
  ])('`__proto__` as %s is refused and pollutes nothing', (_name, text, message) => {
    expectSourceError(() => load(text), { message });
    expectPrototypeClean();
  });

  it('`__proto__` and `constructor` as list names are plain names', () => {
    const text = IR_RULE.replace('  Tools: [sc.exe, net.exe]', '  __proto__: [sc.exe, net.exe]\n  constructor: [net.exe]\n  Tools: [sc.exe, net.exe]').replace('      list: Tools', '      list: __proto__');
    const { rule } = expectResult(() => load(text));
    expect(rule.lists.get('__proto__')).toEqual(['sc.exe', 'net.exe']);
    expect(compileRule(rule)(processEvent('sc stop x'), { now: NOW }).matched).toBe(true);
    expectPrototypeClean();
  });

  it.each(REGEX_BOMBS.map(([pattern, explode, matching]) => [pattern, explode, matching] as const))('the regex bomb %s runs in linear time on a 10 MB value', (pattern, explode, matching) => {
    const text = IR_RULE.replace("      op: contains\n      values: [stop]", () => `      op: regex\n      values: ['${pattern}']`);
    const { rule } = expectResult(() => load(text));
    const evaluate = compileRule(rule);
    expect(expectResult(() => evaluate(processEvent(explode(10 * MIB)), { now: NOW })).matched).toBe(false);
    expect(evaluate(processEvent(matching), { now: NOW }).matched).toBe(true);
  });

  it('a regex the portable subset refuses (back-reference, look-ahead) is refused at its value', () => {
    for (const pattern of ['(a)\\1', '(?=a)a', '(?<x>a)']) {
      expectSourceError(() => load(IR_RULE.replace("      op: contains\n      values: [stop]", () => `      op: regex\n      values: ['${pattern}']`)), { message: /regex/, line: 28 });
    }
  });

  it.each([
    ['an empty file', ''],
    ['comments only', '# nothing\n'],
    ['a scalar', '42\n'],
    ['a list', '- a\n- b\n'],
    ['two documents', `${IR_RULE}---\n${IR_RULE}`],
    ['tabs for indentation', IR_RULE.replace('  Tools:', '\tTools:')],
    ['a NUL byte', IR_RULE.replace('hostile-base', 'hostile\u0000base')],
  ])('%s is refused with a position', (_name, text) => {
    expectSourceError(() => load(text), { message: /./ });
  });

  it('a condition with 14,000 alternatives loads and evaluates, alone and in a rule set', () => {
    const items = Array.from({ length: 14_000 }, (_, i) => `    - {field: process.command_line, op: contains, value: "frag${i}-"}\n`).join('');
    const { rule } = expectResult(() => load(irRuleWithCondition(`  any:\n${items}`)));
    const alone = compileRule(rule);
    const set = compileRuleSet([rule, rule]);
    for (const [line, want] of [['run frag13999- now', true], ['run frag14000- now', false]] as const) {
      const event: LogicalEvent = processEvent(line);
      expect(expectResult(() => alone(event, { now: NOW })).matched).toBe(want);
      expect(expectResult(() => set(event, { now: NOW })).map((v) => v.matched)).toEqual([want, want]);
    }
  });
});
