import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { SourceError } from '../../src/diagnostics.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import type { Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * A Sigma test on one entry of `Hashes` imports as tests on the hash fields that are exact over
 * Sysmon's joined rendering (src/targets/sigma/import-hashes.ts): on any event whose hashes are
 * hex digits, as every schema writes them (src/ir/hex-fields.ts), empty or of any length and
 * case, and for any needle (entry names, `=`, commas), the imported rule and Sigma's own
 * evaluator on the projected event agree, or the import refuses (a needle with a comma, or a
 * `cased` one whose entry name is not in Sysmon's upper case).
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const sigma = targetById('sigma') as Target<unknown>;
const runs = fuzzRuns(300);

const PIECES = ['SHA1=', 'MD5=', 'SHA256=', 'IMPHASH=', 'sha256=', 'Md5=', 'S', 'SH', 'H=', '=', ',', 'a', 'A', 'ab', '0', ''];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((p) => p.join(''));
const HEX_PIECES = ['a', 'A', 'ab', '0', 'f0', 'F', ''];
const hexText = fc.array(fc.constantFrom(...HEX_PIECES), { maxLength: 4 }).map((p) => p.join(''));
const HASH_FIELDS = ['process.hash.sha1', 'process.hash.md5', 'process.hash.sha256', 'process.pe.imphash'];
const eventArb: fc.Arbitrary<LogicalEvent> = fc
  .array(fc.option(hexText, { nil: undefined }), { minLength: 4, maxLength: 4 })
  .map((vs) => {
    const e: Record<string, string> = { kind: 'process_creation' };
    vs.forEach((v, i) => {
      if (v !== undefined) e[HASH_FIELDS[i] as string] = v;
    });
    return e as LogicalEvent;
  });
const needleArb = fc.tuple(fc.constantFrom('SHA1=', 'MD5=', 'SHA256=', 'IMPHASH=', 'md5=', 'Imphash='), text.filter((t) => !t.includes("'"))).map(([p, x]) => p + x);
const modifiersArb = fc.constantFrom('', '|contains', '|startswith', '|endswith', '|contains|cased', '|endswith|cased', '|cased');

describe('Sigma Hashes entry tests import exactly', () => {
  it('agree with Sigma on the projected event, or refuse', () => {
    fc.assert(
      fc.property(modifiersArb, fc.array(needleArb, { minLength: 1, maxLength: 2 }), fc.array(eventArb, { minLength: 1, maxLength: 6 }), (mods, needles, events) => {
        const values = needles.map((n) => `\n      - '${n}'`).join('');
        const text = `title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n  s:\n    Hashes${mods}:${values}\n  condition: s\n`;
        let imported;
        try {
          imported = sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml');
        } catch (err) {
          if (err instanceof SourceError && /Hashes cannot be imported/.test(err.message) && needles.some((n) => n.includes(',') || (mods.includes('cased') && !/^(SHA1|MD5|SHA256|IMPHASH)=/.test(n)))) return;
          throw err;
        }
        const native = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
        const reference = compileRule(imported);
        for (const e of events) expect(reference(e, { now: NOW }).matched).toBe(native(sigma.project(e)).matched);
      }),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
  });
});
