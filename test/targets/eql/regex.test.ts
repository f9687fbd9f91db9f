import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { compileRegex } from '../../../src/semantics/regex.js';
import { eqlString } from '../../../src/targets/eql/escape.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';
import { requiredRun } from '../../../src/semantics/regex-required.js';
import { compileLuceneRegex, parseLuceneRegex } from '../../../src/targets/eql/lucene-regex.js';
import { portableRegexToLucene } from '../../../src/targets/eql/portable-regex.js';

/**
 * The translation of the rule model's regex (an unanchored RE2 search) into Lucene's dialect
 * (whole-value match, no \d classes, `.` takes line breaks, operators @ # " < > & ~ escaped)
 * must keep every verdict. Case-insensitive runs use ASCII letters only, the only folding
 * both sides agree on (README: case-insensitive folds ASCII letters).
 */
const atoms = ['a', 'B', 'b', '1', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S', '.', '[a-c]', '[^a]', '[\\d_]', '\\*', '@', '"', '#', '-', ' ', '\\n', '~', '&', '<', '\\.', '{', '}', '[]a]'];
const regexArb: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
  re: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    fc.constantFrom(...atoms),
    fc.tuple(tie('re'), tie('re')).map(([a, b]) => a + b),
    fc.tuple(tie('re'), tie('re')).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie('re'), fc.constantFrom('*', '+', '?', '{1,2}', '{2}', '*?')).map(([a, q]) => `(${a})${q}`),
  ),
})).re;
const anchoredArb = fc.tuple(fc.boolean(), regexArb, fc.boolean()).map(([s, re, e]) => `${s ? '^' : ''}${re}${e ? '$' : ''}`);
// Anchors inside a group at either end, the shape a term test takes as a regex: (?:^|\W)x(?:\W|$).
const edgeGroupArb = fc
  .tuple(fc.option(regexArb), fc.boolean(), regexArb, fc.boolean(), fc.option(regexArb))
  .map(([lead, leadAnchor, re, trailAnchor, trail]) => {
    const start = lead === null ? '' : leadAnchor ? `(?:^|${lead})` : `(?:${lead}|^)`;
    const end = trail === null ? '' : trailAnchor ? `(?:${trail}|$)` : `(?:$|${trail})`;
    return start + re + end;
  });
const valueArb = fc.array(fc.constantFrom('a', 'A', 'b', 'B', '1', ' ', '\n', '*', '@', '"', 'x', '-', '.', '{', ']', '~'), { maxLength: 8 }).map((p) => p.join(''));

