import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/ir/rule.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { emitKql } from '../../../src/targets/kql/emit.js';
import { bracket, call, chain, columns, concat, printQuery, text, valueList, WIDTH, type Doc } from '../../../src/targets/kql/layout.js';
import { tokenize } from '../../../src/targets/kql/lexer.js';
import { ruleArb } from '../../property/arbitraries.js';
import { kustoErrors } from './kusto-language-service.js';
import { SAMPLE_RULES } from './sample-rules.js';

/** One `| stage` printed at a width. */
const stage = (doc: Doc, width: number): string => printQuery([], [doc], width);

describe('layout: what fits stays on one line, what does not breaks as the seed queries do', () => {
  const a = text('A == 1');
  const b = text('B == 2');
  const c = text('C == 3');
  it.each([
    ['a chain that fits', concat(text('where '), chain('and', [a, b])), 80, '| where A == 1 and B == 2\n'],
    ['a chain past the width: one operand a line, operator first', concat(text('where '), chain('and', [a, b])), 20, '| where A == 1\n    and B == 2\n'],
    ['nested chains of one operator are one chain', concat(text('where '), chain('or', [a, chain('or', [b, c])])), 20, '| where A == 1\n    or B == 2\n    or C == 3\n'],
    [
      'a parenthesised chain opens, holds its operands one indent deeper, closes alone',
      concat(text('where '), chain('and', [a, bracket('(', [chain('or', [b, c])], ')', 'lines')])),
      20,
      '| where A == 1\n    and (\n        B == 2\n        or C == 3\n    )\n',
    ],
    ['call arguments one a line', concat(text('extend X = '), call('f', [a, b])), 20, '| extend X = f(\n    A == 1,\n    B == 2\n)\n'],
    [
      'case: a predicate and its value a line, the otherwise alone',
      concat(text('extend X = '), bracket('case(', [a, text('"a"'), b, text('"b"'), text('"c"')], ')', 'pairs')),
      30,
      '| extend X = case(\n    A == 1, "a",\n    B == 2, "b",\n    "c"\n)\n',
    ],
    [
      'case: a value that does not fit beside its predicate hangs below it',
      concat(text('extend X = '), bracket('case(', [chain('and', [a, b]), text('"a"'), text('"c"')], ')', 'pairs')),
      24,
      '| extend X = case(\n    A == 1 and B == 2,\n        "a",\n    "c"\n)\n',
    ],
    ['a value list fills lines one indent deeper', concat(text('where F in~ '), valueList(['"aa"', '"bb"', '"cc"', '"dd"'])), 21, '| where F in~ (\n    "aa", "bb", "cc",\n    "dd"\n)\n'],
    ['a column list continues one indent deeper', concat(text('project '), columns(['Aa', 'Bb', 'Cc', 'Dd'])), 18, '| project Aa, Bb,\n    Cc, Dd\n'],
    ['an item longer than the width stands alone on its line', concat(text('project '), columns(['Aa', 'B'.repeat(30), 'Cc'])), 20, `| project Aa,\n    ${'B'.repeat(30)},\n    Cc\n`],
  ] as const)('%s', (_name, doc, width, want) => {
    expect(stage(doc, width)).toBe(want);
  });

  it('a let list closes with ]); at the start of its line', () => {
    const let_ = concat(text('let L = '), bracket('dynamic([', ['"a"', '"b"'].map(text), '])', 'fill'), text(';'));
    expect(printQuery([let_, text('T')], [], 12)).toBe('let L = dynamic([\n    "a", "b"\n]);\nT\n');
    expect(printQuery([let_, text('T')], [], 80)).toBe('let L = dynamic(["a", "b"]);\nT\n');
  });
});

/** The emitted query at a width, or undefined when the rule is not expressible. */
function emitAt(rule: Rule, width: number): string | undefined {
  try {
    return emitKql(rule, { lenient: true, lineWidth: width }).text;
  } catch (err) {
    if (err instanceof NotExpressibleError) return undefined;
    throw err;
  }
}

const tokens = (query: string): string[] => tokenize(query, 'q.kql').map((t) => t.text);

describe('layout changes only whitespace', () => {
  it('at any width the query has the same tokens as its one-line-a-stage form', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(ruleArb, fc.constantFrom(...Object.values(SAMPLE_RULES))), fc.integer({ min: 0, max: 140 }), (rule, width) => {
        const one = emitAt(rule, Number.POSITIVE_INFINITY);
        if (one === undefined) return;
        checked++;
        const laid = emitAt(rule, width) as string;
        expect(tokens(laid), laid).toEqual(tokens(one));
        // No trailing blanks: the Sentinel envelope keeps the query as a YAML block scalar.
        expect(laid).not.toMatch(/ \n/);
      }),
      { numRuns: 200, seed: 20261123 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('every break Microsoft\'s parser reads: the sample rules laid out at width 0', () => {
    for (const [name, rule] of Object.entries(SAMPLE_RULES)) {
      const text0 = emitAt(rule, 0) as string;
      expect(text0.split('\n').length, name).toBeGreaterThan(emitAt(rule, Number.POSITIVE_INFINITY)?.split('\n').length ?? 0);
      expect(kustoErrors(text0), text0).toEqual([]);
    }
  });

  it(`the sample rules' queries keep to ${WIDTH} columns, but for a line holding one unbreakable operand`, () => {
    let longest = 0;
    for (const rule of Object.values(SAMPLE_RULES)) {
      for (const line of (emitAt(rule, WIDTH) as string).split('\n')) {
        longest = Math.max(longest, line.length);
        if (line.length <= WIDTH) continue;
        // Past the width only when there was no place to break: no list, no second operand.
        const words = tokens(line).slice(1);
        expect(words, line).not.toContain(',');
        expect(words, line).not.toContain('and');
        expect(words, line).not.toContain('or');
      }
    }
    expect(longest).toBeGreaterThan(WIDTH - 10);
  });
});
