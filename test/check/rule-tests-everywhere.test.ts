import { describe, expect, it } from 'vitest';
import { runRuleTestsEverywhere } from '../../src/check/rule-tests-everywhere.js';
import { fakeTarget } from './fake-target.js';
import { serviceStop } from './rules.js';

describe('runRuleTestsEverywhere: a rule\'s own tests on each target', () => {
  it('a faithful target passes every test', () => {
    const r = runRuleTestsEverywhere(serviceStop(), [fakeTarget(new Map())]);
    expect(r.failures).toBe(0);
    expect(r.lines[0]).toBe('ok   kql: 2/2 tests pass');
  });

  it('an undeclared failing test is counted and named', () => {
    const r = runRuleTestsEverywhere(serviceStop(), [fakeTarget(new Map(), { derivedOverride: { StopMethod: 'other' } })]);
    expect(r.failures).toBe(1);
    expect(r.lines.join('\n')).toContain('sc stop: derived StopMethod: expected "sc", got "other"');
  });

  it('a failing test on a declared approximation is reported, not counted', () => {
    const r = runRuleTestsEverywhere(serviceStop(), [fakeTarget(new Map(), { derivedOverride: { StopMethod: 'other' }, declares: [{ predicate: 'StopMethod', reason: 'x' }] })]);
    expect(r.failures).toBe(0);
    expect(r.lines[0]).toMatch(/^ok ≈ kql: 1\/2 tests pass \(approximate: StopMethod\)/);
  });

  it('not expressible is reported, not failed', () => {
    const r = runRuleTestsEverywhere(serviceStop(), [fakeTarget(new Map(), { strictRefuses: true, lenientRefuses: true })]);
    expect(r.failures).toBe(0);
    expect(r.lines[0]).toContain('not expressible');
  });
});
