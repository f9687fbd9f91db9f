import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateStream } from '../../src/cli/eval-stream.js';
import { SourceError } from '../../src/diagnostics.js';
import { toLogicalEvent } from '../../src/events/index.js';
import { loadRuleText } from '../../src/rule/index.js';

/**
 * Typed fields (ir/field-domains.ts) where events come in: NDJSON lines, as `eval` and `events`
 * read them, and the test events of a rule file. Each schema an event is projected into holds
 * a process id as an unsigned 32-bit number (Sysmon win:UInt32, Defender and ECS long), a port
 * as an unsigned 16-bit one (Sysmon win:UInt16, Defender int, ECS long) and @timestamp as a
 * time; a value outside that is an error at the value, naming the field and what it accepts.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NOW = Date.parse('2026-11-20T12:00:00Z');
const GOOD = '{"kind":"process_creation","@timestamp":"2026-11-20T10:00:00Z","process.name":"sc.exe","process.command_line":"sc stop x"}';

/** A bad line, the field it names and the value's text in it (whose column the error gives). */
const BAD_LINES: readonly (readonly [line: string, field: string, valueText: string])[] = [
  ['{"kind":"process_creation","process.pid":"abc"}', 'process.pid', '"abc"'],
  ['{"kind":"process_creation","process":{"name":"a.exe","pid":-1}}', 'process.pid', '-1'],
  ['{"kind":"process_creation","process":{"parent":{"pid":[1,2]}}}', 'process.parent.pid', '[1,2]'],
  ['{"kind":"registry_set", "process.pid" : 4294967296 }', 'process.pid', '4294967296'],
  ['{"kind":"process_creation","process.pid":9007199254740993}', 'process.pid', '9007199254740993'],
  ['{"kind":"network_connection","destination.port":70000}', 'destination.port', '70000'],
  ['{"kind":"network_connection","source":{"port":"0443"}}', 'source.port', '"0443"'],
  ['{"kind":"image_load","process.pid":12.5}', 'process.pid', '12.5'],
  ['{"kind":"file_event","process.pid":true}', 'process.pid', 'true'],
  ['{"kind":"process_creation","@timestamp":"yesterday","process.pid":4}', '@timestamp', '"yesterday"'],
  ['{"kind":"process_creation","@timestamp":"2026-02-30T10:00:00Z"}', '@timestamp', '"2026-02-30T10:00:00Z"'],
  // JSON.parse keeps the last of two equal keys, and so does the error.
  ['{"kind":"process_creation","process.pid":4,"process.pid":"x"}', 'process.pid', '"x"'],
  // Text and arrays before it that hold the field's name are no field of that name.
  ['{"kind":"process_creation","process.command_line":"a \\"process.pid\\":1","process.args":["x",{"process.pid":2}],"process.pid":"x"}', 'process.pid', '"x"'],
  // An escaped key names the same field.
  ['{"kind":"process_creation","process.p\\u0069d":"x"}', 'process.pid', '"x"'],
];

const columnOf = (line: string, valueText: string): number => line.lastIndexOf(valueText) + 1;

/** The NDJSON through `eval`'s stream path (cli/eval-stream.ts) with one rule that matches sc.exe. */
async function evaluate(input: string, onBadLine: 'stop' | 'skip') {
  const rule = loadRuleText(EVAL_RULE, 'r.yml').rule;
  const warnings: string[] = [];
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer | string, _e, done) {
      out += chunk.toString();
      done();
    },
  });
  const run = await evaluateStream([rule], Readable.from([input]), 'e.ndjson', sink, { now: NOW, onBadLine, warn: (m) => warnings.push(m), tagged: false });
  return { run, warnings, rows: out.split('\n').filter((l) => l !== '') };
}

describe('typed fields in NDJSON events', () => {
  it.each(BAD_LINES)('%s: an error at line 2, at the value, naming %s', async (line, field, valueText) => {
    const err = await evaluate(`${GOOD}\n${line}\n${GOOD}\n`, 'stop').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SourceError);
    const d = (err as SourceError).diagnostics[0]!;
    expect([d.file, d.position.line, d.position.col]).toEqual(['e.ndjson', 2, columnOf(line, valueText)]);
    expect(d.message).toContain(`\`${field}\` must be `);
    // The value as written in the line, not as parsing or flattening made it.
    expect(d.message.endsWith(`; got ${valueText}`)).toBe(true);
  });

  it.each(BAD_LINES)('%s: skipped with a warning under --on-bad-line skip, the lines around it evaluated', async (line) => {
    const { run, warnings, rows } = await evaluate(`${GOOD}\n${line}\n${GOOD}\n`, 'skip');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^e\.ndjson:2:\d+: warning: .* must be /);
    expect(run.seen).toBe(2);
    expect(rows).toHaveLength(2);
  });

  // Accepted values; digit text is read as the number it spells, in flat and nested events alike.
  it.each([
    ['{"kind":"process_creation","process.pid":4410}', 'process.pid', 4410],
    ['{"kind":"process_creation","process.pid":"4410"}', 'process.pid', 4410],
    ['{"kind":"process_creation","process":{"parent":{"pid":"4"}}}', 'process.parent.pid', 4],
    ['{"kind":"process_creation","process.pid":4294967295}', 'process.pid', 4294967295],
    ['{"kind":"process_creation","process.pid":1.2e1}', 'process.pid', 12],
    ['{"kind":"process_creation","process.pid":null}', 'process.pid', null],
    ['{"kind":"network_connection","destination.port":"443"}', 'destination.port', 443],
    ['{"kind":"network_connection","source.port":65535}', 'source.port', 65535],
    ['{"kind":"process_creation","@timestamp":"2026-11-20 10:00:00.000"}', '@timestamp', '2026-11-20 10:00:00.000'],
    ['{"kind":"process_creation","@timestamp":1795168800000}', '@timestamp', 1795168800000],
    // Text fields are not typed: a number there reads as its JSON text by design.
    ['{"kind":"process_creation","process.name":12}', 'process.name', 12],
  ])('%s: %s is %j', (line, field, expected) => {
    expect(toLogicalEvent(JSON.parse(line), 'e.ndjson', 1, line)[field]).toEqual(expected);
  });

  it('a flat event converted from digit text is a copy: the parsed line is left as it was', () => {
    const value = JSON.parse('{"kind":"process_creation","process.pid":"8"}') as Record<string, unknown>;
    const event = toLogicalEvent(value, 'e.ndjson', 1);
    expect(event['process.pid']).toBe(8);
    expect(value['process.pid']).toBe('8');
  });

  it('without the line text the error is at column 1', () => {
    expect(() => toLogicalEvent({ kind: 'process_creation', 'process.pid': 'abc' }, 'e.ndjson', 3)).toThrow(/^e\.ndjson:3:1: error: `process\.pid` must be /);
  });
});

