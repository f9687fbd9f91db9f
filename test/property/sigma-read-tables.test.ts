import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIGMA_MODIFIERS, type SigmaModifier, type SigmaModifierRef } from '../../src/targets/sigma/ast.js';
import { isSpaceCode, isWordCode } from '../../src/targets/sigma/condition-parse.js';
import { planModifiers, readModifierPlan } from '../../src/targets/sigma/modifiers.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The Sigma reader's shortcuts give what the plain forms give: the table of modifier plans
 * (modifiers.ts) returns what reading the chain afresh returns, for chains read before and
 * for the problems it does not keep; the condition tokenizer's character tests are the
 * regular expressions they replace, on every UTF-16 code unit.
 */
const runs = fuzzRuns(500);

const chainArb = fc
  .array(fc.constantFrom(...SIGMA_MODIFIERS), { maxLength: 5 })
  .chain((names) =>
    fc.tuple(
      fc.constant(names),
      fc.array(fc.nat({ max: 90 }), { minLength: names.length, maxLength: names.length }),
    ),
  )
  .map(([names, cols]): SigmaModifierRef[] => names.map((name: SigmaModifier, i) => ({ name, position: { line: 1 + i, col: 1 + (cols[i] as number) } })));

describe('Sigma modifier plans from the table', () => {
  it('equal a fresh reading of the chain, the first time and every time after', () => {
    fc.assert(
      fc.property(chainArb, fc.boolean(), (chain, keyword) => {
        const fresh = readModifierPlan(chain, keyword);
        expect(planModifiers(chain, keyword)).toEqual(fresh);
        expect(planModifiers(chain, keyword)).toEqual(fresh);
        // Same names at other positions: a problem points at this chain's own modifier.
        const moved = chain.map((m) => ({ name: m.name, position: { line: m.position.line + 7, col: m.position.col } }));
        expect(planModifiers(moved, keyword)).toEqual(readModifierPlan(moved, keyword));
      }),
      { numRuns: runs, seed: fuzzSeed(7101) },
    );
  });
});

describe('Sigma condition tokenizer character tests', () => {
  it.each([
    ['a word character', (c: number) => isWordCode(c), /[A-Za-z0-9_*\-.]/],
    ['white space', (c: number) => isSpaceCode(c, String.fromCharCode(c)), /\s/],
  ])('%s is the regular expression it replaces, on every code unit', (_what, test, re) => {
    const differ: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (test(c) !== re.test(String.fromCharCode(c))) differ.push(c);
    expect(differ).toEqual([]);
  });
});
