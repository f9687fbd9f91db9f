import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRuleFile } from '../../src/rule/index.js';

/**
 * `unirule eval` over a set of rules (README "eval"): one pass over the events, one line per
 * rule that matched an event, `{"rule": name, "row": ...}`, in input order. What a rule in the
 * set prints is what it prints alone, and its own tests (written in the shipped rules) say
 * which events it matches and what it derives.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULES = ['rules/impair-defenses-security-services.yml', 'rules/service-stop-via-builtin-tools.yml'];
const loaded = RULES.map((f) => loadRuleFile(join(ROOT, f)).rule);
const NOW = loaded[0]!.tests.now;

function unirule(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli/bin.js'), ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function jsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
}

// Every test event of both shipped rules, tagged so each output row can be traced to its case.
const cases = loaded.flatMap((rule) => rule.tests.cases.map((c, i) => ({ owner: rule.name, name: c.name, expect: c.expect, derived: c.derived, event: { ...c.event, 'case.id': `${rule.name}#${i}` } })));
const dir = mkdtempSync(join(tmpdir(), 'unirule-eval-set-'));
const events = join(dir, 'events.ndjson');
writeFileSync(events, cases.map((c) => JSON.stringify(c.event)).join('\n') + '\n');

describe('eval over a set of rules', () => {
  const all = unirule(['eval', 'rules', events, '--now', NOW]);
  const rows = jsonLines(all.stdout) as { rule: string; row: Record<string, unknown> }[];

  it('runs the folder as one set and tags each row with its rule', () => {
    expect(all.code, all.stderr).toBe(0);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(Object.keys(r)).toEqual(['rule', 'row']);
    expect(new Set(rows.map((r) => r.rule))).toEqual(new Set(loaded.map((r) => r.name)));
  });

  it.each(loaded.map((r, i) => [r.name, i] as const))('%s prints in the set what it prints alone', (name, i) => {
    const alone = unirule(['eval', RULES[i]!, events, '--now', NOW]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(rows.filter((r) => r.rule === name).map((r) => r.row)).toEqual(jsonLines(alone.stdout));
  });

  // Copies that print whole events (no output fields), so each row names its test case.
  const whole = join(dir, 'whole');
  mkdirSync(whole);
  for (const f of RULES) writeFileSync(join(whole, f.replace('rules/', '')), readFileSync(join(ROOT, f), 'utf8').replace(/^output:\n  fields: \[.*\]$/m, 'output:\n  fields: []'));
  const wholeRows = jsonLines(unirule(['eval', whole, events, '--now', NOW]).stdout) as { rule: string; row: Record<string, unknown> }[];

  it.each(loaded.map((r) => [r.name] as const))("%s matches its own tests' match cases, with their derived values", (name) => {
    const mine = wholeRows.filter((r) => r.rule === name).map((r) => r.row);
    const own = cases.filter((c) => c.owner === name);
    expect(own.length).toBeGreaterThan(0);
    const matchedOwn = mine.map((row) => row['case.id']).filter((id) => typeof id === 'string' && id.startsWith(`${name}#`));
    expect(matchedOwn).toEqual(own.filter((c) => c.expect === 'match').map((c) => c.event['case.id']));
    for (const row of mine) {
      const c = cases.find((k) => k.event['case.id'] === row['case.id'])!;
      if (c.owner === name) for (const [field, value] of Object.entries(c.derived ?? {})) expect(row[field], `${c.name}: ${field}`).toEqual(value);
    }
  });

  // A set runs whole or not at all: a rule left out would pass for one that never matched.
  const copy = join(dir, 'copy.yml');
  writeFileSync(copy, readFileSync(join(ROOT, RULES[0]!), 'utf8'));
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const sigma = join(dir, 'sigma.yml');
  writeFileSync(sigma, 'title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  sel: { Image|endswith: \\sc.exe }\n  condition: sel\n');
  it.each([
    [['eval', events], /eval needs a rule/],
    [['eval', 'rules', events, '--lang', 'kql'], /a set of rules is read as unirule rules/],
    [['eval', 'rules', copy, events], /copy\.yml:\d+:\d+: error: id .* is also used by/],
    [['eval', 'rules', sigma, events], /sigma\.yml:3:1: error: this is a Sigma rule, not a unirule rule file/],
    [['eval', empty, events], /: error: no rule files \(\.yml, \.yaml\) found here/],
  ])('%j is an input error, exit 2', (args, message) => {
    const r = unirule([...args, '--now', NOW]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});
