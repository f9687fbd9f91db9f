import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput, planBuild } from '../../src/build/index.js';
import { loadRules } from '../../src/rule/index.js';
import { findRuleFiles } from '../../src/rule/index.js';
import { TARGETS } from '../../src/targets/registry.js';

/** Issue 6: the committed output/ is what `unirule build` makes of rules/; a stale output/ fails the suite. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('output/ is fresh', () => {
  const files = findRuleFiles([join(ROOT, 'rules')]);
  it('has rules to build', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
  });
  it('matches a build of rules/ byte for byte (run `unirule build` to refresh)', () => {
    const plan = planBuild(loadRules([join(ROOT, 'rules')]).map((l) => l.rule), TARGETS);
    expect(checkOutput(join(ROOT, 'output'), plan.files)).toEqual({ missing: [], stale: [], extra: [] });
  });
});
