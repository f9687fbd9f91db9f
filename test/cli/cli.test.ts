import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The CLI as users run it: the built bin (npm test builds first), real exit codes.
 * Exit codes are the README's: 0 ok, 1 findings, 2 usage or input error.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIX = 'test/cli/fixtures';

function unirule(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('unirule CLI', () => {
  it('validate: a good rule is exit 0', () => {
    const r = unirule(['validate', `${FIX}/service-stop.yml`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('validate: a missing path is an input error, exit 2, naming the path', () => {
    const r = unirule(['validate', `${FIX}/nope.yml`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${FIX}/nope.yml:1:1: error: no such file or folder`);
  });

  it('validate: an invalid rule is a finding, exit 1, with file:line:col', () => {
    const r = unirule(['validate', `${FIX}/bad`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/test\/cli\/fixtures\/bad\/unknown-op\.yml:\d+:\d+: error: .*must be one of/);
  });

  it('validate --format json: each problem with file, line, col and severity; exit code unchanged', () => {
    const r = unirule(['validate', `${FIX}/bad`, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { invalid: number; problems: { file: string; line: number; col: number; severity: string; message: string }[] };
    expect(report.invalid).toBe(1);
    const problem = report.problems.find((p) => p.file.endsWith('unknown-op.yml'));
    expect(problem?.severity).toBe('error');
    expect(problem?.line).toBeGreaterThan(1);
    expect(problem?.message).toMatch(/must be one of/);
  });

  it('two rules with one id and name: validate names both clashes at their lines (exit 1); build and check refuse (exit 2)', () => {
    // Built alone, the second rule would silently overwrite the first rule's output files.
    const dir = mkdtempSync(join(tmpdir(), 'unirule-clash-'));
    const text = readFileSync(join(ROOT, FIX, 'service-stop.yml'), 'utf8');
    writeFileSync(join(dir, 'a.yml'), text);
    writeFileSync(join(dir, 'b.yml'), text);
    const idLine = text.split('\n').findIndex((l) => l.startsWith('id:')) + 1;
    const nameLine = text.split('\n').findIndex((l) => l.startsWith('name:')) + 1;
    const v = unirule(['validate', dir]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`${join(dir, 'b.yml')}:${idLine}:1: error: id `);
    expect(v.stderr).toContain(`${join(dir, 'b.yml')}:${nameLine}:1: error: name `);
    expect(v.stdout).toContain('1 rule(s) valid, 1 invalid');
    const b = unirule(['build', dir, '--out', join(dir, 'out')]);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('is also used by');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(unirule(['check', dir]).code).toBe(2);
  });

  it('translate --to ir: SOURCE_DATE_EPOCH fixes the date of an imported rule; a malformed one is exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unirule-date-'));
    writeFileSync(join(dir, 'q.kql'), 'DeviceProcessEvents\n| where FileName =~ "sc.exe"\n');
    const run = (epoch: string) => spawnSync(process.execPath, ['dist/cli/bin.js', 'translate', join(dir, 'q.kql'), '--to', 'ir'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: epoch } });
    expect(run('86400').stdout).toMatch(/^date: '?1970-01-02'?$/m);
    const bad = run('yesterday');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('SOURCE_DATE_EPOCH');
  });

  it('test --format json: reference and per-target outcomes for each rule', () => {
    const r = unirule(['test', `${FIX}/service-stop.yml`, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { rules: { rule: string; reference: { passed: number; total: number }; targets: { target: string; status: string }[] }[]; failures: number };
    expect(report.rules).toHaveLength(1);
    const [rule] = report.rules;
    expect(rule?.reference.passed).toBe(rule?.reference.total);
    expect(rule?.targets.map((t) => t.target).sort()).toEqual(['eql', 'kql', 'sigma']);
    expect(r.code).toBe(report.failures > 0 ? 1 : 0);
    expect(unirule(['test', `${FIX}/service-stop.yml`, '--format', 'xml']).code).toBe(2);
  });

  it('validate: a folder without rule files says so', () => {
    const r = unirule(['validate', 'test/cli/fixtures/empty-folder-probe']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: no rule files');
  });

  it('an unknown command or option is a usage error, exit 2', () => {
    expect(unirule(['frobnicate']).code).toBe(2);
    expect(unirule(['validate', '--no-such-option']).code).toBe(2);
  });

  it('eval: prints matching events (output fields and derived values) as JSON lines', () => {
    const r = unirule(['eval', `${FIX}/service-stop.yml`, `${FIX}/events.ndjson`, '--now', '2026-11-20T12:00:00Z']);
    expect(r.code).toBe(0);
    // Line 1 matches (case-insensitive name, term "stop"); line 2 has no "stop" term; line 3 is
    // outside the 24h window.
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { '@timestamp': '2026-11-20T10:00:00Z', 'host.name': null, 'process.command_line': 'sc stop WinDefend', StopMethod: 'sc' },
    ]);
  });

  it('eval: says what the rule file warns of (an empty list matches nothing), then runs it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unirule-eval-warn-'));
    const file = join(dir, 'empty-list.yml');
    writeFileSync(file, readFileSync(`${FIX}/service-stop.yml`, 'utf8').replace('ServiceTools: [sc.exe, net.exe, net1.exe]', 'ServiceTools: []'));
    const r = unirule(['eval', file, `${FIX}/events.ndjson`, '--now', '2026-11-20T12:00:00Z']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/empty-list\.yml:\d+:\d+: warning: list `ServiceTools` is empty: nothing can match it/);
  });

  it('eval: reads stdin for -', () => {
    const r = unirule(['eval', `${FIX}/service-stop.yml`, '-', '--now', '2026-11-20T12:00:00Z'], '{"kind":"process_creation","@timestamp":"2026-11-20T11:00:00Z","process.name":"net.exe","process.command_line":"net stop x"}\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ StopMethod: 'other' });
  });

  it('eval: a bad event line stops the run with exit 2 and its line number, or is skipped on request', () => {
    const input = '{"kind":"process_creation"}\n{oops}\n';
    const stop = unirule(['eval', `${FIX}/service-stop.yml`, '-', '--now', '2026-11-20T12:00:00Z'], input);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toContain('-:2:2: error: not JSON');
    const skip = unirule(['eval', `${FIX}/service-stop.yml`, '-', '--now', '2026-11-20T12:00:00Z', '--on-bad-line', 'skip'], input);
    expect(skip.code).toBe(0);
    expect(skip.stderr).toContain('-:2:2: warning: not JSON');
  });

  // A query reads its own schema: logical events would quietly never match, so eval says so.
  it.each([
    ['kql', 'DeviceProcessEvents\n| where FileName =~ "net.exe"\n', 'Defender rows'],
    ['eql', 'process where process.name : "net.exe"\n', 'ECS documents'],
  ])('eval: logical events given to a %s query are named, with the conversion', (lang, query, shape) => {
    const dir = mkdtempSync(join(tmpdir(), 'unirule-eval-'));
    const file = join(dir, `q.${lang}`);
    writeFileSync(file, query);
    const logical = '{"kind":"process_creation","@timestamp":"2026-11-20T11:00:00Z","process.name":"net.exe"}\n';
    const r = unirule(['eval', file, '-'], logical);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`-: warning: 1 of 1 event(s) are in the rule model's shape (they have \`kind\`), not ${shape}; convert them with \`unirule events --from ir --to ${lang} -\``);
    const converted = unirule(['events', '--from', 'ir', '--to', lang, '-'], logical);
    const again = unirule(['eval', file, '-'], converted.stdout);
    expect(again.stderr).toBe('');
    expect(again.stdout).not.toBe('');
  });

  // README "eval output": a query whose rows come event by event runs as a stream, so what
  // matched before a bad line that stops the run is printed; one that sorts, cuts or joins
  // reads the whole input first, so nothing is.
  it.each([
    ['sigma', 'q.yml', 'title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  sel: { Image|endswith: \\net.exe }\n  condition: sel\n', '{"EventID":1,"Image":"C:\\\\Windows\\\\net.exe"}', true],
    ['eql', 'q.eql', 'process where process.name : "net.exe"\n', '{"event":{"category":"process","type":"start"},"process":{"name":"net.exe"}}', true],
    ['eql, with tail', 'q.eql', 'process where process.name : "net.exe" | tail 1\n', '{"event":{"category":"process","type":"start"},"process":{"name":"net.exe"}}', false],
    ['kql', 'q.kql', 'DeviceProcessEvents\n| where FileName =~ "net.exe"\n| project FileName\n', '{"Type":"DeviceProcessEvents","ActionType":"ProcessCreated","FileName":"net.exe"}', true],
    ['kql, with take', 'q.kql', 'DeviceProcessEvents\n| where FileName =~ "net.exe"\n| take 5\n', '{"Type":"DeviceProcessEvents","ActionType":"ProcessCreated","FileName":"net.exe"}', false],
  ])('eval: a %s query before a bad line that stops the run', (_lang, name, query, event, streams) => {
    const dir = mkdtempSync(join(tmpdir(), 'unirule-eval-stream-'));
    const file = join(dir, name);
    writeFileSync(file, query);
    const r = unirule(['eval', file, '-'], `${event}\n{oops}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-:2:2: error: not JSON');
    const whole = unirule(['eval', file, '-'], `${event}\n`);
    expect(whole.code).toBe(0);
    expect(whole.stdout).not.toBe('');
    expect(r.stdout).toBe(streams ? whole.stdout : '');
  });

  it('eval: a streamed query answers the events before a line that is JSON but no event', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unirule-eval-stream-'));
    const file = join(dir, 'q.eql');
    writeFileSync(file, 'process where process.name : "net.exe"\n');
    const event = '{"event":{"category":"process","type":"start"},"process":{"name":"net.exe"}}';
    const r = unirule(['eval', file, '-'], `${event}\n[1]\n${event}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('-:2:1: error: an event must be a JSON object');
    expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([JSON.parse(event)]);
  });

  it('eval: --now that is not a time is a usage error', () => {
    const r = unirule(['eval', `${FIX}/service-stop.yml`, `${FIX}/events.ndjson`, '--now', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--now "yesterday" is not an ISO-8601 instant');
  });

  it("test: runs the rule's own tests, exit 0 when they pass", () => {
    const r = unirule(['test', `${FIX}/service-stop.yml`, '--reference-only']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1/1 tests pass on the reference evaluator');
  });
});
