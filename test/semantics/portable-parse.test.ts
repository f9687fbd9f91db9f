import fc from 'fast-check';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { parsePortableTree, readPortableSyntax, type PortableNode } from '../../src/semantics/portable-parse.js';
import { printRe2 } from '../../src/targets/eql/regex-ast.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';
import { portablePattern } from './portable-patterns.js';

/**
 * The one portable parser, both ways it is used: validation (no tree) and the tree the EQL
 * target prints. Its acceptance is checked against re2js in portable-syntax.test.ts; here the
 * tree is checked to mean what re2js makes of the pattern, and the rows below come from RE2's
 * syntax reference (google/re2 doc/syntax.txt) or, where it says nothing, from re2js itself,
 * which each row also asks.
 */
const runs = fuzzRuns(800);
const FLAGS = [0, RE2JS.MULTILINE, RE2JS.DOTALL] as const;

/** The tree as an RE2 pattern, compiled with the flags the pattern was read under. */
function treeMatcher(pattern: string, flags: number): (value: string) => boolean {
  const parsed = parsePortableTree(pattern, { dotAll: flags === RE2JS.DOTALL });
  if (!parsed.ok) throw new Error(`refused ${JSON.stringify(pattern)}: ${parsed.message}`);
  const re = RE2JS.compile(printRe2(parsed.tree, false), flags);
  return (value) => re.matcher(value).find();
}

const re2js = (pattern: string, flags = 0) => (value: string) => RE2JS.compile(pattern, flags).matcher(value).find();

const values = fc.array(fc.constantFrom('a', 'b', 'Z', 'k', 's', '0', '9', '5', '-', '_', ' ', ',', ':', 'z', 'é', '\u{1F600}', '\n', '\t', '\f', '\v', '.', '{', '}', '[', ']', '^', '\\', ','), { maxLength: 6 }).map((p) => p.join(''));

describe('one grammar, two uses', () => {
  it('building the tree changes no verdict: the same acceptance, refusal message and offset, and facts', () => {
    fc.assert(
      fc.property(portablePattern, (p) => {
        const { tree: _tree, ...withTree } = parsePortableTree(p, { dotAll: false }) as { tree?: PortableNode };
        const { tree: _none, ...without } = readPortableSyntax(p) as { tree?: undefined };
        expect(withTree).toEqual(without);
      }),
      { numRuns: runs, seed: fuzzSeed(20261201) },
    );
  });

  it('the tree means what re2js makes of the pattern, under each flag', () => {
    fc.assert(
      fc.property(portablePattern, fc.constantFrom(...FLAGS), fc.array(values, { minLength: 1, maxLength: 5 }), (p, flags, vs) => {
        if (!readPortableSyntax(p).ok) return;
        const tree = treeMatcher(p, flags);
        const reference = re2js(p, flags);
        for (const v of vs) if (tree(v) !== reference(v)) expect.fail(`${JSON.stringify(p)} (flags ${flags}) on ${JSON.stringify(v)}: re2js ${reference(v)}`);
      }),
      { numRuns: runs, seed: fuzzSeed(20261202) },
    );
  });
});

describe('RE2 syntax facts, read into the tree', () => {
  it.each([
    // Repeat counts (syntax.txt "Repetitions"): x{n}, x{n,}, x{n,m}; a lazy `?` after one.
    ['^a{2}$', 'aa', true],
    ['^a{2}$', 'aaa', false],
    ['^a{2,}$', 'aaaaa', true],
    ['^a{2,}$', 'a', false],
    ['^a{1,3}$', 'aaaa', false],
    ['^a{0}b$', 'b', true],
    ['^a{2}?$', 'aa', true],
    ['^(?:ab){2}$', 'abab', true],
    ['^a{1000}$', 'a'.repeat(1000), true],
    // Braces that spell no count are text (re2js's parseRepeat; syntax.txt lists no x{,n} and
    // no leading-zero count): `{01}` is not a repeat by one, `{,3}` not "at most 3".
    ['a{01}', 'a{01}', true],
    ['a{01}', 'a', false],
    ['^a{,3}$', 'a{,3}', true],
    ['^a{,3}$', 'aa', false],
    ['^a{1,01}$', 'a{1,01}', true],
    ['^a{$', 'a{', true],
    ['^x{1,$', 'x{1,', true],
    ['^{}$', '{}', true],
    ['^a{}$', 'a{}', true],
    // Class elements (syntax.txt "Character class elements"): `]` first and `-` last are members.
    ['^[]a]+$', ']a]', true],
    ['^[]a]$', 'b', false],
    ['^[^]a]$', 'b', true],
    ['^[^]a]$', ']', false],
    ['^[a-]$', '-', true],
    ['^[a-]$', 'b', false],
    ['^[-a]$', '-', true],
    ['^[a-c-e]$', '-', true],
    ['^[a-c-e]$', 'd', false],
    // A Perl class is a member, never a range's start: `[\d-z]` is a digit, `-` or `z`.
    ['^[\\d-z]$', '-', true],
    ['^[\\d-z]$', '5', true],
    ['^[\\d-z]$', 'z', true],
    ['^[\\d-z]$', 'A', false],
    ['^[.]$', '.', true],
    ['^[.]$', 'a', false],
    ['^[\\]]$', ']', true],
    // Named classes inside a class: [\D] is "not digits", [^\D] digits.
    ['^[\\D]$', 'a', true],
    ['^[\\D]$', '5', false],
    ['^[^\\D]$', '5', true],
    ['^[^\\S]$', '\t', true],
    ['^[^\\S]$', 'a', false],
    // Perl classes (syntax.txt "Perl character classes") are ASCII: \s is [\t\n\f\r ], no \v.
    ['^\\s$', '\f', true],
    ['^\\s$', '\v', false],
    ['^\\w+$', 'a_Z9', true],
    ['^\\w$', 'é', false],
    ['^\\d$', '\u0663', false],
    ['^\\D$', '\u0663', true],
    // Escapes (syntax.txt "Escape sequences"): \t \n \r, and `\` before punctuation is literal.
    ['^\\t\\n\\r$', '\t\n\r', true],
    ['^\\.$', '.', true],
    ['^\\.$', 'a', false],
    ['^\\_\\ \\-$', '_ -', true],
    ['^\\{2}$', '{2}', true],
    // `.` is any character but a line feed, without the s flag.
    ['^.$', '\n', false],
    ['^.$', '\u{1F600}', true],
  ])('%j on %j: %s', (pattern, value, want) => {
    expect(re2js(pattern)(value)).toBe(want);
    expect(treeMatcher(pattern, 0)(value)).toBe(want);
  });

  it('reads `.` as any character under the s flag', () => {
    expect(re2js('^.$', RE2JS.DOTALL)('\n')).toBe(true);
    expect(treeMatcher('^.$', RE2JS.DOTALL)('\n')).toBe(true);
  });
});

