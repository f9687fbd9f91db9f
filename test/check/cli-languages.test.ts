import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sigmaTarget } from '../../src/targets/sigma/index.js';

/**
 * Issue 6 from the command line, across languages: `diff` between a KQL seed, the rule that
 * restates it, its translations and hand-written twins in other languages; `events` between
 * every pair of shapes; `test` running each rule's tests through every target.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const unirule = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'unirule-lang-'));
const SEED_T1562 = 'test/targets/kql/fixtures/impair-defenses.kql';
const SEED_T1489 = 'test/targets/kql/fixtures/service-stop.kql';
const RULE_T1562 = 'rules/impair-defenses-security-services.yml';
const RULE_T1489 = 'rules/service-stop-via-builtin-tools.yml';
const sigmaReady = Object.keys(sigmaTarget.formats).length > 0;

describe('unirule diff across languages', () => {
  // eql.md: `:` on a wildcard pattern is a case-insensitive whole-value glob, so `*sc stop*`
  // is "contains"; the seed says `has "sc stop"`. Issue 6's witness: `sc stopx`.
  it('the T1562 seed (KQL has) against a hand-written EQL twin (contains): exit 1, the sc stopx witness', () => {
    writeFileSync(join(dir, 'contains.eql'), 'process where process.command_line : "*sc stop*"\n');
    const r = unirule(['diff', SEED_T1562, join(dir, 'contains.eql')]);
    expect(r.code).toBe(1);
    const group = r.stdout.split('\n\n').find((g) => g.startsWith('process.command_line term "sc stop":')) ?? '';
    expect(group).toContain('only B fires: process_creation {process.command_line: "sc stopx"}');
    expect(group).toContain('only B fires: process_creation {process.command_line: "xsc stop"}');
  });

  it.runIf(sigmaReady)('the T1562 seed against a Sigma rule with CommandLine|contains: exit 1, the sc stopx witness', () => {
    writeFileSync(
      join(dir, 'contains.yml'),
      'title: sc stop\nlogsource: { category: process_creation, product: windows }\ndetection:\n  sel: { CommandLine|contains: sc stop }\n  condition: sel\n',
    );
    const r = unirule(['diff', SEED_T1562, join(dir, 'contains.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('{process.command_line: "sc stopx"}');
  });

  // The shipped rules restate the seeds; diff finds nothing on thousands of probe events.
  it.each([
    [SEED_T1562, RULE_T1562],
    [SEED_T1489, RULE_T1489],
  ])('the seed %s and the rule %s: exit 0', (seed, rule) => {
    const r = unirule(['diff', seed, rule]);
    expect(r.stdout).toMatch(/^no difference on \d{3,} events$/m);
    expect(r.code).toBe(0);
  });

  it.each([RULE_T1562, RULE_T1489])('%s and its own EQL translation: exit 0, the look-back noted', (rule) => {
    const eql = unirule(['translate', rule, '--to', 'eql', '--lenient']);
    expect(eql.code).toBe(0);
    const file = join(dir, `${rule.split('/')[1]}.eql`);
    writeFileSync(file, eql.stdout);
    const r = unirule(['diff', rule, file]);
    expect(r.stdout).toMatch(/^no difference on \d+ events$/m);
    // EQL carries no window (the schedule sets it): a setting, not an event difference.
    expect(r.stdout).toContain('note: the look-back differs: A looks back 24h, B has no window of its own');
    expect(r.code).toBe(0);
  });

  it('json: both sides, grouped witnesses naming which rule fires', () => {
    const r = unirule(['diff', SEED_T1562, join(dir, 'contains.eql'), '--format', 'json']);
    const json = JSON.parse(r.stdout) as { a: { language: string }; b: { language: string }; groups: { predicate: string; witnesses: { fires: string; event: Record<string, unknown> }[] }[] };
    expect([json.a.language, json.b.language]).toEqual(['kql', 'eql']);
    const group = json.groups.find((g) => g.predicate === 'process.command_line term "sc stop"');
    expect(group?.witnesses).toContainEqual({ event: { kind: 'process_creation', 'process.command_line': 'sc stopx' }, fires: 'B', probe: expect.any(String) as string });
  });
});

describe('unirule events between every pair of shapes', () => {
  const registryRow = {
    Type: 'DeviceRegistryEvents',
    ActionType: 'RegistryValueSet',
    Timestamp: '2026-11-20T10:00:00Z',
    RegistryKey: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WinDefend',
    RegistryValueName: 'Start',
    RegistryValueData: '4',
    InitiatingProcessFileName: 'reg.exe',
  };
  const processRow = { Type: 'DeviceProcessEvents', Timestamp: '2026-11-20T10:00:00Z', FileName: 'sc.exe', ProcessCommandLine: 'sc stop x', InitiatingProcessFileName: 'cmd.exe' };

  // fields.md: InitiatingProcess* is the actor of a registry write but the parent of a process.
  it('kql → eql: InitiatingProcessFileName becomes process.name on a registry row, process.parent.name on a process row', () => {
    const r = unirule(['events', '--from', 'kql', '--to', 'eql', '-'], `${JSON.stringify(registryRow)}\n${JSON.stringify(processRow)}\n`);
    expect(r.code).toBe(0);
    const [reg, proc] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
    expect(reg?.['process']).toEqual({ name: 'reg.exe' });
    expect(reg?.['registry']).toMatchObject({ hive: 'HKLM', key: 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', value: 'Start', data: { strings: ['4'] } });
    expect(proc?.['process']).toMatchObject({ name: 'sc.exe', command_line: 'sc stop x', parent: { name: 'cmd.exe' } });
  });

  it('eql → kql: the short hive becomes the full one at the head of RegistryKey', () => {
    const ecs = { '@timestamp': '2026-11-20T10:00:00Z', event: { category: 'registry', type: 'change' }, registry: { hive: 'HKLM', key: 'SOFTWARE\\X', value: 'V', data: { strings: ['1'] } }, process: { name: 'reg.exe' } };
    const r = unirule(['events', '--from', 'eql', '--to', 'kql', '-'], JSON.stringify(ecs) + '\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ Type: 'DeviceRegistryEvents', RegistryKey: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X', RegistryValueName: 'V', RegistryValueData: '1', InitiatingProcessFileName: 'reg.exe' });
  });

  // Real events carry the image path next to its name; Sysmon has only the path (fields.md),
  // so an event without it would lose its file name in the Sigma shape. Likewise the account's
  // domain next to its name: Sysmon writes User only as a whole DOMAIN\name.
  const logical = [
    {
      kind: 'process_creation',
      '@timestamp': '2026-11-20T10:00:00Z',
      'host.name': 'ws1',
      'process.name': 'sc.exe',
      'process.executable': 'C:\\Windows\\System32\\sc.exe',
      'process.command_line': 'sc stop x',
      'process.parent.name': 'cmd.exe',
      'process.parent.executable': 'C:\\Windows\\System32\\cmd.exe',
      'user.name': 'alice',
      'user.domain': 'CORP',
    },
    { kind: 'registry_set', '@timestamp': '2026-11-20T10:00:00Z', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\X', 'registry.value': 'V', 'registry.data': '1', 'process.name': 'reg.exe', 'process.executable': 'C:\\Windows\\System32\\reg.exe' },
  ];
  // The instant, not its spelling: Sysmon's UtcTime has milliseconds and no zone letter.
  const sameInstant = (e: Record<string, unknown>) => ({ ...e, '@timestamp': new Date(String(e['@timestamp'])).toISOString() });
  const shapes = sigmaReady ? ['kql', 'eql', 'sigma'] : ['kql', 'eql'];
  it.each(shapes)('ir → %s → ir keeps every fact of these events', (shape) => {
    const input = logical.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const there = unirule(['events', '--from', 'ir', '--to', shape, '-'], input);
    expect(there.code).toBe(0);
    const back = unirule(['events', '--from', shape, '--to', 'ir', '-'], there.stdout);
    expect(back.code).toBe(0);
    const events = back.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    logical.forEach((e, i) => expect(sameInstant(events[i] ?? {})).toEqual(sameInstant(e)));
  });

  it('--on-bad-line skip: a warning for the bad line, the others converted', () => {
    const r = unirule(['events', '--from', 'ir', '--to', 'kql', '--on-bad-line', 'skip', '-'], `${JSON.stringify(logical[0])}\n[1]\n${JSON.stringify(logical[1])}\n`);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^-:2:1: warning: .*\(skipped\)$/m);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe("unirule test runs each rule's tests through every target", () => {
  it('a line per target under each rule; exit 1 exactly when a line fails', () => {
    const r = unirule(['test', RULE_T1562, RULE_T1489]);
    expect(r.stdout).toContain('ok   impair-defenses-security-services: 44/44 tests pass on the reference evaluator\nok   kql: 44/44 tests pass\n');
    expect(r.stdout).toMatch(/^ok {3}eql: 37\/37 tests pass \(approximate: derived field StopMethod/m);
    expect(r.stdout).toMatch(/^(ok {3}|ok ≈ |FAIL )sigma: /m);
    expect(r.code).toBe(/^FAIL/m.test(r.stdout) ? 1 : 0);
  });

  it('--reference-only skips the targets', () => {
    const r = unirule(['test', RULE_T1489, '--reference-only']);
    expect(r.stdout).not.toMatch(/kql:/);
    expect(r.code).toBe(0);
  });
});
