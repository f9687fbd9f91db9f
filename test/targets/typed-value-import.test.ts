import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readRuleAs } from '../../src/check/index.js';
import { SourceError, type Diagnostic } from '../../src/diagnostics.js';

/**
 * A query imported into the rule model gets the rule file's typed-value lint
 * (rule/typed-value-lint.ts) at the query's own positions: Sysmon `DestinationPort` and
 * `SourcePort` are win:UInt16, Defender `RemotePort` / `LocalPort` int, ECS `destination.port`
 * long, all 0..65535 in the rule model; process ids 0..4294967295.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const SIGMA_HEAD = 'title: Odd port\nstatus: test\nlogsource:\n  category: network_connection\n  product: windows\ndetection:\n';

/** The diagnostics of one import: those it throws, then those it warns. */
function importOf(file: string, text: string, lang: 'kql' | 'sigma' | 'eql'): { errors: string[]; warnings: string[] } {
  const warned: Diagnostic[] = [];
  let errors: string[] = [];
  try {
    readRuleAs(file, text, lang, (d) => warned.push(d));
  } catch (err) {
    if (!(err instanceof SourceError)) throw err;
    errors = err.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.position.line}:${d.position.col} ${d.message}`);
    warned.push(...err.diagnostics.filter((d) => d.severity === 'warning'));
  }
  const warnings = warned.map((d) => `${d.file}:${d.position.line}:${d.position.col} ${d.message}`);
  return { errors, warnings: [...new Set(warnings)] };
}

/** `line:col` (1-based) of the first occurrence of `needle` at or after `from` in the text. */
function at(text: string, needle: string, from = 0): string {
  const offset = text.indexOf(needle, from);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before[before.length - 1] as string).length + 1}`;
}

const NEVER = (field: string, value: string): string => `\`${field}\` must be a whole number from 0 to ${field.endsWith('port') ? 65535 : 4294967295} (a JSON number, or its decimal digits as text); got ${value}, so \`equals\` with it can never match`;

describe('Sigma: the finding at the Sigma value', () => {
  it.each([
    // At the value, where its quote starts when it has one.
    ['    DestinationPort: 70000\n', 'destination.port', '70000', '70000'],
    ["    SourcePort: '-1'\n", 'source.port', '-1', "'-1'"],
    ['    DestinationPort:\n      - 443\n      - 99999\n', 'destination.port', '99999', '99999'],
    ["    ProcessId: 'abc'\n", 'process.pid', '"abc"', "'abc'"],
  ])('%j is an error', (selection, field, shown, needle) => {
    const text = `${SIGMA_HEAD}  sel:\n${selection}  condition: sel\n`;
    const { errors } = importOf('s.yml', text, 'sigma');
    expect(errors).toEqual([`s.yml:${at(text, needle, text.indexOf('sel:'))} ${NEVER(field, shown)}`]);
  });

  it('a filter applied to the rule is linted too, and each error is reported', () => {
    const text = `${SIGMA_HEAD}  sel:\n    DestinationPort: 70000\n  other:\n    SourcePort: 65536\n  condition: sel or other\n`;
    expect(importOf('s.yml', text, 'sigma').errors.map((e) => e.split(' ')[0])).toEqual([`s.yml:${at(text, '70000')}`, `s.yml:${at(text, '65536')}`]);
  });

  it.each([
    ['    DestinationPort|gt: 65535\n', '`destination.port gt 65535` can never be true'],
    ['    SourcePort|gte: 0\n', '`source.port gte 0` is true of every value'],
    ['    ProcessId|lt: 0\n', '`process.pid lt 0` can never be true'],
  ])('%j is a warning at the value', (selection, message) => {
    const text = `${SIGMA_HEAD}  sel:\n${selection}  condition: sel\n`;
    const value = selection.trim().split(': ')[1] as string;
    const { errors, warnings } = importOf('s.yml', text, 'sigma');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^s\\.yml:${at(text, value, text.indexOf('sel:'))} ${message.replace(/[`|]/g, '.')}`))]);
  });

  it.each([['    DestinationPort: 443\n'], ["    DestinationPort: '3389'\n"], ['    DestinationPort|lt: 1024\n']])('%j imports without a finding', (selection) => {
    expect(importOf('s.yml', `${SIGMA_HEAD}  sel:\n${selection}  condition: sel\n`, 'sigma')).toEqual({ errors: [], warnings: [] });
  });
});

