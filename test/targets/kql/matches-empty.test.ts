import { describe, expect, it } from 'vitest';
import { matchesEmpty } from '../../../src/targets/kql/emit-match.js';

/**
 * A missing string column reads as '' in KQL, so the emitter must know whether a regex finds a
 * match in ''. RE2 semantics: an optional or starred item, an empty alternative and the anchors
 * `^`/`$` all match there; a character or class does not.
 */
describe('matchesEmpty for regexes (read without compiling where the reader can)', () => {
  it.each([
    ['a*', false, true],
    ['a+', false, false],
    ['x|', false, true],
    ['^$', false, true],
    ['(?:ab){0}', false, true],
    ['(?:ab){0,3}c?', false, true],
    ['[a-]?', true, true],
    ['[^\\s\\S]', false, false],
    ['A*B?', true, true],
    ['Ab', true, false],
    // Outside the portable subset: compiled, as the evaluator would. '' has no word boundary.
    ['\\Bx?', false, true],
    ['\\bx?', false, false],
    // Invalid: no match at all.
    ['a**', false, false],
    ['[z-a]*', true, false],
  ])('%s (insensitive %s) matches "": %s', (pattern, insensitive, expected) => {
    expect(matchesEmpty('regex', pattern, insensitive)).toBe(expected);
  });
});
