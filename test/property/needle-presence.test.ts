import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomata, type Needle } from '../../src/evaluate/aho-corasick.js';
import { NeedleIndex } from '../../src/evaluate/needle-presence.js';
import { ALL_PLACES, factSlot, Presence, type NeedlePlace } from '../../src/evaluate/presence.js';
import type { FieldValue } from '../../src/ir/value.js';
import { foldAscii } from '../../src/semantics/fold.js';
import { termMatch } from '../../src/semantics/term.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';

/**
 * The needle scanner against the definitions it shortcuts: for every needle and value, each
 * recorded fact must equal what the string operators of semantics/ say about the folded value.
 */
const runs = fuzzRuns(300);

// Few letters so needles overlap and repeat; both cases, digits, a separator, non-ASCII
// (including a surrogate pair) so folding and term boundaries are exercised.
const unit = fc.constantFrom('a', 'A', 'b', 'B', '1', ' ', '-', '\\', 'é', 'É', '😀');
const text = (max: number): fc.Arbitrary<string> => fc.array(unit, { maxLength: max }).map((u) => u.join(''));

function expected(place: NeedlePlace, values: readonly string[], needle: string): boolean {
  return values.some((raw) => {
    const v = foldAscii(raw);
    switch (place) {
      case 'anywhere':
        return v.includes(needle);
      case 'start':
        return v.startsWith(needle);
      case 'end':
        return v.endsWith(needle);
      case 'whole':
        return v === needle;
      case 'term':
        return termMatch(v, needle, 'both');
      case 'termLeft':
        return termMatch(v, needle, 'left');
      case 'termRight':
        return termMatch(v, needle, 'right');
    }
  });
}

const PLACES: readonly NeedlePlace[] = ['anywhere', 'start', 'end', 'whole', 'term', 'termLeft', 'termRight'];

describe('needle presence', () => {
  it('records exactly the facts the string operators define, however the automata are split', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(text(5).filter((t) => t.length > 0).map(foldAscii), { minLength: 1, maxLength: 12 }),
        fc.array(text(14), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(4, 64, 1 << 21),
        (needleTexts, values, limit) => {
          const needles: Needle[] = needleTexts.map((t, id) => ({ text: t, id, places: ALL_PLACES }));
          const automata = buildAutomata(needles, limit);
          const presence = new Presence(needles.length);
          presence.begin();
          for (const v of values) for (const a of automata) a.scan(v, presence);
          for (const n of needles) {
            for (const place of PLACES) {
              expect(presence.has(n.id, place), `${place} ${JSON.stringify(n.text)} in ${JSON.stringify(values)}`).toBe(expected(place, values, n.text));
            }
          }
        },
      ),
      { numRuns: runs, seed: fuzzSeed(20261123) },
    );
  });

  // A fact group holds when any of its facts does (presence.ts): checked over two events, so
  // that a group set by the first must not survive into the second.
  it('marks a fact group exactly when one of its facts holds', () => {
    const fact = fc.record({ needle: fc.nat(), place: fc.constantFrom(...PLACES) });
    fc.assert(
      fc.property(
        fc.uniqueArray(text(4).filter((t) => t.length > 0).map(foldAscii), { minLength: 1, maxLength: 8 }),
        fc.array(fc.array(fact, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
        fc.array(text(12), { minLength: 2, maxLength: 2 }),
        (needleTexts, groupFacts, values) => {
          const needles: Needle[] = needleTexts.map((t, id) => ({ text: t, id, places: ALL_PLACES }));
          const groups = groupFacts.map((g) => g.map((f) => ({ needle: f.needle % needles.length, place: f.place })));
          const presence = new Presence(needles.length, groups.map((g) => g.map((f) => factSlot(f.needle, f.place))));
          const automata = buildAutomata(needles);
          for (const value of values) {
            presence.begin();
            for (const a of automata) a.scan(value, presence);
            groups.forEach((g, i) => {
              const holds = g.some((f) => expected(f.place, [value], needles[f.needle]!.text));
              expect(presence.hasGroup(needles.length, i), `group ${i} in ${JSON.stringify(value)}`).toBe(holds);
            });
          }
        },
      ),
      { numRuns: runs, seed: fuzzSeed(20261130) },
    );
  });

  it('finds needles too long for an automaton, and reads numbers and booleans as their text', () => {
    const index = new NeedleIndex();
    const long = 'x'.repeat(300) + 'tail';
    const longId = index.idOf('process.command_line', long);
    const numberId = index.idOf('process.pid', '42');
    const boolId = index.idOf('flag', 'true');
    const scanner = index.build();
    const presence = new Presence(scanner.needles);
    const event: Record<string, FieldValue> = { 'process.command_line': ['nothing', `A ${long.toUpperCase()}`], 'process.pid': 1042, flag: true };
    scanner.mark((f) => event[f], presence);
    expect(presence.has(longId)).toBe(true);
    expect(presence.has(longId, 'end')).toBe(true);
    expect(presence.has(longId, 'start')).toBe(false);
    expect(presence.has(longId, 'term')).toBe(true);
    expect(presence.has(numberId, 'end')).toBe(true);
    expect(presence.has(numberId, 'whole')).toBe(false);
    expect(presence.has(boolId, 'whole')).toBe(true);
  });

  it('forgets the previous event', () => {
    const index = new NeedleIndex();
    const id = index.idOf('f', 'abc');
    const scanner = index.build();
    const presence = new Presence(scanner.needles);
    scanner.mark(() => 'xabcx', presence);
    expect(presence.has(id)).toBe(true);
    scanner.mark(() => 'xyz', presence);
    expect(presence.has(id)).toBe(false);
  });
});