describe('portable regex → Lucene keeps verdicts', () => {
  it('on random patterns, flags, case rules and values', () => {
    let translated = 0;
    const runs = Number(process.env.FUZZ_RUNS ?? 400);
    fc.assert(
      fc.property(anchoredArb, fc.boolean(), fc.boolean(), fc.boolean(), fc.array(valueArb, { minLength: 1, maxLength: 6 }), (re, multiline, dotAll, insensitive, values) => {
        const t = portableRegexToLucene(re, { multiline, dotAll }, insensitive);
        if (!t.ok) return;
        translated++;
        const reference = compileRegex(re, { caseInsensitive: insensitive, multiline, dotAll });
        const lucene = compileLuceneRegex(t.lucene, insensitive);
        for (const v of values) {
          if (lucene.test(v) !== reference.test(v)) expect.fail(`${JSON.stringify(re)} (m=${multiline} s=${dotAll} i=${insensitive}) → ${JSON.stringify(t.lucene)} on ${JSON.stringify(v)}`);
        }
      }),
      { numRuns: runs, seed: 5 },
    );
    // Only anchors inside groups are refused; most random patterns must translate.
    expect(translated).toBeGreaterThan(runs / 2);
  });

  it('on random patterns with anchors inside a group at either end', () => {
    const runs = Number(process.env.FUZZ_RUNS ?? 400);
    fc.assert(
      fc.property(edgeGroupArb, fc.boolean(), fc.boolean(), fc.array(valueArb, { minLength: 1, maxLength: 6 }), (re, multiline, insensitive, values) => {
        const t = portableRegexToLucene(re, { multiline, dotAll: false }, insensitive);
        // Every such pattern has a Lucene form: the anchors can all be moved to an edge.
        if (!t.ok) expect.fail(`${JSON.stringify(re)} refused: ${t.reason}`);
        const reference = compileRegex(re, { caseInsensitive: insensitive, multiline, dotAll: false });
        const lucene = compileLuceneRegex(t.lucene, insensitive);
        for (const v of [...values, 'a', '1a', 'a1', ' a ']) {
          if (lucene.test(v) !== reference.test(v)) expect.fail(`${JSON.stringify(re)} (m=${multiline} i=${insensitive}) → ${JSON.stringify(t.lucene)} on ${JSON.stringify(v)}`);
        }
      }),
      { numRuns: runs, seed: 6 },
    );
  });

  it.each([
    // The group becomes optional text after the search's own `.*`, not copies of the pattern.
    ['(?:^|[^0-9A-Za-z])ab(?:[^0-9A-Za-z]|$)', '(.*[^0-9A-Za-z])?ab([^0-9A-Za-z].*)?'],
    ['(?:(?:^|a)b|c)d', '((.*a)?b|.*c)d.*'],
    ['x(?:y|$)', '.*x(y.*)?'],
    ['(?:^a)?b', '(.*|a)b.*'],
  ])('an anchor in a group at an edge: %j is %j', (re, lucene) => {
    expect(portableRegexToLucene(re, undefined)).toEqual({ ok: true, lucene });
  });

  // A term test written as a regex: the needle with a non-word character or an edge on each side.
  it.each([
    ['ab', true],
    ['x ab', true],
    ['ab.', true],
    ['-ab-', true],
    ['xab', false],
    ['abx', false],
    ['a b', false],
  ])('(?:^|[^0-9A-Za-z])ab(?:[^0-9A-Za-z]|$) on %j is %s', (value, expected) => {
    const t = portableRegexToLucene('(?:^|[^0-9A-Za-z])ab(?:[^0-9A-Za-z]|$)', undefined);
    if (!t.ok) expect.fail(t.reason);
    expect(compileLuceneRegex(t.lucene, false).test(value)).toBe(expected);
  });

  // RE2 reads a count with a leading zero as no count at all: `a{01}` is the literal text.
  it.each([
    ['a{01}', 'a{01}', true],
    ['a{01}', 'a', false],
    ['^a{1,01}$', 'a{1,01}', true],
    ['^a{1,01}$', 'a', false],
    ['^a{0}b$', 'b', true],
    ['^a{10}$', 'aaaaaaaaaa', true],
    ['^a{2,}$', 'aaaaa', true],
    ['^a{2,}$', 'a', false],
    // RE2 reads a Perl class in a class as a member, never a range's start: `[\d-z]` is a
    // digit, `-` or `z` (the EQL translation once printed the range [0-z]).
    ['^[\\d-z]$', '-', true],
    ['^[\\d-z]$', 'A', false],
    ['^[\\d-z]$', '7', true],
  ])('%j on %j: %s, on the reference and in Lucene', (re, value, want) => {
    const t = portableRegexToLucene(re, undefined);
    if (!t.ok) return expect.fail(t.reason);
    expect(compileRegex(re).test(value)).toBe(want);
    expect(compileLuceneRegex(t.lucene, false).test(value)).toBe(want);
  });

  it.each([
    // \d has no Lucene form, so it becomes a class.
    ['\\d', '.*[0-9].*'],
    // A search is wrapped in .* on each side that is not anchored.
    ['^sc', 'sc.*'],
    ['exe$', '.*exe'],
    ['^a$', 'a'],
    // Lucene's operator characters get a backslash.
    ['a@b#c"d<e>f&g~h', '.*a\\@b\\#c\\"d\\<e\\>f\\&g\\~h.*'],
    // RE2's `.` stops at a line break unless dot-all; Lucene's does not.
    ['a.b', '.*a[^\n]b.*'],
  ])('%j → %j', (re, want) => {
    expect(portableRegexToLucene(re, undefined)).toEqual({ ok: true, lucene: want });
  });

  // Translations are kept per pattern and flags: asked in turn, each combination keeps its own.
  it.each([
    [false, false, false, '[a-c][^\n]b.*'],
    [false, true, false, '[a-c].b.*'],
    [true, false, false, '(.*\n)?[a-c][^\n]b.*'],
    [true, true, true, '(.*\n)?[a-cA-C].b.*'],
    [false, false, true, '[a-cA-C][^\n]b.*'],
  ])('^[a-c].b with multiline %s, dot-all %s, insensitive %s → %j', (multiline, dotAll, insensitive, want) => {
    expect(portableRegexToLucene('^[a-c].b', { multiline, dotAll }, insensitive)).toEqual({ ok: true, lucene: want });
  });

  it('case-insensitive classes spell out both ASCII cases', () => {
    expect(portableRegexToLucene('[a-c]x', undefined, true)).toEqual({ ok: true, lucene: '.*[a-cA-C]x.*' });
    // A class that has both cases already is left as written, not given them twice.
    expect(portableRegexToLucene('[^0-9A-Za-z]', undefined, true)).toEqual({ ok: true, lucene: '.*[^0-9A-Za-z].*' });
    expect(portableRegexToLucene('[a-zA-C]', undefined, true)).toEqual({ ok: true, lucene: '.*[a-zA-CD-Z].*' });
  });

  it('multi-line anchors become "start/end of a line"', () => {
    expect(portableRegexToLucene('^a', { multiline: true, dotAll: false })).toEqual({ ok: true, lucene: '(.*\n)?a.*' });
  });

  it('refuses anchors inside the pattern and negated shorthand inside a class', () => {
    expect(portableRegexToLucene('a(^b)', undefined).ok).toBe(false);
    expect(portableRegexToLucene('[\\D]', undefined).ok).toBe(false);
  });

  it.each([
    ['a(^b)', 'a ^ or $ inside the pattern (not at the edge of an alternative) has no Lucene form'],
    // A group at the edge with an anchor inside it, and another one inside that group.
    ['(?:^|a(^b))c', 'a ^ or $ inside the pattern (not at the edge of an alternative) has no Lucene form'],
    // Only the first group at the start can hold the start: after `(?:^|a)` comes a character or nothing.
    ['(?:^|a)(?:^|b)x', 'a ^ or $ inside the pattern (not at the edge of an alternative) has no Lucene form'],
    ['x[a\\W]', '\\W inside [...] has no Lucene form'],
    ['[^\\S]|[\\D]', '\\S inside [...] has no Lucene form'],
    [`${'('.repeat(100)}a${')'.repeat(100)}`, 'regex nested deeper than 100 groups'],
  ])('%j is refused: %s', (re, reason) => {
    expect(portableRegexToLucene(re, undefined)).toEqual({ ok: false, reason });
  });
});

