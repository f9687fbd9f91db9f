import { describe, expect, it } from 'vitest';
import { asciiBothCases, asciiCaseless } from '../../src/semantics/ascii-caseless.js';
import { checkPortableRegex, compileRegex } from '../../src/semantics/regex.js';

const search = (pattern: string, value: string, caseInsensitive = false): boolean =>
  compileRegex(pattern, { caseInsensitive, multiline: false, dotAll: false }).test(value);

const INSENSITIVE_TABLE: readonly (readonly [string, string, boolean, boolean])[] = [
    // A search, not anchored (KQL `matches regex`, Sigma `re`).
    ['stop', 'net stop x', false, true],
    ['^stop', 'net stop x', false, false],
    // Case-sensitive unless the predicate says otherwise.
    ['WinDefend', 'windefend', false, false],
    ['WinDefend', 'windefend', true, true],
    // Insensitive folds ASCII only, as every insensitive operator does.
    ['é', 'É', true, false],
    ['k', '\u212a', true, false], // Kelvin sign
    ['s', '\u017f', true, false], // long s
    ['[a-c]x', 'BX', true, true],
    ['[^a]', 'A', true, false],
    ['[^a]', 'b', true, true],
    ['\\d+', '123', true, true],
    ['\\D', 'a', true, true],
    ['\\W', 'A', true, false],
    ['(?:ab)+', 'ABAB', true, true],
    // A `-` last in a class is literal, before and after the other case is added.
    ['[a-]', 'A', true, true],
    ['[a-]', '-', true, true],
    ['[a-]', 'b', true, false],
    ['[^-a]', 'A', true, false],
];

describe('rule regexes', () => {
  it.each(INSENSITIVE_TABLE)('%j on %j (insensitive %s) → %s', (pattern, value, insensitive, expected) => {
    expect(search(pattern, value, insensitive)).toBe(expected);
  });

  // What emitters write for engines whose `(?i)` folds Unicode (Kusto): no flag, both cases spelled.
  it.each(INSENSITIVE_TABLE.filter(([, , insensitive]) => insensitive))('both-cases rewrite of %j, matched case-sensitively on %j → %s', (pattern, value, _insensitive, expected) => {
    expect(search(asciiBothCases(pattern), value, false)).toBe(expected);
  });

  it('the caseless rewrite (matched against the folded value) keeps escapes, group heads and non-ASCII text', () => {
    expect(asciiCaseless('A\\D')).toBe('a\\D');
    expect(asciiCaseless('(?:X)')).toBe('(?:x)');
    expect(asciiCaseless('[a-c\\w]')).toBe('[a-c\\wA-C]');
    expect(asciiCaseless('é')).toBe('é');
    expect(asciiCaseless('[]a]')).toBe('[]aA]');
    expect(asciiBothCases('s\\S[^k]')).toBe('[sS]\\S[^kK]');
  });

  it('extract returns the group from the original text, not a folded copy', () => {
    const re = compileRegex('name=(\\w+)', { caseInsensitive: true, multiline: false, dotAll: false });
    expect(re.extract('NAME=WinDefend', 1)).toBe('WinDefend');
  });

  it.each([
    ['(a)\\1', 'back-reference'],
    ['(?=a)', 'look-around'],
    ['(?i)a', 'inline flags'],
    ['\\bword\\b', '\\b'],
    ['a++', 'possessive'],
    ['[[:alpha:]]', 'POSIX'],
    ['a\\', 'lone backslash'],
  ])('%j is rejected as not portable (%s)', (pattern, what) => {
    const problem = checkPortableRegex(pattern);
    expect(problem, what).toBeDefined();
  });

  it('a catastrophic pattern for backtracking engines runs in linear time', () => {
    // No timing assertion: the point is that it finishes at all with a long input.
    expect(search('(a+)+$', `${'a'.repeat(50_000)}!`)).toBe(false);
  });
});
