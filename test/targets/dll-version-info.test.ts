import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { literals, match, type Condition } from '../../src/ir/condition.js';
import type { CaseRule, MatchOperator } from '../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import type { Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { ruleWith } from './kql/rule-factory.js';
import { itIsExactOn } from './exact-everywhere.js';

/**
 * The loaded module's version info and signature on an image load (README "Fields"), written
 * from the schemas:
 * - Sysmon event 7 records, for the loaded module, `OriginalFileName`, `Description`,
 *   `Product`, `Company`, `Signature` (the signer) and `SignatureStatus` (`Valid`, `Expired`,
 *   `Unavailable`, ...);
 * - ECS nests them as `dll.pe.original_file_name`, `dll.pe.description`, `dll.pe.product`,
 *   `dll.pe.company`, `dll.code_signature.subject_name`, `dll.code_signature.status`;
 * - Defender's DeviceImageLoadEvents has no version-info or signature column for the loaded
 *   file (Microsoft Learn / Azure Monitor table reference: FileName, FolderPath, SHA1, SHA256,
 *   MD5, FileSize and the InitiatingProcess* columns), so KQL cannot test them.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const load = (fields: Record<string, string | null>): LogicalEvent => ({
  kind: 'image_load',
  'process.executable': 'C:\\Users\\eve\\AppData\\Local\\Temp\\loader.exe',
  'dll.path': 'C:\\Users\\eve\\AppData\\Local\\Temp\\credui.dll',
  ...fields,
});
const CREDUI = load({
  'dll.pe.original_file_name': 'credui.dll',
  'dll.pe.description': 'Credential Manager User Interface',
  'dll.pe.product': 'Microsoft® Windows® Operating System',
  'dll.pe.company': 'Microsoft Corporation',
  'dll.code_signature.subject_name': 'Microsoft Windows',
  'dll.code_signature.status': 'Valid',
});

const FIELDS: readonly (readonly [logical: string, sysmon: string, ecs: readonly string[]])[] = [
  ['dll.pe.original_file_name', 'OriginalFileName', ['dll', 'pe', 'original_file_name']],
  ['dll.pe.description', 'Description', ['dll', 'pe', 'description']],
  ['dll.pe.product', 'Product', ['dll', 'pe', 'product']],
  ['dll.pe.company', 'Company', ['dll', 'pe', 'company']],
  ['dll.code_signature.subject_name', 'Signature', ['dll', 'code_signature', 'subject_name']],
  ['dll.code_signature.status', 'SignatureStatus', ['dll', 'code_signature', 'status']],
];

const nested = (path: readonly string[], value: string): JsonObject =>
  path.reduceRight<JsonObject | string>((inner, key) => ({ [key]: inner }), value) as JsonObject;

describe('one image load in each schema', () => {
  it.each(FIELDS)('%s is Sysmon %s and ECS %j; no Defender column', (logical, sysmonField, ecsPath) => {
    const value = CREDUI[logical] as string;
    expect(sigma.project(CREDUI)).toMatchObject({ EventID: 7, [sysmonField]: value });
    expect(eql.project(CREDUI)).toMatchObject(nested(ecsPath, value));
    expect(Object.values(kql.project(CREDUI) as JsonObject)).not.toContain(value);
  });

  it.each([sigma, eql].map((t) => [t.id, t] as const))('%s: back from the native shape, the same strings', (_id, t) => {
    const back = t.unproject(JSON.parse(JSON.stringify(t.project(CREDUI))) as JsonObject);
    for (const [logical] of FIELDS) expect(back[logical]).toBe(CREDUI[logical]);
  });
});

const on = (field: string, op: MatchOperator, value: string, caseRule: CaseRule = 'insensitive'): Condition =>
  op === 'exists' ? match({ field, op }) : match({ field, op, values: literals([value]), caseRule });

const PROBES: readonly LogicalEvent[] = [
  CREDUI,
  load({ 'dll.pe.original_file_name': 'CREDUI.DLL', 'dll.code_signature.status': 'valid', 'dll.code_signature.subject_name': 'microsoft windows' }),
  load({ 'dll.pe.original_file_name': 'wincredui.dll', 'dll.code_signature.status': 'Expired', 'dll.pe.description': 'System.Management.Automation' }),
  load({ 'dll.pe.original_file_name': '', 'dll.code_signature.status': 'Unavailable', 'dll.pe.company': '' }),
  load({ 'dll.pe.original_file_name': null }),
  load({}),
];

/** The form Sigma and EQL write (sigma.md, eql.md) for one field each; KQL has no column. */
describe.each<readonly [string, Condition, string, string]>([
  ['original file name equals', on('dll.pe.original_file_name', 'equals', 'credui.dll'), "OriginalFileName: 'credui.dll'", 'dll.pe.original_file_name : "credui.dll"'],
  ['description contains', on('dll.pe.description', 'contains', 'Automation'), "Description|contains: 'Automation'", 'dll.pe.description : "*Automation*"'],
  ['company startswith, cased', on('dll.pe.company', 'startswith', 'Microsoft', 'sensitive'), "Company|startswith|cased: 'Microsoft'", 'dll.pe.company like "Microsoft*"'],
  ['signer equals', on('dll.code_signature.subject_name', 'equals', 'Microsoft Windows'), "Signature: 'Microsoft Windows'", 'dll.code_signature.subject_name : "Microsoft Windows"'],
  ['signature status equals', on('dll.code_signature.status', 'equals', 'Expired'), "SignatureStatus: 'Expired'", 'dll.code_signature.status : "Expired"'],
  ['product exists', on('dll.pe.product', 'exists', ''), 'Product|exists: true', 'dll.pe.product != null'],
])('%s', (_what, condition, sigmaForm, eqlForm) => {
  const rule = ruleWith({ logsources: ['image_load'], condition });
  itIsExactOn(rule, PROBES, { sigma: sigmaForm, eql: eqlForm });

  it('refused in KQL: DeviceImageLoadEvents has no such column', () => {
    expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender has no column for dll\./);
  });
});

