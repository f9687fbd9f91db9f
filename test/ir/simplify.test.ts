import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { and, assertNever, constant, eventKindIs, match, not, or, type Condition } from '../../src/ir/condition.js';
import { EVENT_KINDS, type EventKind } from '../../src/ir/event-kind.js';
import { simplify, specialise } from '../../src/ir/normalize.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';

/**
 * simplify (ir/normalize.ts) as its comment states it, written out plainly: nested and/or
 * flattened, `true` dropped from an and (`false` from an or), `false` absorbing an and (`true`
 * an or), `not` of a constant folded, double negation removed, an and/or of no child the
 * neutral constant and of one child that child; specialise first reads event-kind tests of
 * the kind as constants. The implementation builds its arrays in its own way (normalize.ts
 * says why); its results must be these.
 */
function reference(c: Condition, kind: EventKind | undefined): Condition {
  switch (c.kind) {
    case 'eventKind':
      return kind === undefined ? c : constant(c.eventKind === kind);
    case 'match':
    case 'const':
      return c;
    case 'not': {
      const child = reference(c.child, kind);
      if (child.kind === 'const') return constant(!child.value);
      if (child.kind === 'not') return child.child;
      return not(child);
    }
    case 'and':
    case 'or': {
      const isAnd = c.kind === 'and';
      const kept: Condition[] = [];
      for (const child of c.children) {
        const s = reference(child, kind);
        if (s.kind === 'const') {
          if (s.value !== isAnd) return constant(!isAnd);
          continue;
        }
        if (s.kind === c.kind) kept.push(...s.children);
        else kept.push(s);
      }
      if (kept.length === 0) return constant(isAnd);
      if (kept.length === 1) return kept[0] as Condition;
      return isAnd ? and(kept) : or(kept);
    }
    default:
      return assertNever(c, 'condition');
  }
}

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.constantFrom('process.name', 'process.command_line').map((field) => match({ field, op: 'equals', values: { kind: 'literals', values: ['x'] } })),
  fc.boolean().map((v) => constant(v)),
  fc.constantFrom(...EVENT_KINDS).map((k) => eventKindIs(k)),
);
const { tree } = fc.letrec<{ tree: Condition }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('tree').map((c) => not(c)),
    fc.array(tie('tree'), { maxLength: 4 }).map((cs) => and(cs)),
    fc.array(tie('tree'), { maxLength: 4 }).map((cs) => or(cs)),
  ),
}));

describe('simplify and specialise', () => {
  it('give what the rules they state give, on random conditions', () => {
    fc.assert(
      fc.property(tree, fc.constantFrom(...EVENT_KINDS), (c, kind) => {
        expect(simplify(c)).toEqual(reference(c, undefined));
        expect(specialise(c, kind)).toEqual(reference(c, kind));
      }),
      { numRuns: fuzzRuns(1000), seed: fuzzSeed(7141) },
    );
  });

  it.each<readonly [string, Condition, Condition]>([
    ['a true child of an and is dropped first', and([constant(true), eventKindIs('process_creation'), not(not(eventKindIs('file_event')))]), and([eventKindIs('process_creation'), eventKindIs('file_event')])],
    ['a nested or is flattened at the front', or([or([eventKindIs('file_event'), eventKindIs('image_load')]), eventKindIs('process_creation')]), or([eventKindIs('file_event'), eventKindIs('image_load'), eventKindIs('process_creation')])],
    ['a false child absorbs an and', and([eventKindIs('file_event'), constant(false)]), constant(false)],
    ['an and of one child after dropping is that child', and([constant(true), eventKindIs('file_event')]), eventKindIs('file_event')],
  ])('%s', (_what, input, want) => {
    expect(simplify(input)).toEqual(want);
  });
});
