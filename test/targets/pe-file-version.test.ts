import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { literals, match, type Condition } from '../../src/ir/condition.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import type { Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { ruleWith } from './kql/rule-factory.js';
import { itIsExactOn } from './exact-everywhere.js';

/**
 * `process.pe.file_version`, written from the schemas:
 * - Sysmon event 1 records `FileVersion` from the new image's version resource, next to
 *   `Description`, `Product` and `Company`, and writes `?` when the image has no version info
 *   (SigmaHQ rules test `FileVersion: '\?'` for exactly that);
 * - ECS nests it as `process.pe.file_version` ("internal version of the file, provided at
 *   compile-time", ECS PE Header fields);
 * - Defender's DeviceProcessEvents has no file-version column (its `ProcessVersionInfoProductVersion`
 *   is the product's version, another resource string), so KQL cannot say a test on it.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const proc = (version: string | null | undefined): LogicalEvent =>
  version === undefined
    ? { kind: 'process_creation', 'process.executable': 'C:\\Users\\eve\\Downloads\\tool.exe' }
    : { kind: 'process_creation', 'process.executable': 'C:\\Users\\eve\\Downloads\\tool.exe', 'process.pe.file_version': version };

const CMD = proc('10.0.19041.1 (WinBuild.160101.0800)');

describe('one process in each schema', () => {
  it('Sysmon FileVersion and ECS process.pe.file_version; no Defender column', () => {
    expect(sigma.project(CMD)).toMatchObject({ EventID: 1, FileVersion: '10.0.19041.1 (WinBuild.160101.0800)' });
    expect(eql.project(CMD)).toMatchObject({ process: { pe: { file_version: '10.0.19041.1 (WinBuild.160101.0800)' } } });
    expect(Object.values(kql.project(CMD) as JsonObject)).not.toContain('10.0.19041.1 (WinBuild.160101.0800)');
  });
  it.each([sigma, eql].map((t) => [t.id, t] as const))('%s: read back the same', (_id, t) => {
    expect(t.unproject(JSON.parse(JSON.stringify(t.project(CMD))) as JsonObject)['process.pe.file_version']).toBe('10.0.19041.1 (WinBuild.160101.0800)');
  });
});

const on = (op: MatchOperator, value: string): Condition =>
  op === 'exists' ? match({ field: 'process.pe.file_version', op }) : match({ field: 'process.pe.file_version', op, values: literals([value]) });
const PROBES: readonly LogicalEvent[] = [CMD, proc('?'), proc('1.0.0.0'), proc('10.0.22621.1'), proc(''), proc(null), proc(undefined)];

describe.each<readonly [string, Condition, string, string]>([
  // sigma.md escaping: a plain `?` is a one-character wildcard, `\?` the question mark itself.
  ['equals ? (no version info)', on('equals', '?'), "FileVersion: '\\?'", 'process.pe.file_version in~ ("?")'],
  ['startswith', on('startswith', '10.0.'), "FileVersion|startswith: '10.0.'", 'process.pe.file_version : "10.0.*"'],
  ['exists', on('exists', ''), 'FileVersion|exists: true', '?process.pe.file_version != null'],
])('%s', (_what, condition, sigmaForm, eqlForm) => {
  const rule = ruleWith({ condition });
  itIsExactOn(rule, PROBES, { sigma: sigmaForm, eql: eqlForm });

  it('refused in KQL: Defender records no file version', () => {
    expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender has no column for process.pe.file_version/);
  });
});

describe('hand-written rules import it', () => {
  it.each<readonly [string, Target<unknown>, string, string]>([
    ['Sigma FileVersion: \\?', sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    FileVersion: '\\?'\n  condition: s\n", 'equals'],
    ['EQL process.pe.file_version', eql, 'process where process.pe.file_version : "10.0.*"', 'startswith'],
  ])('%s', (_what, target, text, op) => {
    const name = `rule${target.extension}`;
    const rule = target.importRule(target.parse(text, name), name);
    expect(rule.condition).toMatchObject({ kind: 'match', field: 'process.pe.file_version', op });
    const reference = compileRule(rule);
    const native = target.compile(target.parse(text, name), { now: NOW });
    const want = PROBES.map((e) => native(target.project(e)).matched);
    expect(want).toContain(true);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });
});
