import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, type GlobToken } from '../../src/semantics/wildcard.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/*
 * The glob semantics (README, "Operators"; Sigma's wildcards): `*` is any run of characters,
 * also the empty one, `?` exactly one character, everything else itself. The oracle is the
 * same pattern as an anchored JavaScript regex over code points, built independently of the
 * matcher: each literal escaped, `*` as `.*` and `?` as `.` with the `s` and `u` flags.
 */
const oracle = (tokens: readonly GlobToken[]): RegExp =>
  new RegExp(
    `^${tokens.map((t) => (t.kind === 'any' ? '.*' : t.kind === 'one' ? '.' : t.text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&'))).join('')}$`,
    'su',
  );

// A small alphabet, so that runs overlap, repeat and meet at the value's edges, with an
// astral character (a surrogate pair) for `?` to count once.
const char = fc.constantFrom('a', 'b', 'ab', '\\', '😀', '\n');
const text = fc.array(char, { maxLength: 2 }).map((cs) => cs.join(''));
const token: fc.Arbitrary<GlobToken> = fc.oneof(
  { arbitrary: fc.constant<GlobToken>({ kind: 'any' }), weight: 3 },
  { arbitrary: fc.constant<GlobToken>({ kind: 'one' }), weight: 1 },
  { arbitrary: text.filter((t) => t !== '').map<GlobToken>((t) => ({ kind: 'text', text: t })), weight: 4 },
);

/** A value the pattern could match: each `*` filled with some text, each `?` with a character. */
const filled = (tokens: readonly GlobToken[]): fc.Arbitrary<string> =>
  fc.tuple(...tokens.map((t) => (t.kind === 'any' ? text : t.kind === 'one' ? char.map((c) => [...c][0]!) : fc.constant(t.text)))).map((parts) => parts.join(''));

describe('glob matching agrees with the anchored-regex reading of the same pattern', () => {
  it('for patterns of literal runs, `*` and `?`, on filled-in, cut and random values', () => {
    const patternAndValues = fc.array(token, { maxLength: 6 }).chain((tokens) =>
      fc.tuple(
        fc.constant(tokens),
        // Filled-in values match; with a character cut off either end, or a random value, they
        // mostly do not, often by little.
        fc.array(
          fc.oneof(filled(tokens), filled(tokens).map((v) => v.slice(1)), filled(tokens).map((v) => v.slice(0, -1)), text),
          { minLength: 1, maxLength: 6 },
        ),
      ),
    );
    fc.assert(
      fc.property(patternAndValues, ([tokens, values]) => {
        const test = compileGlob(tokens);
        const re = oracle(tokens);
        // Cutting a character in two leaves a lone surrogate, which the `u` regex reads differently.
        const wellFormed = (v: string): boolean => v.isWellFormed();
        for (const v of values) if (wellFormed(v)) expect(test(v), `${JSON.stringify(tokens)} on ${JSON.stringify(v)}`).toBe(re.test(v));
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed(20261130) },
    );
  });

  it('a run never matches from the middle of a surrogate pair, even where its code units would', () => {
    // `*` consumes whole characters; the run `\ude00` (a lone low surrogate) is not the second
    // half of 😀.
    const pattern: GlobToken[] = [{ kind: 'any' }, { kind: 'text', text: '\ude00' }];
    expect(compileGlob(pattern)('😀')).toBe(false);
    expect(compileGlob(pattern)('x\ude00')).toBe(true);
  });

  it.each([
    ['*ab*ab*', 'abab', true],
    ['*aba*aba*', 'ababa', false],
    ['a*a', 'a', false],
    ['a*ab', 'aab', true],
    ['*\\temp\\*.ps1', 'c:\\temp\\x.ps1', true],
    ['*\\temp\\*.ps1', 'c:\\temp.ps1', false],
  ])('%j against %j → %s (runs may not overlap; the last run ends the value)', (pattern, v, expected) => {
    // `*` splits the pattern; every other character is literal text.
    const tokens: GlobToken[] = pattern.split('*').flatMap((text, i) => [...(i > 0 ? [{ kind: 'any' } as const] : []), ...(text === '' ? [] : [{ kind: 'text', text } as const])]);
    expect(compileGlob(tokens)(v)).toBe(expected);
  });
});
