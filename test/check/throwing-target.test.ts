import { describe, expect, it } from 'vitest';
import { planBuild } from '../../src/build/plan.js';
import { checkRule } from '../../src/check/agreement.js';
import { formatAgreementText, hasWrong } from '../../src/check/report.js';
import { runTargetTests } from '../../src/cli/commands/test-targets.js';
import type { Target } from '../../src/targets/contract.js';
import { kqlTarget } from '../../src/targets/kql/index.js';
import { serviceStop } from './rules.js';

/**
 * A target that throws (an unfinished one, like the Sigma placeholder, or a bug) is that
 * target's failure in check, test and build — reported with its message — while every other
 * target is still checked and written. Nothing crashes.
 */
const boom = (where: string) => (): never => {
  throw new Error(`${where} is not built yet`);
};
function throwing(at: 'emit' | 'parse' | 'compile' | 'project'): Target<unknown> {
  const base = kqlTarget as Target<unknown>;
  return {
    ...base,
    id: 'sigma',
    ...(at === 'emit' ? { emit: boom('emit') } : {}),
    ...(at === 'parse' ? { parse: boom('parse') } : {}),
    ...(at === 'compile' ? { compile: boom('compile') } : {}),
    ...(at === 'project' ? { project: boom('project') } : {}),
    // Its own format name, so build asks this target (and not the real KQL one) to write it.
    formats: { sigma: at === 'emit' ? boom('emit') : base.formats['kql']! },
  };
}
const healthy = kqlTarget as Target<unknown>;

describe.each(['emit', 'parse', 'compile', 'project'] as const)('a target whose %s throws', (at) => {
  it('check: that target is wrong with the message, the other target is still exact', () => {
    const result = checkRule(serviceStop(), [healthy, throwing(at)]);
    const [kql, bad] = result.targets;
    expect(kql?.status).toBe('exact');
    expect(bad?.status).toBe('wrong');
    expect(`${bad?.reason ?? ''} ${JSON.stringify(bad?.witnesses ?? [])}`).toContain(`${at} is not built yet`);
    expect(hasWrong([result])).toBe(true);
    expect(formatAgreementText([result])).toMatch(/service-stop × sigma: wrong/);
  });

  it('test: one failure for that target, named, and the other target passes', () => {
    const report = runTargetTests(serviceStop(), [healthy, throwing(at)]);
    expect(report.lines[0]).toBe('ok   kql: 2/2 tests pass');
    expect(report.failures).toBeGreaterThan(0);
    expect(report.lines.slice(1).join('\n')).toContain(`${at} is not built yet`);
  });
});

describe('build with a target whose emitter throws', () => {
  const plan = planBuild([serviceStop()], [healthy, throwing('emit')]);
  const forms = plan.rules[0]?.forms ?? [];

  it('marks that form failed with the message and writes no file for it', () => {
    const sigma = forms.find((f) => f.format === 'sigma');
    expect(sigma).toEqual({ format: 'sigma', kind: 'failed', reason: 'the sigma target failed to write sigma: emit is not built yet' });
    expect([...plan.files.keys()].some((p) => p.startsWith('sigma/'))).toBe(false);
  });

  it('still writes every other form and the docs page, which names the failure', () => {
    expect(plan.files.has('kql/service-stop.kql')).toBe(true);
    expect(plan.files.has('sentinel/service-stop.yaml')).toBe(true);
    const page = plan.files.get('docs/service-stop.md') ?? '';
    expect(page).toContain('### Sigma\n\n**Not generated, the target failed**: the sigma target failed to write sigma: emit is not built yet.');
    expect(page).toMatch(/\| sigma \| ✗ wrong \| 0 \| 0 \|/);
  });
});
