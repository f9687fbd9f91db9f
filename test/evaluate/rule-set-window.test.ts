import { describe, expect, it } from 'vitest';
import { compileRule, compileRuleSet } from '../../src/evaluate/reference-evaluator.js';
import { loadRuleFile } from '../../src/rule/index.js';

// README "Missing fields and nulls": with a `window`, an event whose @timestamp is missing or
// not after `now - window` never matches. A rule set must decide that exactly as the rule alone.
describe('rule sets apply each rule’s time window as the rule alone does', () => {
  const windowed = loadRuleFile('test/cli/fixtures/service-stop.yml').rule;
  const now = Date.parse('2026-11-20T12:00:00Z');
  const base = { kind: 'process_creation', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend' };
  const events = [
    { ...base, '@timestamp': '2026-11-20T11:00:00Z' },
    { ...base, '@timestamp': '2026-11-19T12:00:00Z' }, // exactly now - 24h: not after it
    { ...base, '@timestamp': '2026-11-19T12:00:01Z' },
    { ...base, '@timestamp': '2026-11-20T11:00:00' }, // zone-less: UTC
    { ...base, '@timestamp': 'yesterday' },
    base,
  ];

  it('the fixture rule has a window', () => {
    expect(windowed.window?.ms).toBe(24 * 3_600_000);
  });

  it.each(events.map((e, i) => [i, e] as const))('event %i', (_i, event) => {
    const alone = compileRule(windowed)(event, { now });
    const set = compileRuleSet([windowed, windowed])(event, { now });
    expect(set.map((v) => v.matched)).toEqual([alone.matched, alone.matched]);
    expect(set[0]?.derived).toEqual(alone.derived);
  });

  it('inside the window it matches, outside or without a time it does not', () => {
    const verdicts = events.map((e) => compileRuleSet([windowed])(e, { now })[0]?.matched);
    expect(verdicts).toEqual([true, false, true, true, false, false]);
  });
});
