import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../../src/ir/condition.js';
import { compileRegex } from '../../../../src/semantics/regex.js';
import { termMatch, type TermBoundary } from '../../../../src/semantics/term.js';
import { termRegexOfAny } from '../../../../src/targets/sigma/escape.js';
import { termTestOfRegex, type TermOperator } from '../../../../src/targets/sigma/import-term.js';
import { importSigma } from '../../../../src/targets/sigma/import.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { hostileString } from '../../../property/arbitraries.js';
import { FILE, rule } from './helpers.js';

/**
 * Sigma carries the rule model's term tests as `re` values of one spelling (escape.ts). Read
 * back, such a value must be the term test it spells: same needles, and the operator's own
 * definition (semantics/term.ts) must find what the regex finds on any text.
 */
const BOUNDARY: Readonly<Record<TermOperator, TermBoundary>> = { term: 'both', termprefix: 'left', termsuffix: 'right' };

describe('a term test spelled as a regex reads back as that term test', () => {
  it.each([
    [true, true],
    [true, false],
    [false, true],
  ])('on hostile needles and text (boundary before %s, after %s)', (left, right) => {
    fc.assert(
      fc.property(fc.array(hostileString.filter((s) => s.length > 0), { minLength: 1, maxLength: 4 }), fc.array(hostileString, { maxLength: 4 }), (needles, values) => {
        for (const regex of termRegexOfAny(needles, left, right)) {
          const test = termTestOfRegex(regex);
          // Needles with no letter or digit at a checked edge get no boundary group: a plain search.
          if (test === undefined) {
            expect(regex.startsWith('(?:^|') || regex.endsWith('|$)')).toBe(false);
            continue;
          }
          for (const n of test.needles) expect(needles).toContain(n);
          const re = compileRegex(regex);
          for (const v of [...values, ...needles, ...needles.map((n) => `x${n}x`), ...needles.map((n) => ` ${n} `)]) {
            expect(test.needles.some((n) => termMatch(v, n, BOUNDARY[test.op]))).toBe(re.test(v));
          }
        }
      }),
      { numRuns: 1500, seed: 21 },
    );
  });

  it.each([
    ['(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)', 'term', ['stop']],
    ['(?:^|[^0-9A-Za-z])(?:vss|wbengine)(?:[^0-9A-Za-z]|$)', 'term', ['vss', 'wbengine']],
    // The needle ends with a character that is no boundary: nothing is checked after it.
    ['(?:^|[^0-9A-Za-z])Stop-', 'term', ['Stop-']],
    ['\\.ps1(?:[^0-9A-Za-z]|$)', 'term', ['.ps1']],
    // A needle that ends with a letter and has no group after it: only a prefix test says it.
    ['(?:^|[^0-9A-Za-z])stop', 'termprefix', ['stop']],
    ['stop(?:[^0-9A-Za-z]|$)', 'termsuffix', ['stop']],
    ['(?:^|[^0-9A-Za-z])a\\+b\\(c\\)', 'term', ['a+b(c)']],
  ])('%j is %s %j', (regex, op, needles) => {
    expect(termTestOfRegex(regex)).toEqual({ op, needles });
  });

  it.each([
    ['stop'],
    // An operator character that is not escaped: a regex, not a literal needle.
    ['(?:^|[^0-9A-Za-z])a.b(?:[^0-9A-Za-z]|$)'],
    ['(?:^|[^0-9A-Za-z])\\d+'],
    // A boundary group before a needle that starts with no letter or digit is never written so.
    ['(?:^|[^0-9A-Za-z])\\.exe'],
    ['(?:^|[^0-9A-Za-z])(?:stop)(?:[^0-9A-Za-z]|$)'],
    ['(?:^|[^0-9A-Za-z])(?:a||b)'],
    ['(?:^|[^0-9A-Za-z])(?:a|b)c'],
    ['(?:^|\\W)stop'],
  ])('%j stays a regex', (regex) => {
    expect(termTestOfRegex(regex)).toBeUndefined();
  });
});

describe('Sigma import reads term regexes as term tests', () => {
  const conditionOf = (item: string): Condition => importSigma(parseSigma(rule(`selection:\n  ${item}\ncondition: selection`), FILE), FILE).condition;

  it('any of several values with one operator is one term test; `re` is case-sensitive, `re|i` is not', () => {
    expect(conditionOf(`CommandLine|re:\n    - '(?:^|[^0-9A-Za-z])(?:vss|wbengine)(?:[^0-9A-Za-z]|$)'\n    - '(?:^|[^0-9A-Za-z])MSSQL\\$'`)).toMatchObject({
      kind: 'match',
      field: 'process.command_line',
      op: 'term',
      values: { kind: 'literals', values: ['vss', 'wbengine', 'MSSQL$'] },
      caseRule: 'sensitive',
    });
    expect(conditionOf(`CommandLine|re|i: '(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)'`)).toMatchObject({ op: 'term', caseRule: 'insensitive' });
  });

  it('with the multi-line flag, ^ and $ are line edges, not the value edges a term test checks: a regex', () => {
    expect(conditionOf(`CommandLine|re|m: '(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)'`)).toMatchObject({ op: 'regex' });
  });

  it('one value that is another regex keeps them all regexes', () => {
    expect(conditionOf(`CommandLine|re:\n    - '(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)'\n    - 'st.p'`)).toMatchObject({ kind: 'or' });
    expect(JSON.stringify(conditionOf(`CommandLine|re:\n    - '(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)'\n    - 'st.p'`))).not.toContain('"term"');
  });
});
