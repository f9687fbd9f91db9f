import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import { runRuleTestsEverywhere } from '../../src/check/rule-tests-everywhere.js';
import { findRuleFiles, loadRuleFile } from '../../src/rule/index.js';
import { kqlTarget } from '../../src/targets/kql/index.js';
import { TARGETS } from '../../src/targets/registry.js';
import { ruleFrom, serviceStop, twoKinds, globRule } from './rules.js';

const READY = TARGETS;

describe('check with the real targets', () => {
  describe.each(READY.map((t) => [t.id, t] as const))('%s', (_id, target) => {
    it.each([
      ['service stop (list, term, derived, window)', serviceStop()],
      ['two kinds (registry key term, process contains)', twoKinds()],
      ['glob on a file name', globRule()],
    ])('%s: exact or a declared approximation', (_name, rule) => {
      const t = checkRule(rule, [target]).targets[0]!;
      expect(t.status === 'wrong' ? `${t.reason ?? ''} ${JSON.stringify(t.witnesses)}` : 'ok').toBe('ok');
    });

    it("a rule's own tests pass on the emitted form", () => {
      expect(runRuleTestsEverywhere(serviceStop(), [target]).failures).toBe(0);
    });
  });

  // The whole pipeline finds a real bug: KQL `contains` emitted where the rule says term (`has`).
  it('a KQL emitter planted with `contains` for `has` is wrong, with a glued-letter witness', () => {
    const rule = ruleFrom(`
logsources: [process_creation]
condition: { field: process.command_line, op: term, value: stop }
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`);
    const planted: Target<unknown> = {
      ...(kqlTarget as Target<unknown>),
      emit: (r, o) => {
        const e = kqlTarget.emit(r, o);
        return { ...e, text: e.text.replace(' has "stop"', ' contains "stop"') };
      },
    };
    expect(kqlTarget.emit(rule, { lenient: false }).text).toContain(' has "stop"');
    const t = checkRule(rule, [planted]).targets[0]!;
    expect(t.status).toBe('wrong');
    expect(t.witnesses.some((w) => /stop[a-z0-9]|[a-z0-9]stop/i.test(String(w.event['process.command_line'])))).toBe(true);
  });
});

// Before typed fields were checked, the check's own probes put "" and "x" in process.pid, which
// Defender's long column cannot hold, and `process.pid exists` was WRONG on KQL for an input no
// source writes. Probes now stay within what each typed field holds (ir/field-domains.ts).
describe('check on typed fields with the real targets', () => {
  it.each([
    ['process_creation', '{ field: process.pid, op: exists }'],
    ['process_creation', "{ field: process.parent.pid, op: equals, values: ['4', '4294967295'] }"],
    ['network_connection', "{ field: destination.port, op: lt, value: '1024' }"],
    ['network_connection', '{ not: { field: source.port, op: exists } }'],
  ])('%s %s: every target exact or a declared approximation', (kind, condition) => {
    const rule = ruleFrom(`
logsources: [${kind}]
condition: ${condition}
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`);
    const wrong = checkRule(rule, READY).targets.filter((t) => t.status === 'wrong');
    expect(wrong.map((t) => `${t.target}: ${t.reason ?? ''} ${JSON.stringify(t.witnesses.slice(0, 3))}`)).toEqual([]);
  });
});

describe('check over rules/', () => {
  const files = findRuleFiles(['rules']);
  it('holds the shipped rules', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });
  it.each(files)('%s: every ready target exact or a declared approximation', (file) => {
    const { rule } = loadRuleFile(file);
    const wrong = checkRule(rule, READY, file).targets.filter((t) => t.status === 'wrong');
    expect(wrong.map((t) => `${t.target}: ${t.reason ?? ''} ${JSON.stringify(t.witnesses.slice(0, 3))}`)).toEqual([]);
  });
});
