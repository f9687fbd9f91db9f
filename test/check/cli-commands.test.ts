import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The commands as users run them: the built bin (npm test builds first), README exit codes. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'test/cli/fixtures/service-stop.yml';
const unirule = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), 'unirule-cli-'));

describe('unirule check', () => {
  it('json: one entry per target, and exit 1 exactly when a cell is wrong', () => {
    const r = unirule(['check', RULE, '--format', 'json']);
    const json = JSON.parse(r.stdout) as { summary: { wrong: number }; rules: { targets: { target: string }[] }[] };
    expect(json.rules[0]?.targets.map((t) => t.target)).toEqual(['kql', 'sigma', 'eql']);
    expect(r.code).toBe(json.summary.wrong > 0 ? 1 : 0);
  });

  it('text: the matrix header and the legend', () => {
    const r = unirule(['check', RULE]);
    expect(r.stdout.split('\n')[0]).toMatch(/^rule\s+kql\s+sigma\s+eql$/);
    expect(r.stdout).toContain('legend:');
  });

  it('a bad rule file is an input error, exit 2, with file:line:col', () => {
    const r = unirule(['check', 'test/cli/fixtures/bad']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown-op\.yml:\d+:\d+: error:/);
  });

  it('an unknown --format is a usage error', () => {
    expect(unirule(['check', RULE, '--format', 'xml']).code).toBe(2);
  });
});

describe('unirule diff', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'has.kql'), 'DeviceProcessEvents\n| where ProcessCommandLine has "sc stop"\n');
  writeFileSync(join(dir, 'contains.kql'), 'DeviceProcessEvents\n| where ProcessCommandLine contains "sc stop"\n');
  writeFileSync(
    join(dir, 'contains.yml'),
    'title: sc stop\nlogsource: { category: process_creation, product: windows }\ndetection:\n  sel: { CommandLine|contains: sc stop }\n  condition: sel\n',
  );

  // Issue 6: `has "sc stop"` and `contains "sc stop"` differ on a witness such as `sc stopx`.
  it('has vs contains: exit 1 and the sc stopx witness', () => {
    const r = unirule(['diff', join(dir, 'has.kql'), join(dir, 'contains.kql')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('only B fires: process_creation {process.command_line: "sc stopx"}');
  });

  it('KQL has vs a Sigma contains rule: exit 1 and the sc stopx witness', () => {
    const r = unirule(['diff', join(dir, 'has.kql'), join(dir, 'contains.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('sc stopx');
  });

  it('a rule and its own KQL translation: exit 0', () => {
    const kql = unirule(['translate', RULE, '--to', 'kql']);
    writeFileSync(join(dir, 'own.kql'), kql.stdout);
    const r = unirule(['diff', RULE, join(dir, 'own.kql')]);
    expect(r.stdout).toMatch(/no difference on \d+ events/);
    expect(r.code).toBe(0);
  });

  it('json output names both sides', () => {
    const r = unirule(['diff', join(dir, 'has.kql'), join(dir, 'contains.kql'), '--format', 'json']);
    const json = JSON.parse(r.stdout) as { a: { language: string }; differingEvents: number };
    expect(json.a.language).toBe('kql');
    expect(json.differingEvents).toBeGreaterThan(0);
  });
});

describe('unirule events', () => {
  it('logical → Defender rows → logical keeps the facts', () => {
    const input = readFileSync(join(ROOT, 'test/cli/fixtures/events.ndjson'), 'utf8');
    const kql = unirule(['events', '--from', 'ir', '--to', 'kql', '-'], input);
    expect(kql.code).toBe(0);
    // fields.md: the image file name is Defender's FileName, the command line ProcessCommandLine.
    expect(JSON.parse(kql.stdout.split('\n')[1] as string)).toMatchObject({ FileName: 'sc.exe', ProcessCommandLine: 'sc.exe query x' });
    const back = unirule(['events', '--from', 'kql', '--to', 'ir', '-'], kql.stdout);
    const first = JSON.parse(back.stdout.split('\n')[1] as string) as Record<string, unknown>;
    const original = JSON.parse(input.split('\n')[1] as string) as Record<string, unknown>;
    for (const [k, v] of Object.entries(original)) expect(first[k]).toEqual(v);
  });

  it('a bad line stops with exit 2 at its line', () => {
    const r = unirule(['events', '--from', 'ir', '--to', 'eql', '-'], '{"kind":"process_creation"}\nnot json\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/-:2:\d+: error:/);
  });
});

describe('unirule translate', () => {
  it('files and folders, several formats, --out: one file per rule and format; a failing rule is named and the rest go on', () => {
    const out = tmp();
    const r = unirule(['translate', RULE, 'test/cli/fixtures/bad', '--to', 'kql,ir', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown-op\.yml:\d+:\d+: error:/);
    expect(readdirSync(out).sort()).toEqual(['cli-fixture-service-stop.kql', 'cli-fixture-service-stop.yml']);
  });

  it('not expressible strictly: exit 1 with the reason; --lenient writes it with a warning', () => {
    const strict = unirule(['translate', RULE, '--to', 'eql']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('not expressible in eql');
    const lenient = unirule(['translate', RULE, '--to', 'eql', '--lenient']);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('warning: eql approximates');
    expect(lenient.stdout).toContain('process where');
  });

  it('--out never overwrites a file that differs unless --force says so', () => {
    const out = tmp();
    const mine = join(out, 'cli-fixture-service-stop.kql');
    writeFileSync(mine, 'my own query\n');
    const refused = unirule(['translate', RULE, '--to', 'kql', '--out', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists and differs');
    expect(readFileSync(mine, 'utf8')).toBe('my own query\n');
    const forced = unirule(['translate', RULE, '--to', 'kql', '--out', out, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(mine, 'utf8')).toContain('DeviceProcessEvents');
    // Writing the same text again is not a conflict.
    expect(unirule(['translate', RULE, '--to', 'kql', '--out', out]).code).toBe(0);
  });

  it('an unknown format is a usage error', () => {
    expect(unirule(['translate', RULE, '--to', 'splunk']).code).toBe(2);
  });
});