describe('Lucene regex syntax', () => {
  it.each([
    ['a~b', 'complement'],
    ['a&b', 'intersection'],
    ['<1-5>', 'intervals'],
    ['(a', 'unbalanced'],
    ['[b-a]', 'backwards'],
    ['a\\', 'lone backslash'],
    ['*a', 'nothing to repeat'],
    ['a{2,1}', 'bad repeat'],
  ])('%j is rejected (%s)', (re, message) => {
    expect(() => parseLuceneRegex(re)).toThrow(message);
  });

  it.each([
    // `\` makes any next character literal: \d is the letter d.
    ['\\d', 'd', true],
    ['a{2,3}', 'aaa', true],
    ['a{2,3}', 'aaaa', false],
    ['[^a-c]x', 'dx', true],
    ['()a', 'a', true],
    ['a|', '', true],
  ])('%j on %j → %s', (re, value, want) => {
    expect(compileLuceneRegex(re, false).test(value)).toBe(want);
  });
});

describe('the text every match of a Lucene pattern spells out (the evaluator checks it first)', () => {
  // Lucene's syntax (eql.md "Regex"): a group is a sequence, "..." a literal string, @ any
  // string, and a repeat, class or alternative may match other text or none.
  it.each([
    ['abc', 'abc'],
    ['ab*c', 'a'],
    ['a(bc)d', 'abcd'],
    ['ab|cd', ''],
    ['.*cmd.*', 'cmd'],
    ['(.*[^a-zA-Z0-9])?cmd([^a-zA-Z0-9].*)?', 'cmd'],
    ['"a.b"x', 'a.bx'],
    ['x@yz', 'yz'],
    ['a()b', 'ab'],
    ['(ab)+c', 'c'],
    ['[a]bc', 'bc'],
    ['😀x', '😀x'],
  ])('%j needs %j', (re, run) => {
    expect(requiredRun(parseLuceneRegex(re))).toBe(run);
  });

  it.each([
    // regex~ folds ASCII letters only, on both sides: the required text is looked for folded.
    ['.*CMD.*', true, 'x cmd y', true],
    ['.*cmd.*', true, 'X CMD Y', true],
    ['.*cmd.*', false, 'X CMD Y', false],
    ['.*École.*', true, 'école', false],
    ['.*École.*', true, 'École', true],
  ])('%j (insensitive %s) on %j → %s', (re, insensitive, value, want) => {
    expect(compileLuceneRegex(re, insensitive).test(value)).toBe(want);
  });
});

describe('Lucene → rule model regex (import) keeps verdicts', () => {
  it('on random Lucene patterns, both case rules', () => {
    const luceneAtoms = ['a', 'B', '.', '@', '[a-c]', '[^a]', '\\*', '\\@', '"x.y"', '()', '\\\\', '\\d', '^', '$', '-', ' ', '\n'];
    const luceneArb: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
      re: fc.oneof(
        { maxDepth: 4, depthSize: 'small' },
        fc.constantFrom(...luceneAtoms),
        fc.tuple(tie('re'), tie('re')).map(([a, b]) => a + b),
        fc.tuple(tie('re'), tie('re')).map(([a, b]) => `(${a}|${b})`),
        fc.tuple(tie('re'), fc.constantFrom('*', '+', '?', '{1,2}')).map(([a, q]) => `(${a})${q}`),
      ),
    })).re;
    const runs = Number(process.env.FUZZ_RUNS ?? 300);
    fc.assert(
      fc.property(luceneArb, fc.boolean(), fc.array(valueArb, { minLength: 1, maxLength: 6 }), (re, insensitive, values) => {
        const query = `process where process.command_line ${insensitive ? 'regex~' : 'regex'} ${eqlString(re)}`;
        const parsed = eqlTarget.parse(query, 'q.eql');
        const eql = eqlTarget.compile(parsed, { now: 0 });
        const imported = compileRule(eqlTarget.importRule(parsed, 'q.eql'));
        for (const v of [...values, '^', '$', 'x.y', '\\']) {
          const event = { kind: 'process_creation', 'process.command_line': v };
          const want = eql(eqlTarget.project(event)).matched;
          if (imported(event, { now: 0 }).matched !== want) expect.fail(`${query} on ${JSON.stringify(v)}: EQL ${want}`);
        }
      }),
      { numRuns: runs, seed: 11 },
    );
  });
});
