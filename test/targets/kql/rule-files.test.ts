import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { findRuleFiles, loadRuleFile } from '../../../src/rule/index.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';
import { kustoErrors } from './kusto-language-service.js';

/**
 * Every rule file the project has (the shipped rules, and the CLI's fixture rule so that the
 * suite never runs empty): both flavours pass Microsoft's parser, and the emitted query, run
 * by our evaluator on each test event projected into a Defender row, gives the rule's verdict.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const files = [
  ...(existsSync(`${root}rules`) ? findRuleFiles([`${root}rules`]) : []),
  `${root}test/cli/fixtures/service-stop.yml`,
];

describe.each(files.map((f) => [f.slice(root.length), f] as const))('%s', (_name, file) => {
  const { rule } = loadRuleFile(file);
  const emitted = (() => {
    try {
      return kqlTarget.emit(rule, { lenient: false });
    } catch (err) {
      if (err instanceof NotExpressibleError) return undefined;
      throw err;
    }
  })();

  it.each(['defender', 'sentinel'] as const)('the %s form passes Microsoft\'s parser', (flavour) => {
    const text = kqlTarget.emit(rule, { lenient: true, flavour }).text;
    expect(kustoErrors(text, flavour), text).toEqual([]);
  });

  it.runIf(emitted !== undefined)('the emitted query gives each test its expected verdict and derived values', () => {
    const now = Date.parse(rule.tests.now);
    const verdict = kqlTarget.compile(kqlTarget.parse(emitted?.text ?? '', 'emitted.kql'), { now });
    const reference = compileRule(rule);
    expect(rule.tests.cases.length).toBeGreaterThan(0);
    for (const c of rule.tests.cases) {
      const got = verdict(kqlTarget.project(c.event));
      expect(got.matched, c.name).toBe(c.expect === 'match');
      expect(got.matched, c.name).toBe(reference(c.event, { now }).matched);
      for (const [k, v] of Object.entries(c.derived ?? {})) expect(got.derived[k], `${c.name}: ${k}`).toEqual(v);
    }
  });
});
