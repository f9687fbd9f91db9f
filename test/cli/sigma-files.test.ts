import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/cli/language.js';
import { SourceError } from '../../src/diagnostics.js';
import { loadRuleText } from '../../src/rule/index.js';

/**
 * A Sigma file holds detection rules, filters (`filter:`) and correlations (`correlation:`)
 * (sigma.md "Filters and correlations"; the Sigma filters and correlation specifications);
 * a file may hold only filters or only correlations. Either is told from a unirule rule.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const unirule = (args: string[]) => {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const dir = mkdtempSync(join(tmpdir(), 'unirule-sigma-files-'));

const CORRELATION = `title: Many failed starts
id: 7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d
status: test
correlation:
  type: event_count
  rules:
    - some_base_rule
  group-by:
    - Computer
  timespan: 5m
  condition:
    gte: 10
level: high
`;
const FILTER = `title: Ignore the build server
id: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
logsource:
  category: process_creation
  product: windows
filter:
  rules:
    - 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9
  selection:
    Computer: build01
  condition: not selection
`;
const UNIRULE = `id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
name: x
title: X
date: 2026-11-22
status: experimental
severity: high
confidence: high
attack: { version: "19", techniques: [T1489] }
logsources: [process_creation]
condition: { field: process.name, op: equals, value: sc.exe }
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`;

describe('language detection', () => {
  it.each([
    ['a correlation-only file', CORRELATION, 'sigma'],
    ['a filter-only file', FILTER, 'sigma'],
    ['a filter and a correlation in two documents', `${FILTER}---\n${CORRELATION}`, 'sigma'],
    ['a flow-style correlation document', '{title: t, correlation: {type: event_count, rules: [a], timespan: 5m, condition: {gte: 2}}}\n', 'sigma'],
    ['a unirule rule', UNIRULE, 'ir'],
  ])('%s', (_, text, want) => {
    expect(detectLanguage('x.yml', text)).toBe(want);
  });

  it('validate names a correlation-only or filter-only file as Sigma, at its correlation / filter key', () => {
    for (const [text, key] of [[CORRELATION, 'correlation:'], [FILTER, 'filter:']] as const) {
      try {
        loadRuleText(text, 'x.yml');
        expect.unreachable('a Sigma file is not a rule file');
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        const line = text.split('\n').findIndex((l) => l.startsWith(key)) + 1;
        expect(err.diagnostics.map((d) => `${d.position.line}:${d.position.col} ${d.message}`)).toEqual([
          expect.stringMatching(new RegExp(`^${line}:1 this is a Sigma rule, not a unirule rule file`)),
        ]);
      }
    }
  });
});

describe('unirule translate', () => {
  it('reads a correlation-only file as Sigma without --from and says what it cannot import', () => {
    writeFileSync(join(dir, 'corr.yml'), CORRELATION);
    const r = unirule(['translate', join(dir, 'corr.yml'), '--to', 'ir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('correlation rules are not supported yet');
    expect(r.stderr).not.toMatch(/name|date/);
  });

  it('reads a filter-only file as Sigma without --from', () => {
    writeFileSync(join(dir, 'filter.yml'), FILTER);
    const r = unirule(['translate', join(dir, 'filter.yml'), '--to', 'ir']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the file holds no detection rule (only filters)');
  });

  it('prints what an import left out as file:line:col warnings on stderr, and still translates', () => {
    const file = join(dir, 'tags.yml');
    writeFileSync(
      file,
      "title: Tags\nid: 2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901\ntags:\n  - attack.defense-evasion\n  - car.2016-04-005\nrelated:\n  - id: 11111111-1111-4111-8111-111111111111\n    type: obsoletes\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  sel:\n    CommandLine|contains: 'evil'\n  condition: sel\n",
    );
    const r = unirule(['translate', file, '--to', 'sentinel']);
    expect(r.code).toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:5: warning: tag car\\.2016-04-005: `)),
      expect.stringMatching(/:8:11: warning: related type "obsoletes" is not one the Sigma specification defines/),
    ]);
    expect(r.stdout).toMatch(/tactics:\n\s+- DefenseEvasion/);
    // diff imports the same way and says the same.
    const d = unirule(['diff', file, file]);
    expect(d.code).toBe(0);
    expect(d.stderr).toMatch(/:5:5: warning: tag car\.2016-04-005: /);
  });
});
