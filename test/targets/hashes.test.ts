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
 * The image hashes besides SHA-256. Sysmon event 1 lists them in `Hashes` as `ALGO=hex`
 * entries, in the order SHA1, MD5, SHA256, IMPHASH (those its configuration asks for);
 * Defender's DeviceProcessEvents has the columns `SHA1` and `MD5` (and no import hash); ECS
 * has `process.hash.md5`, `process.hash.sha1` and `process.pe.imphash`. Sigma says a hash only
 * as a test on the joined text; as every schema writes hashes in hex (src/ir/hex-fields.ts),
 * equality with a hex value is exactly "the entry, then a comma or the end of Hashes".
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const MD5 = '0cc175b9c0f1b6a831c399e269772661';
const SHA1 = '86f7e437faa5a7fce15d1ddcb9eaeaea377667b8';
const IMP = 'f34d5f2d4577ed6d9ceec516c1f5a744';
const SHA256 = 'a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817063e21';
const proc = (hashes: Record<string, string | null>): LogicalEvent => ({ kind: 'process_creation', 'process.executable': 'C:\\Users\\Public\\t.exe', ...hashes });
const ALL = proc({ 'process.hash.sha1': SHA1, 'process.hash.md5': MD5, 'process.hash.sha256': SHA256, 'process.pe.imphash': IMP });

describe('one process in each schema', () => {
  it('Sysmon Hashes in its order, Defender SHA1 and MD5 columns, ECS process.hash.* and process.pe.imphash', () => {
    expect(sigma.project(ALL)).toMatchObject({ Hashes: `SHA1=${SHA1},MD5=${MD5},SHA256=${SHA256},IMPHASH=${IMP}` });
    expect(sigma.project(proc({ 'process.hash.md5': MD5 }))).toMatchObject({ Hashes: `MD5=${MD5}` });
    expect(kql.project(ALL)).toMatchObject({ SHA1, MD5, SHA256 });
    expect(Object.values(kql.project(ALL) as JsonObject)).not.toContain(IMP);
    expect(eql.project(ALL)).toMatchObject({ process: { hash: { md5: MD5, sha1: SHA1, sha256: SHA256 }, pe: { imphash: IMP } } });
  });
  it.each([sigma, eql, kql].map((t) => [t.id, t] as const))('%s: read back the same', (id, t) => {
    const back = t.unproject(JSON.parse(JSON.stringify(t.project(ALL))) as JsonObject);
    expect(back).toMatchObject({ 'process.hash.sha1': SHA1, 'process.hash.md5': MD5, 'process.hash.sha256': SHA256 });
    expect(back['process.pe.imphash']).toBe(id === 'kql' ? undefined : IMP);
  });
});

const on = (field: string, op: MatchOperator, value: string): Condition => match({ field, op, values: literals([value]) });
const PROBES: readonly LogicalEvent[] = [
  ALL,
  proc({ 'process.hash.sha1': SHA1.toUpperCase(), 'process.hash.md5': MD5.toUpperCase(), 'process.pe.imphash': IMP.toUpperCase() }),
  proc({ 'process.hash.md5': `00${MD5.slice(2)}`, 'process.hash.sha1': `00${SHA1.slice(2)}`, 'process.pe.imphash': `00${IMP.slice(2)}` }),
  proc({ 'process.hash.sha256': SHA256 }),
  proc({ 'process.hash.md5': null, 'process.hash.sha1': null, 'process.pe.imphash': null }),
];

describe.each<readonly [string, Condition, string | undefined, string]>([
  // kql.md: =~ is case-insensitive equality; eql.md: `:` is case-insensitive equality.
  ['md5 equals', on('process.hash.md5', 'equals', MD5), `MD5 =~ "${MD5}"`, `process.hash.md5 : "${MD5}"`],
  ['sha1 equals', on('process.hash.sha1', 'equals', SHA1), `SHA1 =~ "${SHA1}"`, `process.hash.sha1 : "${SHA1}"`],
  ['imphash equals', on('process.pe.imphash', 'equals', IMP), undefined, `process.pe.imphash : "${IMP}"`],
])('%s', (_what, condition, kqlForm, eqlForm) => {
  const rule = ruleWith({ condition });
  const reference = compileRule(rule);
  const want = PROBES.map((e) => reference(e, { now: NOW }).matched);
  const entry = eqlForm.startsWith('process.pe.imphash') ? 'IMPHASH' : eqlForm.startsWith('process.hash.md5') ? 'MD5' : 'SHA1';

  itIsExactOn(rule, PROBES, { eql: eqlForm, sigma: new RegExp(`Hashes\\|contains: '${entry}=[0-9a-f]+,'[^]*Hashes\\|endswith: '${entry}=[0-9a-f]+'`), ...(kqlForm === undefined ? {} : { kql: kqlForm }) });

  it('Sigma: a hash that is not hex digits is still only declared (an entry could hold it)', () => {
    const odd = ruleWith({ condition: on(eqlForm.split(' ')[0] as string, 'equals', 'not-hex') });
    expect(() => sigma.emit(odd, { lenient: false })).toThrow(/one Hashes field/);
    expect(want).toContain(true);
  });

  if (kqlForm === undefined) {
    it('KQL: refused strictly, declared when lenient (Defender records no import hash)', () => {
      expect(() => kql.emit(rule, { lenient: false })).toThrow(/Defender has no column for process.pe.imphash/);
      expect(kql.emit(rule, { lenient: true }).approximations.map((a) => a.reason)).toEqual([expect.stringMatching(/no column for process.pe.imphash/)]);
    });
  }
});

describe('hand-written rules import them', () => {
  it.each<readonly [string, Target<unknown>, string, string]>([
    ['KQL MD5 column', kql, `DeviceProcessEvents\n| where MD5 == "${MD5}"`, 'process.hash.md5'],
    ['KQL SHA1 column', kql, `DeviceProcessEvents\n| where SHA1 in~ ("${SHA1}")`, 'process.hash.sha1'],
    ['EQL process.hash.md5', eql, `process where process.hash.md5 == "${MD5}"`, 'process.hash.md5'],
    ['EQL process.hash.sha1', eql, `process where process.hash.sha1 : "${SHA1}"`, 'process.hash.sha1'],
    ['EQL process.pe.imphash', eql, `process where process.pe.imphash : "${IMP}"`, 'process.pe.imphash'],
  ])('%s', (_what, target, text, field) => {
    const name = `rule${target.extension}`;
    const rule = target.importRule(target.parse(text, name), name);
    expect(JSON.stringify(rule.condition)).toContain(`"field":"${field}"`);
    const reference = compileRule(rule);
    const native = target.compile(target.parse(text, name), { now: NOW });
    const want = PROBES.map((e) => native(target.project(e)).matched);
    expect(want).toContain(true);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });
});
