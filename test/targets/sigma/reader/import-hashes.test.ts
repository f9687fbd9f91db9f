import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import type { Target } from '../../../../src/targets/contract.js';
import { targetById } from '../../../../src/targets/registry.js';

/**
 * Sysmon's `Hashes` joins the image's hashes as `ALGO=hex` entries, in the order `SHA1=...,
 * MD5=...,SHA256=...,IMPHASH=...` (each when its configuration asks for it); the rule model
 * has process.hash.sha1, .md5, .sha256 and process.pe.imphash, and a projected event's Hashes
 * holds the entries it has. Tests on one entry import; others are refused
 * (src/targets/sigma/import-hashes.ts). Every schema writes a hash as hex digits
 * (src/ir/hex-fields.ts), so no probe puts other text in one.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const sigma = targetById('sigma') as Target<unknown>;
const SHA = 'a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817063e21';
const MD5 = '0cc175b9c0f1b6a831c399e269772661';
const SHA1 = '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8';
const IMP = 'f34d5f2d4577ed6d9ceec516c1f5a744';
type Hashes = { sha256?: string; md5?: string; sha1?: string; imphash?: string };
const proc = (h: Hashes): LogicalEvent => ({
  kind: 'process_creation',
  ...(h.sha1 === undefined ? {} : { 'process.hash.sha1': h.sha1 }),
  ...(h.md5 === undefined ? {} : { 'process.hash.md5': h.md5 }),
  ...(h.sha256 === undefined ? {} : { 'process.hash.sha256': h.sha256 }),
  ...(h.imphash === undefined ? {} : { 'process.pe.imphash': h.imphash }),
});
const PROBES: readonly LogicalEvent[] = [
  proc({ sha256: SHA }),
  proc({ sha256: SHA.toUpperCase() }),
  proc({ sha256: `${SHA}00` }),
  proc({ sha256: `00${SHA}` }),
  proc({ sha256: '' }),
  proc({}),
];
/** Every entry at once, as a Sysmon configured with `Hashes: *` writes them. */
const FULL: readonly LogicalEvent[] = [
  proc({ sha1: SHA1, md5: MD5, sha256: SHA, imphash: IMP }),
  proc({ md5: MD5, sha256: SHA }),
  proc({ md5: MD5 }),
  proc({ sha1: SHA1, imphash: IMP }),
  proc({ sha1: SHA1, md5: '00', sha256: SHA }),
  proc({ imphash: `${IMP}00` }),
];
const rule = (item: string): string => `title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    ${item}\n  condition: s\n`;

function agree(item: string, probes: readonly LogicalEvent[], expected: readonly boolean[], field: string): void {
  const text = rule(item);
  const native = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
  expect(probes.map((e) => native(sigma.project(e)).matched)).toEqual(expected);
  const imported = sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml');
  expect(JSON.stringify(imported.condition)).toContain(field);
  const reference = compileRule(imported);
  expect(probes.map((e) => reference(e, { now: NOW }).matched)).toEqual(expected);
}

describe('Hashes tests on the SHA256= entry import as process.hash.sha256', () => {
  it.each<readonly [string, readonly boolean[]]>([
    // PROBES: sha, SHA (upper case), sha+00, 00+sha, "", none
    [`Hashes|contains: 'SHA256=${SHA}'`, [true, true, true, false, false, false]],
    [`Hashes|contains|cased: 'SHA256=${SHA}'`, [true, false, true, false, false, false]],
    [`Hashes: 'SHA256=${SHA}'`, [true, true, false, false, false, false]],
    [`Hashes|startswith: 'SHA256=${SHA}'`, [true, true, true, false, false, false]],
    [`Hashes|endswith: 'SHA256=${SHA}'`, [true, true, false, false, false, false]],
    [`Hashes|contains: 'sha256='`, [true, true, true, true, true, false]],
    [`Hashes|contains:\n      - 'SHA256=${SHA}'\n      - 'SHA256=00'`, [true, true, true, true, false, false]],
  ])('%s', (item, expected) => agree(item, PROBES, expected, 'process.hash.sha256'));
});

