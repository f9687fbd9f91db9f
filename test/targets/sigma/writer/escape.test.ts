import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { termMatch } from '../../../../src/semantics/term.js';
import { compileRegex } from '../../../../src/semantics/regex.js';
import { parseGlob, type GlobToken } from '../../../../src/semantics/wildcard.js';
import { quote } from '../../../../src/targets/sigma/emit-yaml.js';
import { regexLiteral, sigmaGlob, sigmaLiteral, termRegex, termRegexOfAny } from '../../../../src/targets/sigma/escape.js';
import { hostileString } from '../../../property/arbitraries.js';

/**
 * sigma.md "Detection", the escaping table: `\*` and `\?` are literal, `\\` is one backslash, a
 * backslash before anything else is literal. The expected texts below are written from that
 * table; each is also read back with the shared glob reader the Sigma evaluator uses.
 */
describe('literal text as a Sigma value', () => {
  it.each([
    ['plain text stays', 'sc.exe', 'sc.exe'],
    ['a backslash before a letter is literal, written once', 'C:\\Windows\\System32', 'C:\\Windows\\System32'],
    ['a literal star is escaped', 'a*', 'a\\*'],
    ['a literal question mark is escaped', 'prog?.exe', 'prog\\?.exe'],
    ['a backslash before a literal star is doubled, then the star escaped', 'a\\*', 'a\\\\\\*'],
    ['a trailing backslash is doubled (a modifier may append a wildcard after it)', 'C:\\', 'C:\\\\'],
    ['two backslashes are two doubled backslashes', '\\\\', '\\\\\\\\'],
    ['a backslash before a literal question mark', 'x\\?', 'x\\\\\\?'],
    ['quotes and YAML characters are not Sigma syntax', `it's "x" #: -`, `it's "x" #: -`],
    ['the empty string', '', ''],
  ])('%s: %j → %j', (_what, text, written) => {
    expect(sigmaLiteral(text)).toBe(written);
    expect(parseGlob(written)).toEqual(text === '' ? [] : [{ kind: 'text', text }]);
  });

  it('reads back as the same literal for any text', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        expect(parseGlob(sigmaLiteral(text))).toEqual(text === '' ? [] : [{ kind: 'text', text }]);
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe('globs as Sigma values', () => {
  const any: GlobToken = { kind: 'any' };
  const one: GlobToken = { kind: 'one' };
  const text = (t: string): GlobToken => ({ kind: 'text', text: t });
  it.each([
    ['a backslash then a wildcard: the backslash is doubled', [text('a\\'), any], 'a\\\\*'],
    ['one character', [text('prog'), one, text('.exe')], 'prog?.exe'],
    ['a literal star between wildcards', [any, text('*'), any], '*\\**'],
    ['a path with a wildcard directory', [text('C:\\Windows\\'), any, text('\\cmd.exe')], 'C:\\Windows\\\\*\\cmd.exe'],
  ] as const)('%s', (_what, tokens, written) => {
    expect(sigmaGlob(tokens)).toBe(written);
    expect(parseGlob(written)).toEqual(tokens);
  });

  it('any glob of the rule file reads back the same after writing', () => {
    fc.assert(
      fc.property(hostileString, (pattern) => {
        const tokens = parseGlob(pattern);
        expect(parseGlob(sigmaGlob(tokens))).toEqual(tokens);
      }),
      { numRuns: 2000, seed: 8 },
    );
  });
});

describe('term match as a regex (Sigma has no term operator)', () => {
  it.each([
    ['stop', '(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)', true, true],
    ['Stop-', '(?:^|[^0-9A-Za-z])Stop-', true, false],
    ['.ps1', '\\.ps1(?:[^0-9A-Za-z]|$)', false, true],
    ['a+b(c)', '(?:^|[^0-9A-Za-z])a\\+b\\(c\\)', true, true],
  ])('%j → %j', (needle, regex, left, right) => {
    expect(termRegex(needle, left, right)).toBe(regex);
  });

  it('needles with the same boundaries share one regex', () => {
    expect(termRegexOfAny(['vss', 'wbengine', 'MSSQL$', 'vss'], true, true)).toEqual([
      '(?:^|[^0-9A-Za-z])(?:vss|wbengine)(?:[^0-9A-Za-z]|$)',
      '(?:^|[^0-9A-Za-z])MSSQL\\$',
    ]);
  });

  it('the shared regex finds what any of its needles finds', () => {
    fc.assert(
      fc.property(hostileString, fc.array(hostileString, { minLength: 1, maxLength: 4 }), (value, needles) => {
        const found = termRegexOfAny(needles, true, true).some((r) => compileRegex(r).test(value));
        expect(found).toBe(needles.some((n) => termMatch(value, n)));
      }),
      { numRuns: 3000, seed: 12 },
    );
  });

  it.each([
    ['both', true, true],
    ['left', true, false],
    ['right', false, true],
  ] as const)('agrees with semantics/term.ts (%s boundary) on hostile text', (boundary, left, right) => {
    fc.assert(
      fc.property(hostileString, hostileString, (value, needle) => {
        const re = compileRegex(termRegex(needle, left, right));
        expect(re.test(value)).toBe(termMatch(value, needle, boundary));
      }),
      { numRuns: 3000, seed: 9 },
    );
  });

  it('regexLiteral matches exactly its text', () => {
    fc.assert(
      fc.property(hostileString, hostileString, (value, text) => {
        expect(compileRegex(regexLiteral(text)).test(value)).toBe(value.includes(text));
      }),
      { numRuns: 2000, seed: 10 },
    );
  });
});

describe('YAML quoting of detection values', () => {
  it.each([
    ['a backslash stays verbatim in single quotes', '\\sc.exe', "'\\sc.exe'"],
    ['a single quote is doubled', "it's", "'it''s'"],
    ['a line break needs double quotes', 'a\nb', '"a\\nb"'],
    ['a tab needs double quotes', 'a\tb', '"a\\tb"'],
    ['a backslash inside double quotes is escaped', 'a\\\n', '"a\\\\\\n"'],
  ])('%s', (_what, text, written) => {
    expect(quote(text)).toBe(written);
    expect(parse(`v: ${written}`)).toEqual({ v: text });
  });

  it('any text reads back the same', () => {
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary' })), (text) => {
        expect(parse(`v: ${quote(text)}`)).toEqual({ v: text });
      }),
      { numRuns: 2000, seed: 11 },
    );
  });
});
