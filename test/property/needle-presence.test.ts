import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAutomata, type Needle } from '../../src/evaluate/aho-corasick.js';
import { NeedleIndex } from '../../src/evaluate/needle-presence.js';
import { ALL_PLACES, factSlot, placeBit, Presence, type NeedlePlace } from '../../src/evaluate/presence.js';
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
/** Distinct folded needles, and fact groups over them (needle numbers taken modulo their count). */
const needleTextsArb = fc.uniqueArray(text(4).filter((t) => t.length > 0).map(foldAscii), { minLength: 1, maxLength: 8 });
const groupFactsArb = fc.array(fc.array(fc.record({ needle: fc.nat(), place: fc.constantFrom(...PLACES) }), { minLength: 1, maxLength: 5 }), { maxLength: 6 });

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
    fc.assert(
      fc.property(
        needleTextsArb,
        groupFactsArb,
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

  // A scanner records only the facts a rule set reads (presence.ts `PlaceSet`): those it
  // records must still be exact, and the one-sided and positional facts it was not asked
  // for are never set (the term fact may be, as the witness that no later occurrence adds any).
  it('records exactly the facts asked for, and no unasked positional or one-sided fact', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(text(5).filter((t) => t.length > 0).map(foldAscii), { minLength: 1, maxLength: 12 }),
        fc.array(fc.subarray([...PLACES]), { minLength: 12, maxLength: 12 }),
        fc.array(text(14), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(4, 1 << 21),
        (needleTexts, asked, values, limit) => {
          const needles: Needle[] = needleTexts.map((t, id) => ({ text: t, id, places: asked[id]!.reduce((set, p) => set | placeBit(p), placeBit('anywhere')) }));
          const automata = buildAutomata(needles, limit);
          const presence = new Presence(needles.length);
          presence.begin();
          for (const v of values) for (const a of automata) a.scan(v, presence);
          for (const n of needles) {
            for (const place of PLACES) {
              const has = presence.has(n.id, place);
              if (place === 'anywhere' || (n.places & placeBit(place)) !== 0) expect(has, `${place} ${JSON.stringify(n.text)}`).toBe(expected(place, values, n.text));
              else if (place !== 'term') expect(has, `unasked ${place} ${JSON.stringify(n.text)}`).toBe(false);
            }
          }
        },
      ),
      { numRuns: runs, seed: fuzzSeed(20261201) },
    );
  });

  // Needles that are suffixes of each other all end where the value ends; the chain of
  // needles whose end is asked for must reach past those whose end is not.
  it.each([
    ['all asked', ['ab', 'b', 'xab'], [true, true, true]],
    ['only the shortest asked', ['b'], [false, true, false]],
    ['only the longest asked', ['xab'], [false, false, true]],
    ['the outer two asked', ['xab', 'b'], [false, true, true]],
  ])('marks every asked needle ending the value: %s', (_name, asked, ends) => {
    const texts = ['ab', 'b', 'xab'];
    const needles: Needle[] = texts.map((text, id) => ({ text, id, places: placeBit('anywhere') | (asked.includes(text) ? placeBit('end') : 0) }));
    const presence = new Presence(needles.length);
    presence.begin();
    for (const a of buildAutomata(needles)) a.scan('yxab', presence);
    expect(needles.map((n) => presence.has(n.id, 'end'))).toEqual(ends);
  });

  // The memo of scanned values (scan-memo.ts) keeps what `recordSince` took from one scan and
  // replays it in a later event: replayed facts, groups and found needles must be the scan's.
  it('replays a recorded value as scanning it again would set it', () => {
    fc.assert(
      fc.property(
        needleTextsArb,
        groupFactsArb,
        fc.array(text(12), { minLength: 1, maxLength: 4 }),
        (needleTexts, groupFacts, values) => {
          const needles: Needle[] = needleTexts.map((t, id) => ({ text: t, id, places: ALL_PLACES }));
          const groups = groupFacts.map((g) => g.map((f) => factSlot(f.needle % needles.length, f.place)));
          const scanned = new Presence(needles.length, groups);
          const replayed = new Presence(needles.length, groups);
          const automata = buildAutomata(needles, 4);
          for (const value of values) {
            scanned.begin();
            for (const a of automata) a.scan(value, scanned);
            const record = scanned.recordSince(0);
            // Another event in between: the replay must set everything again.
            replayed.begin();
            replayed.begin();
            replayed.replay(record);
            expect([...replayed.found.subarray(0, replayed.count)].sort()).toEqual([...scanned.found.subarray(0, scanned.count)].sort());
            for (let slot = 0; slot < scanned.facts.length; slot++) {
              expect(replayed.facts[slot] === replayed.stamp, `slot ${slot} after ${JSON.stringify(value)}`).toBe(scanned.facts[slot] === scanned.stamp);
            }
          }
        },
      ),
      { numRuns: runs, seed: fuzzSeed(20261202) },
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