const RULE = `id: 6a1d7c2e-9a55-4e41-8f0e-2c5b7d9e1a09
name: typed-fixture
title: Typed fixture
date: 2026-11-22
status: experimental
severity: low
confidence: low
attack: { version: "18", techniques: [T1489] }
logsources: [process_creation, network_connection]
condition: { field: process.name, op: equals, value: sc.exe }
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: one
      expect: no_match
      event:
        kind: KIND
        FIELD: VALUE
`;

/** The rule without test events, for running over NDJSON. */
const EVAL_RULE = RULE.replace(/tests:[\s\S]*$/, "tests: { now: '2026-11-20T12:00:00Z', cases: [] }\n");

const fixture = (kind: string, field: string, value: string): string => RULE.replace('KIND', kind).replace('FIELD', field).replace('VALUE', value);

describe('typed fields in a rule file\'s test events', () => {
  it.each([
    ['process_creation', 'process.pid', "'abc'"],
    ['process_creation', 'process.pid', '-1'],
    ['process_creation', 'process.parent.pid', '12.5'],
    ['process_creation', 'process.pid', "['1', '2']"],
    ['process_creation', 'process.pid', '4294967296'],
    ['process_creation', 'process.pid', "'0012'"],
    ['process_creation', 'process.pid', 'true'],
    ['network_connection', 'destination.port', '65536'],
    ['network_connection', 'source.port', "''"],
    ['process_creation', "'@timestamp'", "'not a time'"],
    ['process_creation', "'@timestamp'", "'2026-04-31T00:00:00Z'"],
  ])('%s %s: %s is an error at the value', (kind, field, value) => {
    const text = fixture(kind, field, value);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.includes(`${field}: ${value}`));
    let errors: string[] = [];
    try {
      loadRuleText(text, 'r.yml');
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      errors = err.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.position.line}:${d.position.col} ${d.message}`);
    }
    const name = field.replace(/'/g, '');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${at + 1}:${lines[at]!.indexOf(`: ${value}`) + 3} \`${name.replace('.', '\\.')}\` must be `));
  });

  it.each([
    ['process_creation', 'process.pid', "'4410'", 4410],
    ['process_creation', 'process.pid', '4410', 4410],
    ['process_creation', 'process.pid', '0', 0],
    ['network_connection', 'destination.port', '65535', 65535],
    ['process_creation', "'@timestamp'", "'2026-11-20 10:00:00.000'", '2026-11-20 10:00:00.000'],
  ])('%s %s: %s is accepted as %j', (kind, field, value, expected) => {
    const { rule } = loadRuleText(fixture(kind, field, value), 'r.yml');
    expect(rule.tests.cases[0]!.event[field.replace(/'/g, '')]).toEqual(expected);
  });
});

function unirule(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI on a refused value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unirule-typed-'));
  const rule = join(dir, 'rule.yml');
  writeFileSync(rule, EVAL_RULE);
  const bad = '{"kind":"process_creation","process.name":"sc.exe","process.pid":"abc"}';
  const input = `${GOOD}\n${bad}\n${GOOD}\n`;
  const col = columnOf(bad, '"abc"');

  it('eval stops with exit 2 at the line and column, after printing the matches before it', () => {
    const r = unirule(['eval', rule, '-', '--now', '2026-11-20T12:00:00Z'], input);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`-:2:${col}: error: \`process.pid\` must be `);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('eval --on-bad-line skip warns and goes on, exit 0', () => {
    const r = unirule(['eval', rule, '-', '--now', '2026-11-20T12:00:00Z', '--on-bad-line', 'skip'], input);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`-:2:${col}: warning: \`process.pid\` must be `);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('events --from ir stops with exit 2 at the line and column', () => {
    const r = unirule(['events', '--from', 'ir', '--to', 'eql', '-'], input);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`-:2:${col}: error: \`process.pid\` must be `);
  });

  it('a rule file with a refused test value: validate reports it (exit 1), check refuses the file (exit 2)', () => {
    const file = join(dir, 'bad-fixture.yml');
    writeFileSync(file, fixture('process_creation', 'process.pid', "'abc'"));
    const validate = unirule(['validate', file]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toMatch(/bad-fixture\.yml:\d+:\d+: error: `process\.pid` must be /);
    expect(unirule(['check', file]).code).toBe(2);
  });
});
