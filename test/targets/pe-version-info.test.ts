import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { literals, match, type Condition } from '../../src/ir/condition.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import type { Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { kustoErrors } from './kql/kusto-language-service.js';
import { ruleWith } from './kql/rule-factory.js';
import { itIsExactOn, itIsExactOnEveryTarget } from './exact-everywhere.js';

/**
 * The PE version-info strings of a new process (README "Fields"), written from the schemas:
 * - Sysmon event 1 records `Description`, `Product`, `Company` (and `OriginalFileName`) for the
 *   created image only — there are no parent counterparts;
 * - Defender's DeviceProcessEvents has `ProcessVersionInfoFileDescription`,
 *   `ProcessVersionInfoProductName`, `ProcessVersionInfoCompanyName`;
 * - ECS nests them under `process.pe`: `description`, `product`, `company`.
 * Each is one field holding the same text in all three, so every form is exact both ways.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const proc = (fields: Record<string, string | null>): LogicalEvent => ({ kind: 'process_creation', ...fields });
const SEVEN_ZIP = proc({
  'process.executable': 'C:\\Users\\a\\AppData\\Local\\Temp\\zz.exe',
  'process.pe.description': '7-Zip Console',
  'process.pe.product': '7-Zip',
  'process.pe.company': 'Igor Pavlov',
});

const FIELDS: readonly (readonly [logical: string, sysmon: string, defender: string])[] = [
  ['process.pe.description', 'Description', 'ProcessVersionInfoFileDescription'],
  ['process.pe.product', 'Product', 'ProcessVersionInfoProductName'],
  ['process.pe.company', 'Company', 'ProcessVersionInfoCompanyName'],
];

describe('one process in each schema', () => {
  it.each(FIELDS)('%s is Sysmon %s and Defender %s', (logical, sysmonField, defenderColumn) => {
    const value = SEVEN_ZIP[logical] as string;
    expect(sigma.project(SEVEN_ZIP)).toMatchObject({ EventID: 1, [sysmonField]: value });
    expect(kql.project(SEVEN_ZIP)).toMatchObject({ [defenderColumn]: value });
    const key = logical.split('.').pop() as string;
    expect(eql.project(SEVEN_ZIP)).toMatchObject({ process: { pe: { [key]: value } } });
  });

  it.each([sigma, kql, eql].map((t) => [t.id, t] as const))('%s: back from the native shape, the same three strings', (_id, t) => {
    const back = t.unproject(JSON.parse(JSON.stringify(t.project(SEVEN_ZIP))) as JsonObject);
    for (const [logical] of FIELDS) expect(back[logical]).toBe(SEVEN_ZIP[logical]);
  });

  it('null is left out, as a field the source did not write', () => {
    expect(sigma.project(proc({ 'process.pe.description': null }))).not.toHaveProperty('Description');
  });
});

const on = (field: string, op: MatchOperator, value: string, caseRule: 'sensitive' | 'insensitive'): Condition =>
  op === 'exists' ? match({ field, op }) : match({ field, op, values: literals([value]), caseRule });

const PROBES: readonly LogicalEvent[] = [
  SEVEN_ZIP,
  proc({ 'process.pe.description': '7-ZIP CONSOLE', 'process.pe.product': '7-zip', 'process.pe.company': 'igor pavlov' }),
  proc({ 'process.pe.description': 'WinRAR archiver', 'process.pe.product': 'WinRAR', 'process.pe.company': 'Alexander Roshal' }),
  proc({ 'process.pe.description': '', 'process.pe.product': '', 'process.pe.company': '' }),
  proc({ 'process.pe.description': null }),
  proc({ 'process.command_line': '7-Zip Console Igor Pavlov' }),
];

/** The form each target writes (kql.md, sigma.md, eql.md) for one field each. */
describe.each<readonly [string, string, MatchOperator, string, 'sensitive' | 'insensitive', { kql: string; sigma: string; eql: string }]>([
  ['description contains', 'process.pe.description', 'contains', '7-Zip', 'insensitive', { kql: 'ProcessVersionInfoFileDescription contains "7-Zip"', sigma: "Description|contains: '7-Zip'", eql: 'process.pe.description : "*7-Zip*"' }],
  ['product equals, cased', 'process.pe.product', 'equals', '7-Zip', 'sensitive', { kql: 'ProcessVersionInfoProductName == "7-Zip"', sigma: "Product|cased: '7-Zip'", eql: 'process.pe.product == "7-Zip"' }],
  ['company startswith', 'process.pe.company', 'startswith', 'igor', 'insensitive', { kql: 'ProcessVersionInfoCompanyName startswith "igor"', sigma: "Company|startswith: 'igor'", eql: 'process.pe.company : "igor*"' }],
  ['description term', 'process.pe.description', 'term', 'Console', 'insensitive', { kql: 'ProcessVersionInfoFileDescription has "Console"', sigma: 'Description|re|i', eql: 'process.pe.description regex~' }],
])('%s', (_what, field, op, value, caseRule, forms) => {
  itIsExactOnEveryTarget(ruleWith({ condition: on(field, op, value, caseRule) }), PROBES, forms);
});

describe('company exists', () => {
  const rule = ruleWith({ condition: on('process.pe.company', 'exists', '', 'insensitive') });
  const reference = compileRule(rule);
  const want = PROBES.map((e) => reference(e, { now: NOW }).matched);

  itIsExactOn(rule, PROBES, { sigma: 'Company|exists: true', eql: 'process.pe.company != null' });

  // KQL's exists on a text column is the one declared gap (README "The three languages"):
  // isnotempty reads the empty strings as missing, everything else agrees.
  it('kql declares it and differs only on empty strings', () => {
    const out = kql.emit(rule, { lenient: true });
    expect(out.approximations).not.toEqual([]);
    expect(out.text).toContain('ProcessVersionInfoCompanyName');
    expect(kustoErrors(out.text)).toEqual([]);
    const run = kql.compile(kql.parse(out.text, 'rule.kql'), { now: NOW });
    expect(PROBES.map((e) => run(kql.project(e)).matched)).toEqual(PROBES.map((e, i) => (e['process.pe.company'] === '' ? false : want[i])));
  });
});

describe('hand-written rules import the fields', () => {
  it.each<readonly [string, Target<unknown>, string, string, MatchOperator]>([
    ['Sigma Description|contains', sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    Description|contains: '7-Zip'\n  condition: s\n", 'process.pe.description', 'contains'],
    ['Sigma Product', sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    Product: '7-Zip'\n  condition: s\n", 'process.pe.product', 'equals'],
    ['Sigma Company|endswith', sigma, "title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    Company|endswith: 'Pavlov'\n  condition: s\n", 'process.pe.company', 'endswith'],
    ['KQL ProcessVersionInfoFileDescription', kql, 'DeviceProcessEvents\n| where ProcessVersionInfoFileDescription has "Console"', 'process.pe.description', 'term'],
    ['KQL ProcessVersionInfoCompanyName', kql, 'DeviceProcessEvents\n| where ProcessVersionInfoCompanyName =~ "igor pavlov"', 'process.pe.company', 'equals'],
    ['EQL process.pe.product', eql, 'process where process.pe.product : "7-zip"', 'process.pe.product', 'equals'],
  ])('%s', (_what, target, text, field, op) => {
    const name = `rule${target.extension}`;
    const rule = target.importRule(target.parse(text, name), name);
    expect(rule.condition).toMatchObject({ kind: 'match', field, op });
    const reference = compileRule(rule);
    const native = target.compile(target.parse(text, name), { now: NOW });
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(PROBES.map((e) => native(target.project(e)).matched));
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toContain(true);
  });
});
