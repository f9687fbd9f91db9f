import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import type { Target } from '../../../../src/targets/contract.js';
import { targetById } from '../../../../src/targets/registry.js';

/**
 * Sysmon's `Hashes` joins the image's hashes as `ALGO=hex` entries (`SHA1=...,MD5=...,
 * SHA256=...,IMPHASH=...`); the rule model keeps the SHA-256 (`process.hash.sha256`), and a
 * projected event's Hashes is `SHA256=<sha256>`. Tests on the SHA256= entry import; others are
 * refused (src/targets/sigma/import-hashes.ts).
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const sigma = targetById('sigma') as Target<unknown>;
const SHA = 'a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817063e21';
const proc = (sha: string | undefined): LogicalEvent => (sha === undefined ? { kind: 'process_creation' } : { kind: 'process_creation', 'process.hash.sha256': sha });
const PROBES: readonly LogicalEvent[] = [
  proc(SHA),
  proc(SHA.toUpperCase()),
  proc(`${SHA}00`),
  proc(`00${SHA}`),
  proc(`x,SHA256=${SHA}`),
  proc(''),
  proc(undefined),
];
const rule = (item: string): string => `title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    ${item}\n  condition: s\n`;

describe('Hashes tests on the SHA256= entry import as process.hash.sha256', () => {
  it.each<readonly [string, readonly boolean[]]>([
    // PROBES: sha, SHA (upper case), sha+00, 00+sha, "x,SHA256="+sha, "", none
    [`Hashes|contains: 'SHA256=${SHA}'`, [true, true, true, false, true, false, false]],
    [`Hashes|contains|cased: 'SHA256=${SHA}'`, [true, false, true, false, true, false, false]],
    [`Hashes: 'SHA256=${SHA}'`, [true, true, false, false, false, false, false]],
    [`Hashes|startswith: 'SHA256=${SHA}'`, [true, true, true, false, false, false, false]],
    [`Hashes|endswith: 'SHA256=${SHA}'`, [true, true, false, false, true, false, false]],
    [`Hashes|contains: 'sha256='`, [true, true, true, true, true, true, false]],
    [`Hashes|contains:\n      - 'SHA256=${SHA}'\n      - 'SHA256=00'`, [true, true, true, true, true, false, false]],
  ])('%s', (item, expected) => {
    const text = rule(item);
    const native = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
    expect(PROBES.map((e) => native(sigma.project(e)).matched)).toEqual(expected);
    const imported = sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml');
    expect(JSON.stringify(imported.condition)).toContain('process.hash.sha256');
    const reference = compileRule(imported);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(expected);
  });

  it.each([`Hashes|contains: 'MD5=0123456789abcdef'`, `Hashes|contains: 'IMPHASH=0123'`, `Hashes|re: 'SHA256=[0-9a-f]{64}'`, `Hashes|contains: '${SHA}'`])(
    'refused: %s',
    (item) => {
      expect(() => sigma.importRule(sigma.parse(rule(item), 'r.yml'), 'r.yml')).toThrow(/Hashes cannot be imported: .*only equals, contains, startswith and endswith on a needle starting with SHA256=/);
    },
  );
});
