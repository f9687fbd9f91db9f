import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import type { Rule } from '../../src/ir/rule.js';
import { fakeTarget, ignoresCaseRule, termAsContains } from './fake-target.js';
import { serviceStop } from './rules.js';

const check = (rule: Rule, opts: Parameters<typeof fakeTarget>[1]) => {
  const result = checkRule(rule, [fakeTarget(new Map(), opts)]);
  return result.targets[0]!;
};

describe('agreement: one rule × one target', () => {
  it('a target with the reference semantics is exact on every test and boundary event', () => {
    const t = check(serviceStop(), {});
    expect(t.status).toBe('exact');
    expect(t.disagreementCount).toBe(0);
    // The two tests plus synthesised boundary events.
    expect(t.eventsChecked).toBeGreaterThan(20);
  });

  // Issue 6: an undeclared disagreement is `wrong` (a bug).
  it('KQL `has` read as `contains`, undeclared: wrong, with a glued-letter witness', () => {
    const t = check(serviceStop(), { deviate: termAsContains });
    expect(t.status).toBe('wrong');
    expect(t.disagreementCount).toBeGreaterThan(0);
    const lines = t.witnesses.map((w) => String(w.event['process.command_line']));
    // `stop` as a whole term does not occur in `stopx`, but `contains` finds it.
    expect(lines.some((l) => /stop[A-Za-z0-9]|[A-Za-z0-9]stop/i.test(l))).toBe(true);
    for (const w of t.witnesses) {
      expect(w.reference).toBe('no match');
      expect(w.target).toMatch(/^match/);
    }
  });

  it('witnesses are minimal: only the fields the disagreement needs', () => {
    const t = check(serviceStop(), { deviate: termAsContains });
    for (const w of t.witnesses) {
      // The name list and the command line decide; host, user and the timestamp do not.
      expect(Object.keys(w.event).sort()).toEqual(['@timestamp', 'kind', 'process.command_line', 'process.name'].filter((k) => k in w.event));
      expect(w.event['host.name']).toBeUndefined();
      expect(w.event['user.name']).toBeUndefined();
    }
  });

  it('the same difference, declared by the emitter: approximate, witnesses listed', () => {
    const t = check(serviceStop(), { deviate: termAsContains, declares: [{ predicate: 'process.command_line term "stop"', reason: 'contains' }] });
    expect(t.status).toBe('approximate');
    expect(t.approximations).toHaveLength(1);
    expect(t.witnesses.length).toBeGreaterThan(0);
  });

  it('case folding ignored: a case-flip probe tells it apart', () => {
    const t = check(serviceStop(), { deviate: ignoresCaseRule });
    expect(t.status).toBe('wrong');
    expect(t.witnesses.some((w) => /SC\.EXE|STOP/.test(JSON.stringify(w.event)))).toBe(true);
  });

  it('strict refusal, lenient form with approximations: approximate', () => {
    const t = check(serviceStop(), { strictRefuses: true, declares: [{ predicate: 'p', reason: 'r' }] });
    expect(t.status).toBe('approximate');
    expect(t.approximations).toEqual([{ predicate: 'p', reason: 'r' }]);
  });

  it('strict refusal with a lenient form that declares nothing keeps the refusal as its approximation', () => {
    const t = check(serviceStop(), { strictRefuses: true });
    expect(t.status).toBe('approximate');
    expect(t.approximations[0]?.reason).toBe('strict refusal');
  });

  it('refused even leniently: not expressible, with the reason', () => {
    const t = check(serviceStop(), { strictRefuses: true, lenientRefuses: true });
    expect(t.status).toBe('not-expressible');
    expect(t.reason).toContain('refused even leniently');
  });

  it('emitted text that does not parse is wrong, with the reason', () => {
    const t = check(serviceStop(), { parseFails: true });
    expect(t.status).toBe('wrong');
    expect(t.reason).toContain('does not parse');
  });

  // Contract: where the query has no window (Sigma, EQL) the check applies it as the schedule would.
  it('a target without a window in its query is checked with the window applied for it', () => {
    expect(check(serviceStop(), { windowInQuery: false, appliesWindow: false }).status).toBe('exact');
  });

  it('a target that claims a window in its query but ignores it is wrong, on a time probe', () => {
    const t = check(serviceStop(), { windowInQuery: true, appliesWindow: false });
    expect(t.status).toBe('wrong');
    expect(t.witnesses.some((w) => w.probe.startsWith('window'))).toBe(true);
  });

  it('derived values are compared where the target computes them', () => {
    const t = check(serviceStop(), { derivedOverride: { StopMethod: 'other' } });
    expect(t.status).toBe('wrong');
    expect(t.witnesses[0]?.target).toContain('StopMethod = "other"');
  });

  it('is deterministic', () => {
    const a = checkRule(serviceStop(), [fakeTarget(new Map(), { deviate: termAsContains })]);
    const b = checkRule(serviceStop(), [fakeTarget(new Map(), { deviate: termAsContains })]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
