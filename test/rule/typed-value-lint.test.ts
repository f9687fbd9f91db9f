import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/diagnostics.js';
import { loadRuleText } from '../../src/rule/index.js';
import { positionOf, ruleWith } from './lint-rule-text.js';

/**
 * A rule's values on the typed fields, written from the schemas README "Fields" cites: a
 * process id is Sysmon `win:UInt32` (ProcessId, ParentProcessId), Defender and ECS `long`, so a
 * whole number 0..4294967295; a port is Sysmon `win:UInt16` (SourcePort, DestinationPort),
 * Defender `int`, ECS `long`, so 0..65535; `@timestamp` an ISO-8601 instant or epoch
 * milliseconds (Elasticsearch `epoch_millis`) within a JavaScript Date's ±8.64e15 ms.
 * Numbers compare with `equals` as their JSON text (README "Missing fields and nulls").
 */
const at = (text: string, needle: string): string => positionOf(text, needle, true);

const predicate = (field: string, op: string, value: string): string => `  field: ${field}\n  op: ${op}\n  value: ${value}`;

/** The errors of a rule that does not load (`file:line:col message`), or [] when it loads. */
function errorsOf(text: string): string[] {
  try {
    loadRuleText(text, 'r.yml');
    return [];
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    return err.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.position.line}:${d.position.col} ${d.message}`);
  }
}
const warningsOf = (text: string): string[] => loadRuleText(text, 'r.yml').warnings.map((w) => `${w.position.line}:${w.position.col} ${w.message}`);

const PID_MAX = 4294967295;
const PORT_MAX = 65535;

/** [kind, field, value as written in YAML, why the field never holds it]. */
const NEVER_HELD: readonly (readonly [string, string, string, string])[] = [
  ['process_creation', 'process.pid', `${PID_MAX + 1}`, 'one past UInt32'],
  ['process_creation', 'process.pid', '-1', 'unsigned'],
  ['process_creation', 'process.pid', '"abc"', 'not a number'],
  ['process_creation', 'process.pid', '12.5', 'not whole'],
  ['process_creation', 'process.pid', '"12.0"', 'the number 12 reads as the text 12'],
  ['process_creation', 'process.pid', '"04410"', 'Sysmon writes no leading zero'],
  ['process_creation', 'process.pid', '" 4410"', 'Sysmon writes no space'],
  ['process_creation', 'process.pid', 'true', 'no schema holds a boolean there'],
  ['process_creation', 'process.parent.pid', `${PID_MAX + 1}`, 'one past UInt32'],
  ['registry_set', 'process.pid', '"0x1a"', 'hexadecimal is not its text'],
  ['network_connection', 'destination.port', `${PORT_MAX + 1}`, 'one past UInt16'],
  ['network_connection', 'destination.port', '70000', 'above UInt16'],
  ['network_connection', 'source.port', '-1', 'unsigned'],
  ['network_connection', 'source.port', '"http"', 'a service name is not a port'],
  ['process_creation', '"@timestamp"', '"yesterday"', 'not ISO-8601'],
  ['process_creation', '"@timestamp"', '"2026-02-30T10:00:00Z"', 'no such day'],
  ['process_creation', '"@timestamp"', '9000000000000000', 'beyond a Date'],
];

/** Values the field holds, so `equals` with them is fine. */
const HELD: readonly (readonly [string, string, string])[] = [
  ['process_creation', 'process.pid', `${PID_MAX}`],
  ['process_creation', 'process.pid', '0'],
  ['process_creation', 'process.pid', '"4410"'],
  // YAML reads 12.0 as the number 12, whose text is 12.
  ['process_creation', 'process.pid', '12.0'],
  ['process_creation', 'process.parent.pid', `"${PID_MAX}"`],
  ['network_connection', 'destination.port', `${PORT_MAX}`],
  ['network_connection', 'source.port', '"443"'],
  ['process_creation', '"@timestamp"', '"2026-11-20T10:00:00Z"'],
  ['process_creation', '"@timestamp"', '"2026-11-20 10:00:00.000"'],
  ['process_creation', '"@timestamp"', '1700000000000'],
];

describe('equality with a value a typed field never holds is an error at the value', () => {
  it.each(NEVER_HELD)('%s %s equals %s (%s)', (kind, field, value) => {
    const text = ruleWith(kind, predicate(field, 'equals', value));
    const name = field.replace(/"/g, '');
    expect(errorsOf(text)).toEqual([expect.stringMatching(new RegExp(`^r\\.yml:${at(text, `value: ${value}`).replace(/:(\d+)$/, (_, c: string) => `:${Number(c) + 7}`)} \`${name.replace(/\./g, '\\.')}\` must be .*, so \`equals\` with it can never match$`))]);
  });

  it.each(HELD)('%s %s equals %s loads', (kind, field, value) => {
    expect(errorsOf(ruleWith(kind, predicate(field, 'equals', value)))).toEqual([]);
  });

  it('in `values`, each value the field never holds is an error at that value', () => {
    const text = ruleWith('network_connection', '  field: source.port\n  op: equals\n  values: [-1, 80, 65536]');
    const line = at(text, 'values:').split(':')[0];
    const col = (v: string): number => (text.split('\n')[Number(line) - 1] as string).indexOf(v) + 1;
    expect(errorsOf(text).map((e) => e.split(' ')[0])).toEqual([`r.yml:${line}:${col('-1')}`, `r.yml:${line}:${col('65536')}`]);
  });

  it('in a list, at the list entry', () => {
    const text = ruleWith('network_connection', '  field: destination.port\n  op: equals\n  list: Ports', 'lists:\n  Ports: [443, "70000"]\n');
    expect(errorsOf(text)).toEqual([expect.stringMatching(new RegExp(`^r\\.yml:${at(text, '"70000"')} \`destination\\.port\` must be a whole number from 0 to 65535 .*; got 70000, so`))]);
  });

  it('under `not`, in a derived `case`, and on a rule of several kinds', () => {
    const notText = ruleWith('process_creation', '  not: { field: process.parent.pid, op: equals, value: -4 }');
    expect(errorsOf(notText)).toHaveLength(1);
    const derived = ruleWith(
      'network_connection',
      '  field: destination.port\n  op: equals\n  value: 443',
      'derived:\n  - name: Odd\n    expr: { case: [{ when: { field: destination.port, op: equals, value: 99999 }, then: { value: x } }, { else: { value: y } }] }\n',
    );
    expect(errorsOf(derived)).toEqual([expect.stringMatching(new RegExp(`^r\\.yml:${at(derived, '99999')} \`destination\\.port\``))]);
    const several = ruleWith('process_creation, network_connection', '  field: process.pid\n  op: equals\n  value: "-3"');
    expect(errorsOf(several).filter((e) => e.includes('process.pid'))).toEqual([expect.stringMatching(new RegExp(`^r\\.yml:${at(several, '"-3"')} `))]);
  });

  it('the message names the field, what it accepts and the value', () => {
    expect(errorsOf(ruleWith('network_connection', predicate('destination.port', 'equals', '70000')))[0]).toContain(
      '`destination.port` must be a whole number from 0 to 65535 (a JSON number, or its decimal digits as text); got 70000, so `equals` with it can never match',
    );
    expect(errorsOf(ruleWith('process_creation', predicate('process.pid', 'equals', '"abc"')))[0]).toContain('; got "abc", so');
  });

  it('text fields take any value', () => {
    expect(errorsOf(ruleWith('process_creation', predicate('process.name', 'equals', '70000')))).toEqual([]);
  });
});

