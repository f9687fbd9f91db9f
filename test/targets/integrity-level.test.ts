import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { literals, match, type Condition } from '../../src/ir/condition.js';
import { canonicalIntegrityLevel, elasticIntegrityLevel, integrityLevelFromElastic } from '../../src/ir/integrity-level.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { type Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { ruleWith } from './kql/rule-factory.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { importedVerdicts, nativeVerdicts } from './hand-written.js';

/**
 * `process.integrity_level` (src/ir/integrity-level.ts), from the sources' own spellings:
 * Sysmon `IntegrityLevel` and Defender `ProcessIntegrityLevel` write `Low`, `Medium`, `High`,
 * `System`; Elastic Defend's `process.Ext.token.integrity_level_name` writes `low`, `medium`,
 * `high`, `system` (ECS itself has no such field).
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const proc = (level: string | null | undefined, extra: Record<string, string> = {}): LogicalEvent =>
  level === undefined ? { kind: 'process_creation', ...extra } : { kind: 'process_creation', 'process.integrity_level': level, ...extra };

describe('the spellings', () => {
  it.each<readonly [string, string | undefined, string, string]>([
    // text, Sysmon/Defender name, as Elastic Defend writes it, read back from Elastic
    ['High', 'High', 'high', 'High'],
    ['system', 'System', 'system', 'System'],
    ['MEDIUM', 'Medium', 'medium', 'Medium'],
    ['Untrusted', 'Untrusted', 'untrusted', 'Untrusted'],
    ['S-1-16-12288', undefined, 'S-1-16-12288', 'S-1-16-12288'],
    ['AppContainer', undefined, 'AppContainer', 'AppContainer'],
    ['Hig', undefined, 'Hig', 'Hig'],
  ])('%s', (text, name, elastic, back) => {
    expect(canonicalIntegrityLevel(text)).toBe(name);
    expect(elasticIntegrityLevel(text)).toBe(elastic);
    expect(integrityLevelFromElastic(elastic)).toBe(back);
  });
});

describe('one process in each schema', () => {
  const SYSTEM = proc('System', { 'process.executable': 'C:\\Windows\\System32\\cmd.exe' });

  it('Sysmon IntegrityLevel and Defender ProcessIntegrityLevel hold the name as written', () => {
    expect(sigma.project(SYSTEM)).toMatchObject({ EventID: 1, IntegrityLevel: 'System' });
    expect(kql.project(SYSTEM)).toMatchObject({ ProcessIntegrityLevel: 'System' });
  });

  it('ECS (Elastic Defend): process.Ext.token.integrity_level_name in lower case; other text as is', () => {
    expect(eql.project(SYSTEM)).toMatchObject({ process: { Ext: { token: { integrity_level_name: 'system' } } } });
    expect(eql.project(proc('S-1-16-16384'))).toMatchObject({ process: { Ext: { token: { integrity_level_name: 'S-1-16-16384' } } } });
  });

  it.each([sigma, kql, eql].map((t) => [t.id, t] as const))('%s: read back, the level is Sysmon\'s spelling', (_id, t) => {
    expect(t.unproject(JSON.parse(JSON.stringify(t.project(proc('high')))) as JsonObject)['process.integrity_level']).toBe(t === eql ? 'High' : 'high');
    expect(t.unproject(JSON.parse(JSON.stringify(t.project(SYSTEM))) as JsonObject)['process.integrity_level']).toBe('System');
  });
});

const on = (op: MatchOperator, values: readonly string[], caseRule: 'sensitive' | 'insensitive'): Condition =>
  op === 'exists' ? match({ field: 'process.integrity_level', op }) : match({ field: 'process.integrity_level', op, values: literals(values), caseRule });

const PROBES: readonly LogicalEvent[] = [proc('High'), proc('high'), proc('System'), proc('Medium'), proc('Low'), proc('S-1-16-12288'), proc(''), proc(null), proc(undefined)];

describe.each<readonly [string, MatchOperator, readonly string[], { kql: string; sigma: string; eql: string }]>([
  ['equals High or System', 'equals', ['High', 'System'], { kql: 'ProcessIntegrityLevel in~ ("High", "System")', sigma: 'IntegrityLevel:', eql: 'process.Ext.token.integrity_level_name : ("High", "System")' }],
  ['equals a label SID', 'equals', ['S-1-16-12288'], { kql: 'ProcessIntegrityLevel =~ "S-1-16-12288"', sigma: "IntegrityLevel: 'S-1-16-12288'", eql: 'process.Ext.token.integrity_level_name : "S-1-16-12288"' }],
  ['startswith', 'startswith', ['Hi'], { kql: 'ProcessIntegrityLevel startswith "Hi"', sigma: "IntegrityLevel|startswith: 'Hi'", eql: 'process.Ext.token.integrity_level_name : "Hi*"' }],
  ['term', 'term', ['system'], { kql: 'ProcessIntegrityLevel has "system"', sigma: 'IntegrityLevel|re|i', eql: 'process.Ext.token.integrity_level_name regex~' }],
])('case-insensitive %s: exact everywhere', (_what, op, values, forms) => {
  itIsExactOnEveryTarget(ruleWith({ condition: on(op, values, 'insensitive') }), PROBES, forms);
});

describe('case-sensitive: Sysmon and Defender spell it as the rule does, ECS does not', () => {
  const rule = ruleWith({ condition: on('equals', ['High'], 'sensitive') });
  const reference = compileRule(rule);

  it.each([kql, sigma].map((t) => [t.id, t] as const))('%s: exact', (_id, target) => {
    const out = target.emit(rule, { lenient: false });
    expect(out.approximations).toEqual([]);
    const run = target.compile(target.parse(out.text, `rule${target.extension}`), { now: NOW });
    expect(PROBES.map((e) => run(target.project(e)).matched)).toEqual(PROBES.map((e) => reference(e, { now: NOW }).matched));
  });

  it('eql: refused, naming the lower-case spelling', () => {
    expect(() => eql.emit(rule, { lenient: false })).toThrow(/Elastic Defend writes the integrity level in lower case/);
    expect(eql.emit(rule, { lenient: true }).approximations).toHaveLength(1);
  });
});

describe('hand-written rules import the level', () => {
  it.each<readonly [string, Target<unknown>, string, readonly boolean[]]>([
    // PROBES: High, high, System, Medium, Low, S-1-16-12288, "", null, missing
    ['Sigma IntegrityLevel list with a label SID', sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    IntegrityLevel:\n      - 'High'\n      - 'S-1-16-12288'\n  condition: s\n", [true, true, false, false, false, true, false, false, false]],
    ['KQL ProcessIntegrityLevel == "System"', kql, 'DeviceProcessEvents\n| where ProcessIntegrityLevel == "System"', [false, false, true, false, false, false, false, false, false]],
    ["Elastic's == on the lower-case name", eql, 'process where process.Ext.token.integrity_level_name == "high"', [true, true, false, false, false, false, false, false, false]],
    ['== on a capitalised name: never in ECS', eql, 'process where process.Ext.token.integrity_level_name == "High"', [false, false, false, false, false, false, false, false, false]],
    ['in with a label SID compared as is', eql, 'process where process.Ext.token.integrity_level_name in ("system", "S-1-16-12288")', [false, false, true, false, false, true, false, false, false]],
    ['not ==', eql, 'process where not process.Ext.token.integrity_level_name == "medium"', [true, true, true, false, true, true, true, true, true]],
  ])('%s', (_what, target, text, expected) => {
    expect(nativeVerdicts(target, text, PROBES)).toEqual(expected);
    expect(importedVerdicts(target, text, PROBES)).toEqual(expected);
  });

  it.each([
    'process where process.Ext.token.integrity_level_name like "hi*"',
    'process where startsWith(process.Ext.token.integrity_level_name, "hi")',
    'process where process.Ext.token.integrity_level_name regex "hi.*"',
  ])('a case-sensitive pattern is refused: %s', (text) => {
    expect(() => eql.importRule(eql.parse(text, 'q.eql'), 'q.eql')).toThrow(/lower case where Sysmon and Defender write High/);
  });
});
