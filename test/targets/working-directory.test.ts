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
 * `process.working_directory`: Sysmon event 1 `CurrentDirectory` (ending in a backslash,
 * `C:\Windows\system32\`) and ECS `process.working_directory` hold the same text; Defender's
 * DeviceProcessEvents has no working-directory column, so KQL cannot say a test on it.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const proc = (dir: string | null | undefined): LogicalEvent =>
  dir === undefined ? { kind: 'process_creation', 'process.executable': 'C:\\Windows\\System32\\rundll32.exe' } : { kind: 'process_creation', 'process.executable': 'C:\\Windows\\System32\\rundll32.exe', 'process.working_directory': dir };

describe('one process in each schema', () => {
  const TEMP = proc('C:\\Users\\eve\\AppData\\Local\\Temp\\');
  it('Sysmon CurrentDirectory and ECS process.working_directory; no Defender column', () => {
    expect(sigma.project(TEMP)).toMatchObject({ CurrentDirectory: 'C:\\Users\\eve\\AppData\\Local\\Temp\\' });
    expect(eql.project(TEMP)).toMatchObject({ process: { working_directory: 'C:\\Users\\eve\\AppData\\Local\\Temp\\' } });
    expect(Object.values(kql.project(TEMP) as JsonObject)).not.toContain('C:\\Users\\eve\\AppData\\Local\\Temp\\');
  });
  it.each([sigma, eql].map((t) => [t.id, t] as const))('%s: read back the same', (_id, t) => {
    expect(t.unproject(JSON.parse(JSON.stringify(t.project(TEMP))) as JsonObject)['process.working_directory']).toBe('C:\\Users\\eve\\AppData\\Local\\Temp\\');
  });
});

const on = (op: MatchOperator, value: string): Condition => (op === 'exists' ? match({ field: 'process.working_directory', op }) : match({ field: 'process.working_directory', op, values: literals([value]) }));
const PROBES: readonly LogicalEvent[] = [proc('C:\\Users\\eve\\AppData\\Local\\Temp\\'), proc('C:\\Windows\\system32\\'), proc('D:\\tools\\'), proc(''), proc(null), proc(undefined)];

describe.each<readonly [string, Condition, string, string]>([
  ['contains', on('contains', '\\AppData\\Local\\Temp\\'), "CurrentDirectory|contains: '\\AppData\\Local\\Temp\\\\'", 'process.working_directory : "*\\\\AppData\\\\Local\\\\Temp\\\\*"'],
  ['startswith', on('startswith', 'C:\\'), "CurrentDirectory|startswith: 'C:\\\\'", 'process.working_directory : "C:\\\\*"'],
  ['exists', on('exists', ''), 'CurrentDirectory|exists: true', '?process.working_directory != null'],
])('%s', (_what, condition, sigmaForm, eqlForm) => {
  const rule = ruleWith({ condition });
  // A trailing backslash is doubled in Sigma (sigma.md escaping: a backslash before the closing quote).
  itIsExactOn(rule, PROBES, { sigma: sigmaForm, eql: eqlForm });

  it('refused in KQL: Defender records no working directory', () => {
    expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender has no column for process.working_directory/);
  });
});

describe('hand-written rules import it', () => {
  it.each<readonly [string, Target<unknown>, string, string]>([
    ['Sigma CurrentDirectory|startswith', sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    CurrentDirectory|startswith: 'D:\\'\n  condition: s\n", 'startswith'],
    ['EQL process.working_directory', eql, 'process where process.working_directory : "*\\\\Temp\\\\*"', 'contains'],
  ])('%s', (_what, target, text, op) => {
    const name = `rule${target.extension}`;
    const rule = target.importRule(target.parse(text, name), name);
    expect(rule.condition).toMatchObject({ kind: 'match', field: 'process.working_directory', op });
    const reference = compileRule(rule);
    const native = target.compile(target.parse(text, name), { now: NOW });
    const want = PROBES.map((e) => native(target.project(e)).matched);
    expect(want).toContain(true);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });
});