describe('hand-written Sigma rules import the fields', () => {
  it.each<readonly [string, string, string, MatchOperator]>([
    ["OriginalFileName: 'CREDUI.dll'", "OriginalFileName: 'CREDUI.dll'", 'dll.pe.original_file_name', 'equals'],
    ["Description: 'System.Management.Automation'", "Description: 'System.Management.Automation'", 'dll.pe.description', 'equals'],
    ["SignatureStatus: 'Expired'", "SignatureStatus: 'Expired'", 'dll.code_signature.status', 'equals'],
    ["Signature|contains: 'Microsoft'", "Signature|contains: 'Microsoft'", 'dll.code_signature.subject_name', 'contains'],
  ])('%s', (_what, item, field, op) => {
    const text = `title: t\nlogsource: { category: image_load, product: windows }\ndetection:\n  s:\n    ${item}\n  condition: s\n`;
    const rule = sigma.importRule(sigma.parse(text, 'rule.yml'), 'rule.yml');
    expect(rule.condition).toMatchObject({ kind: 'match', field, op });
    const reference = compileRule(rule);
    const native = sigma.compile(sigma.parse(text, 'rule.yml'), { now: NOW });
    const want = PROBES.map((e) => native(sigma.project(e)).matched);
    expect(want).toContain(true);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });

  it('the process-creation meaning is not borrowed: OriginalFileName on an image load is the module, not the process', () => {
    const text = "title: t\nlogsource: { category: image_load, product: windows }\ndetection:\n  s:\n    OriginalFileName: 'credui.dll'\n  condition: s\n";
    const rule = sigma.importRule(sigma.parse(text, 'rule.yml'), 'rule.yml');
    expect(rule.condition).toMatchObject({ field: 'dll.pe.original_file_name' });
  });
});

/**
 * `Signed` (Sysmon event 7) is `true` or `false` as text; ECS `dll.code_signature.signed` is a
 * boolean (ECS code_signature field set). The rule model has no boolean fields, so the logical
 * field holds Sysmon's text: exact in Sigma, refused by EQL with the type as the reason, and by
 * KQL for want of a column.
 */
