import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { asciiCaseless } from '../../src/semantics/ascii-caseless.js';
import { readPortableRegex } from '../../src/semantics/portable-syntax.js';
import { checkPortableRegex, compileRegex, nonPortableConstruct } from '../../src/semantics/regex.js';
import { checkSigmaRegex } from '../../src/targets/sigma/sigma-regex.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';
import { portablePattern as pattern } from './portable-patterns.js';

/**
 * The reader stands in for compiling with re2js, so it must never vouch for a pattern re2js
 * refuses, nor misjudge whether a pattern matches ''. The reverse (it refuses, re2js compiles)
 * costs only a compile; inside the portable subset it should not happen either.
 */
const runs = fuzzRuns(1500);

/** re2js's verdict with each flag set the rule model uses; undefined when it compiles. */
function re2jsError(pattern: string): string | undefined {
  try {
    for (const flags of [0, RE2JS.MULTILINE, RE2JS.DOTALL]) RE2JS.compile(pattern, flags);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('readPortableRegex vouches only for what re2js compiles', () => {
  it('accepts ⇒ re2js compiles (each flag set), and matchesEmpty is what re2js finds in ""', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        const shape = readPortableRegex(p);
        if (shape === undefined) return;
        expect(re2jsError(p)).toBeUndefined();
        expect(RE2JS.compile(p).matcher('').find()).toBe(shape.matchesEmpty);
      }),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
  });

  it('accepts the case-folded form ⇒ the evaluator compiles the pattern case-insensitively', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        if (readPortableRegex(asciiCaseless(p)) === undefined) return;
        expect(() => compileRegex(p, { caseInsensitive: true, multiline: false, dotAll: false })).not.toThrow();
      }),
      { numRuns: runs, seed: fuzzSeed(20261131) },
    );
  });

  it('refuses a portable pattern only when re2js refuses it too', () => {
    fc.assert(
      fc.property(pattern, (p) => {
        if (nonPortableConstruct(p) !== undefined || readPortableRegex(p) !== undefined) return;
        expect(re2jsError(p)).toBeDefined();
      }),
      { numRuns: runs, seed: fuzzSeed(20261132) },
    );
  });

  it('leaves checkPortableRegex and checkSigmaRegex saying what compiling says', () => {
    fc.assert(
      fc.property(pattern, fc.boolean(), (p, caseInsensitive) => {
        const error = re2jsError(p);
        const construct = nonPortableConstruct(p);
        expect(checkPortableRegex(p)).toEqual(construct ?? (error === undefined ? undefined : { message: `invalid regex: ${error}`, offset: 0 }));
        const sigma = checkSigmaRegex(p, { caseInsensitive, multiline: false, dotAll: false });
        if (error !== undefined) expect(sigma).toBeDefined();
        if (sigma === undefined && caseInsensitive) expect(() => compileRegex(p, { caseInsensitive, multiline: false, dotAll: false })).not.toThrow();
      }),
      { numRuns: runs, seed: fuzzSeed(20261133) },
    );
  });
});

describe('readPortableRegex on the constructs re2js refuses (RE2 syntax)', () => {
  it.each([
    ['[z-a]', 'invalid character class range'],
    ['[a-\\d]', 'invalid escape sequence'],
    ['a{2,1}', 'invalid repeat count'],
    ['a{1001}', 'invalid repeat count'],
    ['a{123456789}', 'invalid repeat count'],
    ['(?:a{100}){11}', 'invalid repeat count'],
    ['((a{10}){10}){11}', 'invalid repeat count'],
    ['a**', 'invalid nested repetition operator'],
    ['a*??', 'invalid nested repetition operator'],
    ['a{2}{3}', 'invalid nested repetition operator'],
    ['a{2}*', 'invalid nested repetition operator'],
    ['*a', 'missing argument to repetition operator'],
    ['a|*', 'missing argument to repetition operator'],
    ['(+)', 'missing argument to repetition operator'],
    ['{2}', 'missing argument to repetition operator'],
    ['(a', 'missing closing )'],
    ['a)', 'unexpected )'],
    ['[a', 'missing closing ]'],
    ['[]', 'missing closing ]'],
    ['[a-', 'missing closing ]'],
    ['\\é', 'invalid escape sequence'],
  ])('%s is refused by both (re2js: %s)', (p, error) => {
    expect(readPortableRegex(p)).toBeUndefined();
    expect(re2jsError(p)).toContain(error);
    expect(checkPortableRegex(p)?.message).toContain(error);
  });

  it.each([
    // `{` spelling no repeat is a literal; a leading zero spells none.
    ['a{', false],
    ['a{,3}', false],
    ['a{01}', false],
    ['a{1,', false],
    ['{,}', false],
    // `]` first in a class and `-` last are literal; a class escape may sit before `-`.
    ['[]a]', false],
    ['[^]a]', false],
    ['[a-]', false],
    ['[\\d-z]', false],
    // Empty alternatives and groups match ''; so do anchors and zero-count repeats.
    ['a|', true],
    ['()', true],
    ['(?:)*', true],
    ['^$', true],
    ['a{0}', true],
    ['(?:a{1000}){0,1}', true],
    ['(?:a{10}){100}', false],
    ['a*?b+?', false],
    ['[^\\s\\S]*', true],
  ])('%s is read (matches "": %s)', (p, empty) => {
    expect(re2jsError(p)).toBeUndefined();
    expect(readPortableRegex(p)).toEqual({ matchesEmpty: empty });
  });

  it('leaves long patterns to re2js rather than bound their depth', () => {
    const long = `(?:${'a|'.repeat(200)}b)`;
    expect(readPortableRegex(long)).toBeUndefined();
    expect(checkPortableRegex(long)).toBeUndefined();
  });
});