describe('KQL: the finding at the literal', () => {
  it.each([
    ['DeviceNetworkEvents\n| where RemotePort == 70000', 'destination.port', '70000'],
    ['DeviceNetworkEvents\n| where LocalPort in (80, 65536)', 'source.port', '65536'],
    ['DeviceProcessEvents\n| where ProcessId == "abc"', 'process.pid', '"abc"'],
    ['DeviceProcessEvents\n| where InitiatingProcessId == 4294967296', 'process.parent.pid', '4294967296'],
  ])('%j is an error', (query, field, shown) => {
    expect(importOf('q.kql', query, 'kql').errors).toEqual([`q.kql:${at(query, shown)} ${NEVER(field, shown)}`]);
  });

  it.each([
    ['DeviceNetworkEvents\n| where RemotePort > 65535', '65535', '`destination.port gt 65535` can never be true'],
    ['DeviceNetworkEvents\n| where LocalPort between (0 .. 70000)', '0', '`source.port gte 0` is true of every value'],
  ])('%j is a warning', (query, literal, message) => {
    const { errors, warnings } = importOf('q.kql', query, 'kql');
    expect(errors).toEqual([]);
    expect(warnings).toContainEqual(expect.stringMatching(new RegExp(`^q\\.kql:${at(query, literal, query.indexOf('where'))} ${message.replace(/`/g, '.')}`)));
  });

  it('RemotePort == 443 imports without a finding', () => {
    expect(importOf('q.kql', 'DeviceNetworkEvents\n| where RemotePort == 443', 'kql')).toEqual({ errors: [], warnings: [] });
  });
});

describe('EQL: the finding at the literal', () => {
  it.each([
    ['network where destination.port == 70000', 'destination.port', '70000'],
    ['network where\n  source.port in (80, 99999)', 'source.port', '99999'],
    ['process where process.parent.pid == -1', 'process.parent.pid', '-1'],
  ])('%j is an error', (query, field, shown) => {
    expect(importOf('q.eql', query, 'eql').errors).toEqual([`q.eql:${at(query, shown)} ${NEVER(field, shown)}`]);
  });

  it.each([
    ['network where destination.port > 65535', '65535', '`destination.port gt 65535` can never be true'],
    ['process where process.pid < 0', '0', '`process.pid lt 0` can never be true'],
    ['network where source.port <= 65535', '65535', '`source.port lte 65535` is true of every value'],
  ])('%j is a warning', (query, literal, message) => {
    const { errors, warnings } = importOf('q.eql', query, 'eql');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^q\\.eql:${at(query, literal)} ${message.replace(/`/g, '.')}`))]);
  });
});

describe('the CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unirule-typed-import-'));
  const unirule = (args: string[]) => {
    const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('translate of a Sigma rule with DestinationPort: 70000 fails that rule (exit 1) with the error at the value', () => {
    const file = join(dir, 'odd.yml');
    const text = `${SIGMA_HEAD}  sel:\n    DestinationPort: 70000\n  condition: sel\n`;
    writeFileSync(file, text);
    const r = unirule(['translate', file, '--to', 'kql']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:${at(text, '70000')}: error: ${NEVER('destination.port', '70000')}`);
  });

  it('diff of two KQL queries stops at the bad value, exit 2', () => {
    const a = join(dir, 'a.kql');
    writeFileSync(a, 'DeviceNetworkEvents\n| where RemotePort == 70000\n');
    const b = join(dir, 'b.kql');
    writeFileSync(b, 'DeviceNetworkEvents\n| where RemotePort == 443\n');
    const r = unirule(['diff', a, b]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${a}:2:23: error: ${NEVER('destination.port', '70000')}`);
  });
});