describe('dll.code_signature.signed', () => {
  const SIGNED = [load({ 'dll.code_signature.signed': 'true' }), load({ 'dll.code_signature.signed': 'false' }), load({ 'dll.code_signature.signed': 'FALSE' }), load({})];
  const rule = ruleWith({ logsources: ['image_load'], condition: on('dll.code_signature.signed', 'equals', 'false') });

  it('is Sysmon Signed; ECS documents do not carry the text', () => {
    expect(sigma.project(SIGNED[1] as LogicalEvent)).toMatchObject({ Signed: 'false' });
    expect(JSON.stringify(eql.project(SIGNED[1] as LogicalEvent))).not.toContain('signed');
  });

  it('sigma writes Signed: false exactly and agrees on every probe', () => {
    const out = sigma.emit(rule, { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(out.text).toContain("Signed: 'false'");
    const want = SIGNED.map((e) => compileRule(rule)(e, { now: NOW }).matched);
    expect(want).toEqual([false, true, true, false]);
    const run = sigma.compile(sigma.parse(out.text, 'rule.yml'), { now: NOW });
    expect(SIGNED.map((e) => run(sigma.project(e)).matched)).toEqual(want);
  });

  it('eql refuses it, naming the boolean type', () => {
    expect(() => eql.emit(rule, { lenient: false })).toThrow(/dll.code_signature.exists/);
  });

  it('kql refuses it: no column', () => {
    expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender has no column for dll.code_signature.signed/);
  });

  it("a hand-written Signed: 'false' imports as the equality", () => {
    const text = "title: t\nlogsource: { category: image_load, product: windows }\ndetection:\n  s:\n    Signed: 'false'\n  condition: s\n";
    const imported = sigma.importRule(sigma.parse(text, 'rule.yml'), 'rule.yml');
    expect(imported.condition).toMatchObject({ kind: 'match', field: 'dll.code_signature.signed', op: 'equals', caseRule: 'insensitive' });
  });
});

/**
 * The loaded module's hashes: Sysmon event 7 joins them in one `Hashes` field in the order
 * SHA1, MD5, SHA256, IMPHASH (each when its configuration asks for it); Defender's
 * DeviceImageLoadEvents has SHA1, SHA256 and MD5 columns for the loaded file and no import
 * hash; ECS has dll.hash.sha1/md5/sha256 and dll.pe.imphash.
 */
describe('the loaded module hashes', () => {
  const SHA1 = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';
  const MD5 = '0123456789ABCDEF0123456789ABCDEF';
  const IMPHASH = '330768A4F172E10ACB6287B87289D83B';
  const HASHED = load({ 'dll.hash.sha1': SHA1, 'dll.hash.md5': MD5, 'dll.pe.imphash': IMPHASH });

  it('Sysmon joins them in its order; Defender and ECS keep one field each', () => {
    expect(sigma.project(HASHED)).toMatchObject({ Hashes: `SHA1=${SHA1},MD5=${MD5},IMPHASH=${IMPHASH}` });
    expect(kql.project(HASHED)).toMatchObject({ SHA1, MD5 });
    expect(eql.project(HASHED)).toMatchObject({ dll: { hash: { sha1: SHA1, md5: MD5 }, pe: { imphash: IMPHASH } } });
    const back = sigma.unproject(JSON.parse(JSON.stringify(sigma.project(HASHED))) as JsonObject);
    expect(back).toMatchObject({ 'dll.hash.sha1': SHA1, 'dll.hash.md5': MD5, 'dll.pe.imphash': IMPHASH });
  });

  const PROBES_H: readonly LogicalEvent[] = [
    HASHED,
    load({ 'dll.pe.imphash': IMPHASH.toLowerCase() }),
    load({ 'dll.hash.sha1': SHA1, 'dll.pe.imphash': '00000000000000000000000000000000' }),
    // Hashes are hex in every schema (src/ir/hex-fields.ts): a longer value still starts with it.
    load({ 'dll.hash.md5': MD5, 'dll.pe.imphash': `${IMPHASH}00` }),
    load({}),
  ];

  it("a hand-written Hashes|contains: 'IMPHASH=...' on an image load imports and agrees with Sigma", () => {
    const text = `title: t\nlogsource: { category: image_load, product: windows }\ndetection:\n  s:\n    Hashes|contains: 'IMPHASH=${IMPHASH}'\n  condition: s\n`;
    const rule = sigma.importRule(sigma.parse(text, 'rule.yml'), 'rule.yml');
    expect(JSON.stringify(rule.condition)).toContain('dll.pe.imphash');
    const reference = compileRule(rule);
    const native = sigma.compile(sigma.parse(text, 'rule.yml'), { now: NOW });
    const want = PROBES_H.map((e) => native(sigma.project(e)).matched);
    expect(want).toEqual([true, true, false, true, false]);
    expect(PROBES_H.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });

  describe.each<readonly [string, Condition, string, string]>([
    ['sha1 equals', on('dll.hash.sha1', 'equals', SHA1.toLowerCase()), `SHA1 =~ "${SHA1.toLowerCase()}"`, `dll.hash.sha1 : "${SHA1.toLowerCase()}"`],
  ])('%s is exact in KQL and EQL', (_what, condition, kqlForm, eqlForm) => {
    const rule = ruleWith({ logsources: ['image_load'], condition });
    const want = PROBES_H.map((e) => compileRule(rule)(e, { now: NOW }).matched);
    it.each([
      ['kql', kql, kqlForm],
      ['eql', eql, eqlForm],
    ] as const)('%s', (_id, target, form) => {
      const out = target.emit(rule, { lenient: false });
      expect(out.approximations).toEqual([]);
      expect(out.text).toContain(form);
      const run = target.compile(target.parse(out.text, `rule${target.extension}`), { now: NOW });
      expect(PROBES_H.map((e) => run(target.project(e)).matched)).toEqual(want);
      expect(want).toContain(true);
      expect(want).toContain(false);
    });
  });

  it('kql refuses the import hash: no column', () => {
    const rule = ruleWith({ logsources: ['image_load'], condition: on('dll.pe.imphash', 'equals', IMPHASH) });
    expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender has no column for dll.pe.imphash/);
  });
});
