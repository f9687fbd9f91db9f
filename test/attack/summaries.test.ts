import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ATTACK_VERSIONS, resolveRevoked, techniqueIn, techniqueSummary, techniqueUrl } from '../../src/attack/index.js';
import { findRuleFiles, loadRuleFile } from '../../src/rule/index.js';

/** Rule pages describe each technique a rule names: a summary exists for every shipped one. */
describe('technique summaries', () => {
  it.each([
    ['T1489', 'https://attack.mitre.org/techniques/T1489/'],
    ['T1685.001', 'https://attack.mitre.org/techniques/T1685/001/'],
  ])('%s lives at %s', (id, url) => {
    expect(techniqueUrl(id)).toBe(url);
  });

  it('an id without a summary has none', () => {
    expect(techniqueSummary('T1001')).toBeUndefined();
  });

  const named = findRuleFiles(['rules']).flatMap((f) => {
    const { rule } = loadRuleFile(f);
    return rule.attack.techniques.flatMap((id) => [id, ...(resolveRevoked(id)?.chain ?? [])]);
  });
  it.each([...new Set(named)])('%s, named by a shipped rule (or its replacement), has a summary', (id) => {
    expect(techniqueSummary(id)?.length ?? 0).toBeGreaterThan(100);
  });

  it('every summary is of a technique some shipped ATT&CK version knows', () => {
    const file = JSON.parse(readFileSync(new URL('../../data/attack/technique-summaries.json', import.meta.url), 'utf8')) as { techniques: Record<string, string> };
    for (const id of Object.keys(file.techniques)) {
      expect(techniqueSummary(id), id).toBeDefined();
      expect(ATTACK_VERSIONS.some((v) => techniqueIn(v, id) !== undefined), id).toBe(true);
    }
  });
});
