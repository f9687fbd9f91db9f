import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../../src/semantics/regex.js';
import { compileGlob, parseGlob } from '../../../src/semantics/wildcard.js';
import { foldAscii } from '../../../src/semantics/fold.js';
import { globRegex, kqlIdentifier, kqlString, regexLiteral } from '../../../src/targets/kql/escape.js';
import { compileKql } from '../../../src/targets/kql/evaluate.js';
import { parseKql } from '../../../src/targets/kql/parse.js';
import { kustoToRe2 } from '../../../src/targets/kql/regex-dialect.js';
import { HOSTILE_PIECES } from '../../property/arbitraries.js';
import { kustoErrors } from './kusto-language-service.js';

/** Any value, written as a KQL literal, reads back as itself: in our parser and in Microsoft's. */
const piece = fc.oneof(
  fc.constantFrom(...HOSTILE_PIECES, 'K', '\u212a', '\u017f', 'ſ', '\r', '\u0000', '\u007f', '😀', 'a', 'S', 'k', '.', '^', '$', '(', ')', '+'),
  fc.string({ maxLength: 3 }),
);
const hostile = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));

describe('kqlString', () => {
  // kql.md, String literals: verbatim @"..." for backslashes (quote doubled), else escapes.
  it.each([
    ['plain', '"plain"'],
    ['C:\\Windows\\', '@"C:\\Windows\\"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\say "hi"', '@"C:\\say ""hi"""'],
    ['line\nbreak', '"line\\nbreak"'],
    ['C:\\x\ny', '"C:\\\\x\\ny"'],
    ['tab\t', '"tab\\t"'],
    ['é–ß', '"é–ß"'],
    ['\u0001', '"\\u0001"'],
  ])('%j is written %s', (value, literal) => {
    expect(kqlString(value)).toBe(literal);
  });

  it('reads back as the same value in our parser', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const q = parseKql(`DeviceProcessEvents | where FileName == ${kqlString(value)}`, 'q.kql');
        expect(compileKql(q, { now: 0 })({ FileName: value }).matched).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("is a valid literal for Microsoft's parser", () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(kustoErrors(`DeviceProcessEvents | where FileName == ${kqlString(value)}`)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('kqlIdentifier', () => {
  it.each([
    ['StopMethod', 'StopMethod'],
    ['where', "['where']"],
    ['has space', "['has space']"],
    ["it's", "['it\\'s']"],
  ])('%j is written %s', (name, text) => {
    expect(kqlIdentifier(name)).toBe(text);
  });
});

describe('regexes written for Kusto mean what the rule model means', () => {
  // The rule model folds ASCII only; Kusto's (?i) folds Unicode (KELVIN SIGN ~ k, LONG S ~ s).
  it.each([
    ['k', '\u212a', false],
    ['s', '\u017f', false],
    ['é', 'É', false],
    ['SC', 'sc', true],
    ['a.b', 'aXb', false],
  ])('literal %j under (?i) on %j: %s', (literal, value, want) => {
    const re = compileRegex(kustoToRe2(`(?i)^${regexLiteral(literal, true)}$`));
    expect(re.test(value)).toBe(want);
  });

  it('a glob as a regex matches exactly where the glob does (both case rules)', () => {
    const globPiece = fc.oneof(piece, fc.constantFrom('*', '?', '\\*', '\\?', '\\\\'));
    fc.assert(
      fc.property(fc.array(globPiece, { maxLength: 6 }).map((p) => p.join('')), hostile, fc.boolean(), (glob, value, insensitive) => {
        const tokens = parseGlob(insensitive ? foldAscii(glob) : glob);
        // Astral characters are one code point to a regex but two code units to the glob: left out.
        fc.pre(!/[\ud800-\udfff]/.test(glob + value));
        const want = compileGlob(tokens)(insensitive ? foldAscii(value) : value);
        const got = compileRegex(kustoToRe2(globRegex(parseGlob(glob), insensitive))).test(value);
        expect(got).toBe(want);
      }),
      { numRuns: 1000 },
    );
  });
});
