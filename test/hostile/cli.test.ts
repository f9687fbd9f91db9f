import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { garbageBytes, MIB, nested, withBytes, yamlAliasBomb } from './inputs.js';
import { EQL_QUERY, IR_RULE, KQL_QUERY, SIGMA_RULE } from './samples.js';

/**
 * A few hostile inputs through the built CLI, as users meet them: the exit code (2 for bad
 * input, 1 for a batch with failures, 0 for a correct result), `file:line:col: error:` on
 * stderr, and never a stack trace — within a time limit and a 512 MB heap.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'unirule-hostile-cli-'));

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function unirule(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=512', 'dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  expect(r.error, 'the CLI ran and finished in time').toBeUndefined();
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NOW = ['--now', '2026-11-20T12:00:00Z'];
const event = (commandLine: string): string =>
  JSON.stringify({ kind: 'process_creation', '@timestamp': '2026-11-20T10:00:00Z', 'process.name': 'sc.exe', 'process.command_line': commandLine }) + '\n';

describe('hostile input through the CLI', () => {
  it('a rule file of binary garbage: validate reports it invalid (exit 1) at the bad byte', () => {
    const path = file('garbage.yml', garbageBytes(2048));
    const r = unirule(['validate', path]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`garbage\\.yml:1:\\d+: error: file is not valid UTF-8`));
  });

  it('eval with a YAML alias bomb for a rule: exit 2', () => {
    const r = unirule(['eval', file('bomb.yml', yamlAliasBomb(9) + IR_RULE), file('one.ndjson', event('sc stop x')), ...NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bomb\.yml:\d+:\d+: error: .*alias/i);
  });

  it('eval with events nested 100,000 deep: exit 2 at the line', () => {
    const events = file('deep.ndjson', event('ok') + `{"kind":"process_creation","x":${nested('{"a":', '1', '}', 100_000)}}\n`);
    const r = unirule(['eval', file('rule.yml', IR_RULE), events, ...NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/deep\.ndjson:2:1: error: the event nests/);
  });

  it('eval with binary garbage events and --on-bad-line skip: warnings, the good line still evaluated', () => {
    const events = file('mixed.ndjson', Buffer.concat([Buffer.from(event('sc stop x')), Buffer.from(garbageBytes(4096, 5)), Buffer.from('\n' + event('sc stop y'))]));
    const r = unirule(['eval', file('rule.yml', IR_RULE), events, '--on-bad-line', 'skip', ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/mixed\.ndjson:2:\d+: warning: /);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it.each([
    ['kql', 'q.kql', KQL_QUERY, 'Tools'],
    ['eql', 'q.eql', EQL_QUERY, 'process.name'],
    ['sigma', 'q.yml', SIGMA_RULE, 'selection'],
  ])('eval of a %s query with invalid UTF-8: exit 2 at the bad byte', (lang, name, text, marker) => {
    const bytes = withBytes(text, marker, [0xff, ...Buffer.from(marker)]);
    const r = unirule(['eval', file(name, bytes), file('one.ndjson', event('x')), '--lang', lang, ...NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:\d+:\d+: error: file is not valid UTF-8/);
  });

  it.each([
    ['kql', 'deep.kql', `DeviceProcessEvents | where ${nested('(', 'FileName == "x"', ')', 50_000)}`],
    ['eql', 'deep.eql', `process where ${nested('(', 'process.name == "x"', ')', 50_000)}`],
    ['sigma', 'deep.yml', SIGMA_RULE.replace('condition: selection', `condition: ${nested('(', 'selection', ')', 50_000)}`)],
  ])('eval of a %s query nested 50,000 deep: exit 2 with a position', (lang, name, text) => {
    const r = unirule(['eval', file(name, text), file('one.ndjson', event('x')), '--lang', lang, ...NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/:1:\d+: error: .*(nest|deep)|:\d+:\d+: error: .*(nest|deep)/);
  });

  it('translate of a garbage query: reported with file and position, exit 1, the batch goes on', () => {
    const r = unirule(['translate', file('bad.kql', 'DeviceProcessEvents | where ((('), file('good.kql', KQL_QUERY), '--to', 'ir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.kql:1:\d+: error: /);
    expect(r.stdout).toMatch(/name:/);
  });

  it('eval of a regex bomb over a 10 MB value: the correct (empty) result, exit 0', () => {
    const rule = file('bomb-rule.yml', IR_RULE.replace("      op: contains\n      values: [stop]", () => "      op: regex\n      values: ['(a+)+$']"));
    const r = unirule(['eval', rule, file('big.ndjson', event('a'.repeat(10 * MIB) + '!') + event('xaaa')), ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toContain('"xaaa"');
  });

  it('events conversion of fields named like Object.prototype members: exit 0, fields kept as data', () => {
    const events = file('proto.ndjson', '{"kind":"process_creation","constructor":"c","__proto__":{"a":1},"toString":"t","process.name":"sc.exe"}\n');
    const r = unirule(['events', events, '--from', 'ir', '--to', 'eql']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc['constructor']).toBe('c');
    expect(doc['toString']).toBe('t');
  });
});
