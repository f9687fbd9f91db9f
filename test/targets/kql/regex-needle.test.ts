import { describe, expect, it } from 'vitest';
import { kustoSpelling } from '../../../src/targets/kql/regex-needle.js';

/**
 * How Kusto is given a rule-model regex (kql.md "Regex dialect"): `\d \w \s` spelled out in
 * ASCII, and for a case-insensitive needle every letter as the class of both its cases (no
 * `(?i)`, which folds Unicode in Kusto). Answers are kept per needle and case rule, so the
 * same needle asked in turn under each rule must keep each rule's spelling.
 */
describe('kustoSpelling', () => {
  it.each([
    ['ab', false, 'ab', true],
    ['ab', true, '[aA][bB]', true],
    ['ab', false, 'ab', true],
    ['\\d+x', false, '[0-9]+x', true],
    ['\\d+x', true, '[0-9]+[xX]', true],
    // A negated class inside brackets has no ASCII spelling: written as is, reported inexact.
    ['[^\\W]', false, '[^\\W]', false],
  ])('%j (insensitive %s) → %j, exact %s', (needle, insensitive, pattern, exact) => {
    expect(kustoSpelling(needle, insensitive)).toEqual({ pattern, exact });
  });
});
