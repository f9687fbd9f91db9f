import { expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import type { Rule } from '../../src/ir/rule.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import { NotExpressibleError } from '../../src/targets/contract.js';
import { TARGETS } from '../../src/targets/registry.js';
import { kustoErrors } from './kql/kusto-language-service.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

/** The text each target must write for the rule (a piece of it, or a pattern), from kql.md, sigma.md, eql.md. */
export interface TargetForms {
  readonly kql: string | RegExp;
  readonly sigma: string | RegExp;
  readonly eql: string | RegExp;
}

/**
 * The tests a logical field owes on every target, for one rule over it: each target writes it
 * strictly, in the expected form, without an approximation (KQL also passes Microsoft's
 * analyser); its own evaluator agrees with the reference on every probe; and the text read
 * back means the rule again. The probes must tell matching from not matching, or the
 * agreement would prove nothing. Call inside a `describe`.
 */
export function itIsExactOnEveryTarget(rule: Rule, probes: readonly LogicalEvent[], forms: TargetForms): void {
  itIsExactOn(rule, probes, forms);
}

/**
 * The same tests on the targets `forms` names, for a field some target cannot say exactly
 * (that target's refusal or declared approximation is then tested on its own).
 */
export function itIsExactOn(rule: Rule, probes: readonly LogicalEvent[], forms: Partial<TargetForms>): void {
  const reference = compileRule(rule);
  const want = probes.map((e) => reference(e, { now: NOW }).matched);
  const targets = TARGETS.filter((t) => formOf(forms, t.id) !== undefined);

  it('the probes are not vacuous', () => {
    expect(want).toContain(true);
    expect(want).toContain(false);
  });

  it.each(targets.map((t) => [t.id, t] as const))('%s writes it exactly, agrees on every probe, and reads it back', (id, target) => {
    let out;
    try {
      out = target.emit(rule, { lenient: false });
    } catch (err) {
      if (err instanceof NotExpressibleError) expect.fail(`${id} refused: ${err.reason}`);
      throw err;
    }
    expect(out.approximations).toEqual([]);
    const form = formOf(forms, id) as string | RegExp;
    if (typeof form === 'string') expect(out.text).toContain(form);
    else expect(out.text).toMatch(form);
    if (id === 'kql') expect(kustoErrors(out.text)).toEqual([]);
    const name = `rule${target.extension}`;
    const run = target.compile(target.parse(out.text, name), { now: NOW });
    expect(probes.map((e) => run(target.project(e)).matched)).toEqual(want);
    const back = compileRule(target.importRule(target.parse(out.text, name), name));
    expect(probes.map((e) => back(e, { now: NOW }).matched)).toEqual(want);
  });
}

function formOf(forms: Partial<TargetForms>, id: string): string | RegExp | undefined {
  return id === 'kql' ? forms.kql : id === 'sigma' ? forms.sigma : id === 'eql' ? forms.eql : undefined;
}