/** [field, op, bound, never (false) or always (true)], from the ranges above. */
const SETTLED: readonly (readonly [string, string, string, boolean])[] = [
  ['destination.port', 'gt', `${PORT_MAX}`, false],
  ['destination.port', 'gte', `${PORT_MAX + 1}`, false],
  ['source.port', 'lt', '0', false],
  ['source.port', 'lte', '-1', false],
  ['process.pid', 'lt', '0', false],
  ['process.pid', 'gt', `${PID_MAX}`, false],
  ['process.parent.pid', 'lte', '-0.5', false],
  ['destination.port', 'gte', '0', true],
  ['destination.port', 'gt', '-1', true],
  ['source.port', 'lt', `${PORT_MAX + 1}`, true],
  ['source.port', 'lte', `${PORT_MAX}`, true],
  ['process.pid', 'lte', `${PID_MAX}`, true],
  ['"@timestamp"', 'gt', '8640000000000000', false],
  ['"@timestamp"', 'lt', '-8640000000000000', false],
];

/** Comparisons that can go either way within the range. */
const OPEN: readonly (readonly [string, string, string])[] = [
  ['destination.port', 'gt', `${PORT_MAX - 1}`],
  ['destination.port', 'gte', `${PORT_MAX}`],
  ['destination.port', 'gt', '65534.5'],
  ['source.port', 'lt', '1'],
  ['source.port', 'lte', '0'],
  ['source.port', 'gt', '0'],
  ['process.pid', 'lt', `${PID_MAX}`],
  ['process.pid', 'gt', `${PORT_MAX}`],
  // ISO-8601 text never reads as a number, so no bound makes a time comparison always true.
  ['"@timestamp"', 'gte', '0'],
  ['"@timestamp"', 'lt', '8640000000000001'],
];