describe('every entry of a full Hashes: SHA1=, MD5=, SHA256=, IMPHASH=', () => {
  it.each<readonly [string, string, readonly boolean[]]>([
    // FULL: all four, md5+sha256, md5 alone, sha1+imphash, sha1+md5 "00"+sha256, imphash+"00"
    [`Hashes|contains: 'MD5=${MD5}'`, 'process.hash.md5', [true, true, true, false, false, false]],
    [`Hashes|contains: 'SHA1=${SHA1}'`, 'process.hash.sha1', [true, false, false, true, true, false]],
    [`Hashes|contains: 'IMPHASH=${IMP}'`, 'process.pe.imphash', [true, false, false, true, false, true]],
    [`Hashes|contains: 'SHA256=${SHA}'`, 'process.hash.sha256', [true, true, false, false, true, false]],
    // The entry followed by a comma: it is the whole MD5 (hashes are hex) and another entry follows.
    [`Hashes|contains: 'MD5=${MD5},'`, 'process.hash.md5', [true, true, false, false, false, false]],
    // Whole-text equality holds only when the entry is the only one Sysmon wrote.
    [`Hashes: 'MD5=${MD5}'`, 'process.hash.md5', [false, false, true, false, false, false]],
    // Hashes starts with MD5= only when no SHA1= entry comes first.
    [`Hashes|startswith: 'MD5=${MD5}'`, 'process.hash.md5', [false, true, true, false, false, false]],
    // Hashes ends with SHA256= only when no IMPHASH= entry follows.
    [`Hashes|endswith: 'SHA256=${SHA}'`, 'process.hash.sha256', [false, true, false, false, true, false]],
    [`Hashes|endswith: 'IMPHASH=${IMP}'`, 'process.pe.imphash', [true, false, false, true, false, false]],
    [`Hashes|contains: 'imphash=${IMP}'`, 'process.pe.imphash', [true, false, false, true, false, true]],
  ])('%s', (item, field, expected) => agree(item, FULL, expected, field));
});

describe('what no entry field can say is refused', () => {
  it.each([`Hashes|contains: 'CRC32=0123'`, `Hashes|contains|cased: 'imphash=${IMP}'`, `Hashes|re: 'SHA256=[0-9a-f]{64}'`, `Hashes|contains: '${SHA}'`, `Hashes|contains: 'MD5=${MD5},SHA256=${SHA}'`])(
    'refused: %s',
    (item) => {
      expect(() => sigma.importRule(sigma.parse(rule(item), 'r.yml'), 'r.yml')).toThrow(/Hashes cannot be imported: .*on a needle starting with SHA1=, MD5=, SHA256= or IMPHASH=/);
    },
  );
});

/**
 * The Sigma taxonomy names one field per hash for process creation (Taxonomy specification,
 * "Process Creation Events": `imphash`, `md5`, `sha1`, `sha256`) after Sysmon's fields, and
 * Sysmon writes them as the entries of `Hashes`: so over a Sysmon event each is its entry,
 * absent when Sysmon wrote none. SigmaHQ rules spell the import hash `Imphash`.
 */
describe('the taxonomy hash fields are the entries of Hashes', () => {
  it.each<readonly [string, string, readonly boolean[]]>([
    // FULL: all four, md5+sha256, md5 alone, sha1+imphash, sha1+md5 "00"+sha256, imphash+"00"
    [`Imphash: '${IMP}'`, 'process.pe.imphash', [true, false, false, true, false, false]],
    // Sigma's default equality folds case; SigmaHQ lists imphashes in either case.
    [`imphash: '${IMP.toUpperCase()}'`, 'process.pe.imphash', [true, false, false, true, false, false]],
    [`md5: '${MD5}'`, 'process.hash.md5', [true, true, true, false, false, false]],
    [`sha1|startswith: '86f7'`, 'process.hash.sha1', [true, false, false, true, true, false]],
    [`sha256: '${SHA}'`, 'process.hash.sha256', [true, true, false, false, true, false]],
    [`Imphash|endswith: '00'`, 'process.pe.imphash', [false, false, false, false, false, true]],
    // No IMPHASH= entry: the field is missing.
    [`Imphash: null`, 'process.pe.imphash', [false, true, true, false, true, false]],
    [`Imphash|exists: true`, 'process.pe.imphash', [true, false, false, true, false, true]],
  ])('%s', (item, field, expected) => agree(item, FULL, expected, field));

  it('an event that carries the field itself is read as it is', () => {
    const native = sigma.compile(sigma.parse(rule(`Imphash: '${IMP}'`), 'r.yml'), { now: NOW });
    expect(native({ EventID: 1, Imphash: IMP }).matched).toBe(true);
    expect(native({ EventID: 1, Imphash: MD5, Hashes: `IMPHASH=${IMP}` }).matched).toBe(false);
  });

  it('on an image load, Imphash is the loaded module\'s (Sysmon event 7 Hashes)', () => {
    const text = `title: t\nlogsource: { category: image_load, product: windows }\ndetection:\n  s:\n    Imphash: '${IMP}'\n  condition: s\n`;
    const imported = sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml');
    expect(imported.condition).toMatchObject({ kind: 'match', field: 'dll.pe.imphash', op: 'equals' });
    const loads: readonly LogicalEvent[] = [
      { kind: 'image_load', 'dll.pe.imphash': IMP },
      { kind: 'image_load', 'dll.pe.imphash': MD5 },
      { kind: 'image_load', 'dll.hash.md5': MD5 },
    ];
    const native = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
    const reference = compileRule(imported);
    expect(loads.map((e) => native(sigma.project(e)).matched)).toEqual([true, false, false]);
    expect(loads.map((e) => reference(e, { now: NOW }).matched)).toEqual([true, false, false]);
  });
});
