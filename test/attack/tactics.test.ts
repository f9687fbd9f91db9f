import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { tacticIn } from '../../src/attack/index.js';
import { emitRuleYaml } from '../../src/build/rule-yaml.js';
import { SourceError } from '../../src/diagnostics.js';
import type { Rule } from '../../src/ir/rule.js';
import { loadRuleText } from '../../src/rule/index.js';
import { eqlTarget } from '../../src/targets/eql/index.js';
import { kqlTarget } from '../../src/targets/kql/index.js';
import { emitSigma } from '../../src/targets/sigma/emit.js';
import { importSigma } from '../../src/targets/sigma/import.js';
import { parseSigma } from '../../src/targets/sigma/parse.js';

/**
 * A tactic named without a technique (Sigma tag `attack.defense-evasion`, the tags appendix's
 * name for TA0005) is part of the rule model (`attack.tactics`) and reaches every envelope
 * that lists tactics: Sentinel `tactics`, Defender `category`, Elastic `threat`, Sigma `tags`.
 */
const SIGMA = `title: Tactic only
id: 6d1e2f30-4a5b-4c6d-8e7f-90a1b2c3d4e5
status: test
tags:
  - attack.defense-evasion
logsource:
  category: process_creation
  product: windows
detection:
  sel:
    CommandLine|contains: 'evil'
  condition: sel
level: high
`;
const rule: Rule = importSigma(parseSigma(SIGMA, 'tactic.yml'), 'tactic.yml');

describe('a tactic-only rule', () => {
  it('holds the tactic id', () => {
    expect(rule.attack.techniques).toEqual([]);
    expect(rule.attack.tactics).toEqual(['TA0005']);
  });

  it('Sentinel lists it under tactics, named as Sentinel names ATT&CK v18 tactics; Defender takes it as category', () => {
    const s = parseYaml(kqlTarget.formats['sentinel']?.(rule, { lenient: true }).text ?? '') as { tactics: string[]; relevantTechniques: string[] };
    expect(s.tactics).toEqual(['DefenseEvasion']);
    expect(s.relevantTechniques).toEqual([]);
    const d = JSON.parse(kqlTarget.formats['defender']?.(rule, { lenient: true }).text ?? '{}') as Record<string, unknown>;
    expect(JSON.stringify(d)).toContain('"category":"DefenseEvasion"');
  });

  it('Elastic gets a threat entry for the tactic with no techniques', () => {
    const toml = parseToml(eqlTarget.formats['elastic-toml']?.(rule, { lenient: true }).text ?? '') as { rule: { threat: unknown[] } };
    const v = rule.attack.version;
    expect(toml.rule.threat).toEqual([
      { framework: 'MITRE ATT&CK', tactic: { id: 'TA0005', name: tacticIn(v, 'TA0005')?.name, reference: 'https://attack.mitre.org/tactics/TA0005/' } },
    ]);
    const ndjson = JSON.parse(eqlTarget.formats['elastic-ndjson']?.(rule, { lenient: true }).text ?? '{}') as { threat: { tactic: { id: string }; technique: unknown[] }[] };
    expect(ndjson.threat.map((t) => [t.tactic.id, t.technique])).toEqual([['TA0005', []]]);
  });

  it('the Sigma writer tags it, and reading that back gives the same tactic', () => {
    const text = emitSigma(rule, { lenient: true }).text;
    const tags = (parseAllDocuments(text)[0]?.toJS() as { tags?: string[] }).tags;
    expect(tags).toEqual([`attack.${tacticIn(rule.attack.version, 'TA0005')?.shortname as string}`]);
    expect(importSigma(parseSigma(text, 'again.yml'), 'again.yml').attack).toEqual(rule.attack);
  });

  it('the rule file written by translate --to ir keeps it and loads back to the same attack', () => {
    const text = emitRuleYaml(rule).text;
    expect(text).toMatch(/tactics:\n\s+- TA0005/);
    expect(loadRuleText(text, 'r.yml').rule.attack).toEqual(rule.attack);
  });
});

describe('attack.tactics in a rule file', () => {
  const file = (attack: string): string => `id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
name: tactics
title: Tactics
date: 2026-11-22
status: experimental
severity: high
confidence: high
attack:
${attack}
logsources: [process_creation]
condition: { field: process.name, op: equals, value: sc.exe }
tests:
  now: '2026-11-20T12:00:00Z'
  cases: [{ name: sc, expect: match, event: { kind: process_creation, process.name: sc.exe } }]
`;
  const errors = (text: string): string[] => {
    try {
      loadRuleText(text, 'r.yml');
      return [];
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      return err.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.position.line}:${d.position.col} ${d.message}`);
    }
  };

  it('is optional and holds ids', () => {
    expect(loadRuleText(file('  version: "19"\n  techniques: []\n  tactics: [TA0005, TA0112]'), 'r.yml').rule.attack.tactics).toEqual(['TA0005', 'TA0112']);
    expect(loadRuleText(file('  version: "19"\n  techniques: [T1489]'), 'r.yml').rule.attack.tactics).toBeUndefined();
  });

  it.each([
    // TA0112 (Defense Impairment) is new in v19.
    ['  version: "18"\n  techniques: []\n  tactics: [TA0112]', /^11:13 TA0112 is not an ATT&CK tactic in version 18$/],
    ['  version: "19"\n  techniques: []\n  tactics: [TA9999]', /^11:13 TA9999 is not an ATT&CK tactic in version 19$/],
    ['  version: "19"\n  techniques: []\n  tactics: [defense-evasion]', /^11:13 `attack\.tactics\.0` must be an ATT&CK tactic id like TA0005$/],
  ])('%j is an error at the id', (attack, message) => {
    expect(errors(file(attack))).toEqual([expect.stringMatching(message)]);
  });
});