describe('a comparison settled by the field range is a warning at the bound', () => {
  it.each(SETTLED)('%s %s %s', (field, op, bound, always) => {
    const kind = field.includes('port') ? 'network_connection' : 'process_creation';
    const text = ruleWith(kind, predicate(field, op, bound));
    const name = field.replace(/"/g, '');
    const verdict = always ? 'is true of every value: .* tests only that the field is present' : 'can never be true';
    expect(warningsOf(text)).toEqual([expect.stringMatching(new RegExp(`^${at(text, `value: ${bound}`).replace(/:(\d+)$/, (_, c: string) => `:${Number(c) + 7}`)} \`${name.replace(/\./g, '\\.')} ${op} ${bound.replace(/\./g, '\\.')}\` ${verdict}`))]);
  });

  it.each(OPEN)('%s %s %s: no warning', (field, op, bound) => {
    const kind = field.includes('port') ? 'network_connection' : 'process_creation';
    expect(warningsOf(ruleWith(kind, predicate(field, op, bound)))).toEqual([]);
  });
});

describe('text operators on a number field', () => {
  it.each([
    ['contains', '":443"'],
    ['startswith', '"-"'],
    ['endswith', '" "'],
    ['term', '"port 80"'],
    ['wildcard', '"*:443"'],
  ])('%s %s needs a character no number holds: a warning', (op, value) => {
    const text = ruleWith('network_connection', predicate('destination.port', op, value));
    expect(warningsOf(text)).toEqual([expect.stringMatching(/holds a whole number, whose text has only the digits 0-9: .* can never match$/)]);
  });

  it.each([
    ['contains', '"44"'],
    ['startswith', '4'],
    ['wildcard', '"44?3*"'],
    ['regex', '"^4[0-9]+$"'],
  ])('%s %s: no warning', (op, value) => {
    expect(warningsOf(ruleWith('network_connection', predicate('destination.port', op, value)))).toEqual([]);
  });
});

describe('the CLI', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'unirule-typed-lint-'));
  const unirule = (args: string[]) => {
    const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: root, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const events = join(dir, 'events.ndjson');
  writeFileSync(events, '{"kind":"network_connection","destination.port":443}\n');

  it('eval of a rule with destination.port equals 70000: exit 2, the error at the value, nothing run', () => {
    const file = join(dir, 'never.yml');
    const text = ruleWith('network_connection', predicate('destination.port', 'equals', '70000'));
    writeFileSync(file, text);
    const r = unirule(['eval', file, events, '--now', '2026-11-20T12:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const [line, col] = at(text, 'value: 70000').split(':').map(Number);
    expect(r.stderr).toContain(`${file}:${line}:${col! + 7}: error: \`destination.port\` must be a whole number from 0 to 65535`);
    // validate reports it as an invalid rule (README: exit 1 when any is invalid).
    expect(unirule(['validate', file]).code).toBe(1);
  });

  it('validate of a rule with destination.port gt 65535: a warning, exit 0; 1 under --strict', () => {
    const file = join(dir, 'settled.yml');
    writeFileSync(file, ruleWith('network_connection', predicate('destination.port', 'gt', '65535')));
    const r = unirule(['validate', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/: warning: `destination\.port gt 65535` can never be true/);
    expect(unirule(['validate', file, '--strict']).code).toBe(1);
  });
});
