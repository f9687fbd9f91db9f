import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/diagnostics.js';
import { loadRuleText } from '../../src/rule/index.js';

/** A small valid rule; each bad case below changes one thing in it. */
const VALID = `id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
name: service-stop
title: Service stop
date: 2026-11-22
status: experimental
severity: high
confidence: high
attack:
  version: "18"
  techniques: [T1489]
logsources: [process_creation]
window: 24h
lists:
  Tools: [sc.exe, net.exe]
condition:
  all:
    - field: process.name
      op: equals
      list: Tools
    - field: process.command_line
      op: term
      values: [stop]
derived:
  - name: Method
    expr:
      case:
        - when: { field: process.name, op: equals, value: sc.exe }
          then: { value: sc }
        - else: { value: other }
output:
  fields: ['@timestamp', process.name, Method]
  sort: [{ field: '@timestamp', order: desc }]
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: sc stop
      expect: match
      event:
        kind: process_creation
        '@timestamp': '2026-11-20T10:00:00Z'
        process: { name: sc.exe, command_line: sc stop WinDefend }
      derived: { Method: sc }
`;

function errorsOf(text: string): string[] {
  try {
    loadRuleText(text, 'r.yml');
  } catch (err) {
    if (err instanceof SourceError) return err.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.position.line}:${d.position.col} ${d.message}`);
    throw err;
  }
  return [];
}

describe('loadRuleText', () => {
  it('turns a valid rule into IR: defaults, lists, nested test events flattened', () => {
    const { rule, warnings } = loadRuleText(VALID, 'r.yml');
    expect(warnings).toEqual([]);
    expect(rule.window).toEqual({ ms: 86_400_000, text: '24h' });
    expect(rule.lists.get('Tools')).toEqual(['sc.exe', 'net.exe']);
    expect(rule.condition).toMatchObject({
      kind: 'and',
      children: [
        { kind: 'match', field: 'process.name', op: 'equals', values: { kind: 'list', name: 'Tools' }, quantifier: 'any', caseRule: 'insensitive' },
        { kind: 'match', field: 'process.command_line', op: 'term', values: { kind: 'literals', values: ['stop'] } },
      ],
    });
    expect(rule.tests.cases[0]?.event).toEqual({ kind: 'process_creation', '@timestamp': '2026-11-20T10:00:00Z', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend' });
  });

  // Each row: what is changed, and the position + message the author must see.
  it.each([
    ['a misspelt key', VALID.replace('op: term', 'opp: term'), /^21:7 .*`op`|21:7 unknown key `opp`/],
    ['an unknown operator', VALID.replace('op: term', 'op: has'), /^21:11 `condition.all.1.op` must be one of/],
    ['an unknown field', VALID.replace('field: process.command_line', 'field: process.cmdline'), /^20:14 unknown field `process.cmdline`/],
    ['an undeclared list', VALID.replace('list: Tools', 'list: Tool'), /^19:13 no list named `Tool`/],
    ['a bad UUID', VALID.replace('id: 0f5e0d7e', 'id: 0f5e0d7'), /^1:5 `id` must be a UUID/],
    ['an impossible date', VALID.replace('date: 2026-11-22', 'date: 2026-02-30'), /^4:7 `date` 2026-02-30 is not a calendar date/],
    ['an unknown technique', VALID.replace('[T1489]', '[T9999]'), /^10:16 T9999 is not an ATT&CK technique in version 18/],
    ['a non-portable regex', VALID.replace('op: term\n      values: [stop]', "op: regex\n      values: ['(?<=a)b']"), /^22:16 regex "\(\?<=a\)b"/],
    ['a bad window', VALID.replace('window: 24h', 'window: 1w'), /^12:9 `window` must be a duration/],
    ['a duplicate key', VALID.replace('severity: high', 'severity: high\nseverity: low'), /^7:1 .*[Mm]ap keys must be unique/],
    ['a test event field the kind lacks', VALID.replace('command_line: sc stop WinDefend', 'commandline: x'), /^41:34 `process.commandline` is not a field of process_creation/],
    ['an expected derived value that is not derived', VALID.replace('{ Method: sc }', '{ Methd: sc }'), /^42:18 `Methd` is not a derived field/],
    ['a derived field used before it exists', VALID.replace("fields: ['@timestamp', process.name, Method]", "fields: ['@timestamp', Nope]"), /^31:26 output field `Nope`/],
    ['a numeric operator with a word', VALID.replace('op: term\n      values: [stop]', 'op: gt\n      values: [ten]'), /`gt` needs a decimal number/],
    ['an else branch that is not last', VALID.replace("        - else: { value: other }", "        - else: { value: other }\n        - when: { field: process.name, op: equals, value: x }\n          then: { value: y }"), /`else` must be the last branch/],
    ['a file that is not a mapping', '- a\n- b\n', /^1:1 a rule file must be a YAML mapping/],
    ['truncated YAML', VALID.slice(0, 300) + '\n  - [unclosed', /^\d+:\d+ /],
  ])('rejects %s with file position and reason', (_what, text, expected) => {
    const errors = errorsOf(text);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });

  it('warns, without failing, for a technique revoked in the newest ATT&CK version, naming its replacement', () => {
    // ATT&CK v19 revoked T1562 (Impair Defenses) in favour of T1685.
    const { warnings } = loadRuleText(VALID.replace('[T1489]', '[T1562]'), 'r.yml');
    expect(warnings.map((w) => w.message)).toContainEqual(expect.stringMatching(/T1562 .*revoked in ATT&CK v19; its replacement is T1685/));
  });

  it('warns for a declared list that no condition uses', () => {
    const { warnings } = loadRuleText(VALID.replace('  Tools: [sc.exe, net.exe]', '  Tools: [sc.exe, net.exe]\n  Unused: [x]'), 'r.yml');
    expect(warnings.map((w) => `${w.position.line}:${w.position.col} ${w.message}`)).toContain('15:3 list `Unused` is declared but not used');
  });

  it('rejects nesting deeper than the bound, at the deep node, without overflowing the stack', () => {
    let c = 'true';
    for (let i = 0; i < 100; i++) c = `{not: ${c}}`;
    expect(errorsOf(`condition: ${c}\n`)).toEqual(['1:396 nesting is deeper than 64 levels']);
    expect(errorsOf(`condition: ${'['.repeat(5000)}${']'.repeat(5000)}\n`).join()).toMatch(/nesting is deeper/);
  });

  it('caps YAML alias expansion (billion laughs) with an error, not a hang', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]'].join('\n');
    expect(errorsOf(bomb).join()).toMatch(/alias|mapping|unknown key/i);
  });
});

/**
 * A Sigma rule or a KQL/EQL query handed to validate/test/check is named for what it is, once,
 * at its `detection` key (Sigma) or its first line, with the command that imports it — not
 * reported as a page of missing-key or YAML errors.
 */
describe('a rule of another language is named, not misread', () => {
  const SIGMA = `title: Net user add\nid: 7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d34\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n    CommandLine|contains: user\n  condition: selection\nlevel: high\n`;
  it.each([
    ['sigma.yml', SIGMA, 6, 'this is a Sigma rule, not a unirule rule file; `unirule translate sigma.yml --to ir` imports it'],
    ['q.kql', 'DeviceProcessEvents\n| where FileName =~ "net.exe"\n', 1, 'this is a KQL query, not a unirule rule file'],
    ['Q.EQL', 'process where process.name : "net.exe"\n', 1, 'this is an EQL query, not a unirule rule file'],
  ])('%s', (file, text, line, says) => {
    const err = (() => {
      try {
        loadRuleText(text, file);
      } catch (e) {
        return e;
      }
      throw new Error('loaded');
    })();
    expect(err).toBeInstanceOf(SourceError);
    const diagnostics = (err as SourceError).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.position).toEqual({ line, col: 1 });
    expect(diagnostics[0]?.message).toContain(says);
  });

  it('a unirule rule that mentions detection inside a value or with a condition still loads', () => {
    expect(loadRuleText(VALID.replace('title: Service stop', 'title: "detection: service stop"'), 'r.yml').rule.title).toBe('detection: service stop');
  });
});