describe('RE2 syntax facts, refused', () => {
  it.each([
    // syntax.txt: counts above 1000 are rejected; so is the product of nested counted repeats.
    ['a{1001}', 'invalid repeat count'],
    ['a{2,1001}', 'invalid repeat count'],
    ['(?:a{2}){501}', 'invalid repeat count'],
    ['a{3,2}', 'invalid repeat count'],
    // Nested repetition operators (re2js: one quantifier, then at most one lazy `?`).
    ['a+{2}', 'invalid nested repetition operator'],
    ['a{2}+', 'invalid nested repetition operator'],
    ['a{2}??', 'invalid nested repetition operator'],
    ['a*{0,}', 'invalid nested repetition operator'],
    ['|{1}', 'missing argument to repetition operator'],
    ['(?:)+?*', 'invalid nested repetition operator'],
    // Escapes: a letter or digit other than the listed ones, or a non-ASCII character.
    ['\\Z', 'invalid escape sequence'],
    ['\\y', 'invalid escape sequence'],
    ['\\é', 'invalid escape sequence'],
    ['[\\é]', 'invalid escape sequence'],
    ['[a-\\w]', 'invalid escape sequence'],
    ['[b-a]', 'invalid character class range'],
    ['[^]', 'missing closing ]'],
    ['a\\', 'trailing backslash'],
  ])('%j (re2js: %s)', (pattern, error) => {
    expect(() => RE2JS.compile(pattern)).toThrow(error);
    expect(readPortableSyntax(pattern).ok).toBe(false);
    expect(parsePortableTree(pattern, { dotAll: false }).ok).toBe(false);
  });

  it.each([
    ['(?:a{2}){500}'],
    ['(?:(?:a{10}){10}){10}'],
    ['(?:a{1000}){0}'],
    ['a{1000}b{1000}'],
  ])('%j stays within 1000 copies', (pattern) => {
    expect(() => RE2JS.compile(pattern)).not.toThrow();
    expect(parsePortableTree(pattern, { dotAll: false }).ok).toBe(true);
  });

  it.each([
    // RE2 runs these; the portable subset leaves them out (semantics/regex.ts says why).
    ['(?i)a', 'only (?:...) groups are portable'],
    ['(?P<n>a)', 'only (?:...) groups are portable'],
    ['[[:alpha:]]', 'POSIX classes are not portable'],
    ['\\x41', 'escape \\x is not portable'],
    ['\\pL', 'escape \\p is not portable'],
    ['\\b', 'escape \\b is not portable'],
  ])('%j compiles in re2js and is outside the subset: %s', (pattern, message) => {
    expect(() => RE2JS.compile(pattern)).not.toThrow();
    expect(readPortableSyntax(pattern)).toMatchObject({ ok: false, message });
  });

  it.each([
    // Offsets count UTF-16 code units, as the rule loader's positions do.
    ['\u{1F600}a)', 'unexpected )', 3],
    ['ab(c', 'unbalanced (', 2],
    ['\u{1F600}[a', 'unterminated [', 2],
    ['é*+', 'invalid nested repetition operator', 2],
    ['x\\', 'lone backslash', 1],
  ])('%j is refused at its offset: %s at %i', (pattern, message, offset) => {
    expect(readPortableSyntax(pattern)).toEqual({ ok: false, message, offset });
  });

  it('nests groups up to 99 deep, as the printers walk the tree by recursion', () => {
    const nested = (depth: number) => '('.repeat(depth) + 'a' + ')'.repeat(depth);
    expect(parsePortableTree(nested(99), { dotAll: false }).ok).toBe(true);
    expect(parsePortableTree(nested(100), { dotAll: false })).toMatchObject({ ok: false, message: 'regex nested deeper than 100 groups' });
    // re2js itself goes deeper: the limit is ours, not a claim about RE2.
    expect(() => RE2JS.compile(nested(100))).not.toThrow();
  });
});
