import { describe, expect, it } from 'vitest';
import { matches, rule } from './helpers.js';

/**
 * sigma.md "Condition grammar": or < and < not < x of < parentheses. Each identifier tests one
 * field for 1, so an event sets the truth of each; every row is checked on all assignments
 * against the meaning written as a JavaScript predicate.
 */
type Truth = Readonly<Record<string, boolean>>;

function assignments(names: readonly string[]): Truth[] {
  return Array.from({ length: 2 ** names.length }, (_, n) => Object.fromEntries(names.map((name, i) => [name, ((n >> i) & 1) === 1])));
}

function detection(names: readonly string[], condition: string): string {
  return `${names.map((n) => `${n}:\n  ${fieldOf(n)}: 1`).join('\n')}\ncondition: ${condition}`;
}

const fieldOf = (name: string): string => `F${name.replace(/^_/, 'u')}`;
const eventOf = (t: Truth): Record<string, number> => Object.fromEntries(Object.entries(t).map(([n, v]) => [fieldOf(n), v ? 1 : 0]));

describe('precedence and parentheses', () => {
  const names = ['a', 'b', 'c'];
  it.each<readonly [string, (t: Truth) => boolean]>([
    ['a', (t) => t.a as boolean],
    ['a or b and c', (t) => !!(t.a || (t.b && t.c))],
    ['a and b or c', (t) => !!((t.a && t.b) || t.c)],
    ['c or a and b', (t) => !!(t.c || (t.a && t.b))],
    ['not a and b', (t) => !t.a && !!t.b],
    ['not a or b', (t) => !t.a || !!t.b],
    ['not (a or b)', (t) => !(t.a || t.b)],
    ['not (a and b) or c', (t) => !(t.a && t.b) || !!t.c],
    ['a and not b and not c', (t) => !!t.a && !t.b && !t.c],
    ['not not a', (t) => !!t.a],
    ['(a or b) and c', (t) => !!((t.a || t.b) && t.c)],
    ['a and (b or not c)', (t) => !!(t.a && (t.b || !t.c))],
    ['((a))', (t) => !!t.a],
    ['a or b or c', (t) => !!(t.a || t.b || t.c)],
    ['a and b and c', (t) => !!(t.a && t.b && t.c)],
    ['not a and not b or c', (t) => (!t.a && !t.b) || !!t.c],
  ])('%s', (condition, meaning) => {
    const text = rule(detection(names, condition));
    for (const t of assignments(names)) expect(matches(text, eventOf(t)), JSON.stringify(t)).toBe(meaning(t));
  });

  it('a list of conditions means any of them', () => {
    const text = rule(`${names.map((n) => `${n}:\n  ${fieldOf(n)}: 1`).join('\n')}\ncondition:\n  - a and b\n  - c`);
    for (const t of assignments(names)) expect(matches(text, eventOf(t)), JSON.stringify(t)).toBe(!!((t.a && t.b) || t.c));
  });
});

describe('selectors: 1 of / any of / all of, patterns and them', () => {
  const names = ['sel_a', 'sel_b', 'filter_c', '_hidden'];
  it.each<readonly [string, (t: Truth) => boolean]>([
    ['1 of sel_*', (t) => !!(t.sel_a || t.sel_b)],
    ['any of sel_*', (t) => !!(t.sel_a || t.sel_b)],
    ['all of sel_*', (t) => !!(t.sel_a && t.sel_b)],
    ['1 of them', (t) => !!(t.sel_a || t.sel_b || t.filter_c)],
    // `them` leaves out identifiers starting with `_`.
    ['all of them', (t) => !!(t.sel_a && t.sel_b && t.filter_c)],
    ['1 of _*', (t) => !!t._hidden],
    ['1 of *', (t) => !!(t.sel_a || t.sel_b || t.filter_c || t._hidden)],
    ['1 of sel_a', (t) => !!t.sel_a],
    ['not 1 of filter_*', (t) => !t.filter_c],
    ['all of sel_* and not 1 of filter_*', (t) => !!(t.sel_a && t.sel_b) && !t.filter_c],
    ['not all of sel_*', (t) => !(t.sel_a && t.sel_b)],
    ['sel_a and 1 of sel_* or filter_c', (t) => !!((t.sel_a && (t.sel_a || t.sel_b)) || t.filter_c)],
    ['1 of *_c or _hidden', (t) => !!(t.filter_c || t._hidden)],
    // A selector that names nothing is false, for `1 of` and `all of` alike (decided, documented).
    ['1 of nomatch*', () => false],
    ['all of nomatch*', () => false],
    ['not all of nomatch*', () => true],
    // Patterns are case-sensitive.
    ['1 of SEL_*', () => false],
  ])('%s', (condition, meaning) => {
    const text = rule(detection(names, condition));
    for (const t of assignments(names)) expect(matches(text, eventOf(t)), JSON.stringify(t)).toBe(meaning(t));
  });
});
