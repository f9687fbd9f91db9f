import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleMatcher, NO_MATCH } from '../../src/evaluate/reference-evaluator.js';
import type { Rule } from '../../src/ir/rule.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import { loadRuleFile } from '../../src/rule/index.js';
import { eventArb, ruleArb } from '../property/arbitraries.js';
import { fuzzRuns, fuzzSeed } from '../property/fuzz-config.js';

/**
 * The streaming form of a rule set reuses one result from event to event: after every event it
 * must list exactly the rules that match it alone, ascending, with their own verdicts, and
 * nothing left over from the event before.
 */
const now = Date.parse('2026-11-20T12:00:00Z');
const windowed = loadRuleFile('test/cli/fixtures/service-stop.yml').rule;

function expectAlone(rules: readonly Rule[], events: readonly LogicalEvent[]): void {
  const matcher = compileRuleMatcher(rules);
  const singles = rules.map(compileRule);
  for (const event of events) {
    const alone = singles.map((s) => s(event, { now }));
    const result = matcher.match(event, { now });
    const expected = alone.flatMap((v, i) => (v.matched ? [i] : []));
    expect([...result.rules.subarray(0, result.count)]).toEqual(expected);
    expect(result.verdicts).toEqual(alone);
  }
}

describe('rule set matcher', () => {
  it('lists each event’s matching rules, ascending, with the verdicts of the rules alone', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(ruleArb, fc.constant(windowed)), { minLength: 1, maxLength: 40 }), fc.array(eventArb, { minLength: 1, maxLength: 8 }), expectAlone),
      { numRuns: fuzzRuns(200), seed: fuzzSeed(20261130) },
    );
  });

  const base = { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend' };
  it.each([
    ['a match, then an event outside the window', [base, { ...base, '@timestamp': '2026-11-18T11:00:00Z' }]],
    ['a match by sc.exe, then one by net.exe (another derived value)', [base, { ...base, 'process.name': 'net.exe' }]],
    ['a match, then a tool not in the list', [base, { ...base, 'process.name': 'cmd.exe' }]],
    ['no match, then a match', [{ ...base, 'process.command_line': 'sc query' }, base]],
  ])('forgets the last event: %s', (_name, events) => {
    expectAlone([windowed, windowed], events);
  });

  it('gives derived values of a match and NO_MATCH for the rest', () => {
    const result = compileRuleMatcher([windowed]).match(base, { now });
    expect(result.count).toBe(1);
    expect(result.verdicts[0]?.derived).toEqual({ StopMethod: 'sc' });
    const none = compileRuleMatcher([windowed]).match({ ...base, 'process.name': 'cmd.exe' }, { now });
    expect(none.count).toBe(0);
    expect(none.verdicts[0]).toBe(NO_MATCH);
  });
});
