import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiCaseless } from '../../src/semantics/ascii-caseless.js';
import { readPortableRegex } from '../../src/semantics/portable-syntax.js';
import { checkPortableRegex } from '../../src/semantics/regex.js';
import { clearVouched, vouchedPortable, vouchedPortableCaseless } from '../../src/semantics/portable-vouched.js';
import { SIGMA_MODIFIERS, type SigmaModifier, type SigmaModifierRef } from '../../src/targets/sigma/ast.js';
import { isSpaceCode, isWordCode } from '../../src/targets/sigma/condition-parse.js';
import { anyValueMatches, globPredicates, groupPredicates, valuePredicates } from '../../src/targets/sigma/import-condition.js';
import { planModifiers, readModifierPlan, type Placement } from '../../src/targets/sigma/modifiers.js';
import { checkSigmaRegex } from '../../src/targets/sigma/sigma-regex.js';
import type { StringOperation } from '../../src/targets/sigma/value-pattern.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The Sigma reader's shortcuts give what the plain forms give: the patterns the portable
 * regex reader vouched for (semantics/portable-vouched.ts) are the ones it vouches for, asked
 * once or again; a plain string value's predicate read off the value is the one its glob forms
 * give, and ORed values group as their glob forms do; the table of modifier plans
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

const REGEX_PIECES = ['a', 'B', '.', '*', '+', '?', '|', '(', ')', '(?:', '[', ']', '^', '$', '\\', '\\d', '\\.', '{2}', '{1,', '-', 'é', ' '];
const patternArb = fc.array(fc.constantFrom(...REGEX_PIECES), { maxLength: 10 }).map((p) => p.join(''));

describe('patterns vouched for by the portable regex reader', () => {
  it('are exactly those it reads, as written and caseless, the first time and every time after', () => {
    clearVouched();
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 8 }), (patterns) => {
        for (const p of [...patterns, ...patterns]) {
          expect(vouchedPortable(p)).toBe(readPortableRegex(p) !== undefined);
          expect(vouchedPortableCaseless(p)).toBe(readPortableRegex(asciiCaseless(p)) !== undefined);
        }
      }),
      { numRuns: runs, seed: fuzzSeed(7102) },
    );
  });

  it('leave the answers of checkPortableRegex as they are when nothing is remembered', () => {
    fc.assert(
      fc.property(fc.array(patternArb, { minLength: 1, maxLength: 8 }), (patterns) => {
        const fresh = patterns.map((p) => {
          clearVouched();
          return checkPortableRegex(p);
        });
        clearVouched();
        expect([...patterns, ...patterns].map((p) => checkPortableRegex(p))).toEqual([...fresh, ...fresh]);
      }),
      { numRuns: runs, seed: fuzzSeed(7104) },
    );
  });

  it('leave the answers of checkSigmaRegex as they are when nothing is remembered, under every flag', () => {
    const flagsArb = fc.record({ caseInsensitive: fc.boolean(), multiline: fc.boolean(), dotAll: fc.boolean() });
    // Pieces Sigma's check refuses by name too (look-around, back-references, possessives).
    const sigmaPatternArb = fc.array(fc.constantFrom(...REGEX_PIECES, '(?=', '(?<!', '\\1', '\\Q', '++', '\\Z'), { maxLength: 10 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(sigmaPatternArb, flagsArb), { minLength: 1, maxLength: 8 }), (asked) => {
        const fresh = asked.map(([p, flags]) => {
          clearVouched();
          return checkSigmaRegex(p, flags);
        });
        clearVouched();
        expect([...asked, ...asked].map(([p, flags]) => checkSigmaRegex(p, flags))).toEqual([...fresh, ...fresh]);
      }),
      { numRuns: runs, seed: fuzzSeed(7106) },
    );
  });
});

const VALUE_PIECES = ['a', 'Z', '\\', '\\\\', '*', '?', '\\*', '-', '/', 'x-y', ' ', 'é'];
const valueArb = fc.array(fc.constantFrom(...VALUE_PIECES), { maxLength: 6 }).map((p) => p.join(''));
const stringOpArb: fc.Arbitrary<StringOperation> = fc.record({
  placement: fc.constantFrom<Placement>('whole', 'contains', 'startswith', 'endswith'),
  windash: fc.boolean(),
  base64: fc.option(fc.record({ offset: fc.boolean(), encoding: fc.constantFrom('utf8' as const, 'utf16le' as const) }), { nil: undefined }),
  cased: fc.boolean(),
}).map((r) => ({ kind: 'string' as const, placement: r.placement, windash: r.windash, cased: r.cased, ...(r.base64 ? { base64: r.base64 } : {}) }));

const outcome = (f: () => unknown): unknown => {
  try {
    return { ok: f() };
  } catch (err) {
    return { error: (err as Error).message };
  }
};

describe('the predicates of a Sigma string value', () => {
  it('read off a plain value are those its glob forms give', () => {
    fc.assert(
      fc.property(valueArb, stringOpArb, (value, op) => {
        expect(outcome(() => valuePredicates(value, op))).toEqual(outcome(() => globPredicates(value, op)));
      }),
      { numRuns: runs * 4, seed: fuzzSeed(7103) },
    );
  });

  it('ORed, group into the predicates their glob forms group into', () => {
    fc.assert(
      fc.property(fc.array(fc.option(valueArb, { nil: null }), { minLength: 1, maxLength: 5 }), stringOpArb, (texts, op) => {
        const values = texts.map((value) => ({ value, position: { line: 1, col: 1 } }));
        const caseRule = op.cased ? 'sensitive' : 'insensitive';
        expect(outcome(() => anyValueMatches('process.command_line', values, op, caseRule))).toEqual(
          outcome(() => groupPredicates('process.command_line', values.map((v) => globPredicates(String(v.value), op)), false, caseRule)),
        );
      }),
      { numRuns: runs * 2, seed: fuzzSeed(7105) },
    );
  });
});
