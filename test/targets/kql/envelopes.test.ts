import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { tacticsFor } from '../../../src/attack/index.js';
import { literals, match } from '../../../src/ir/condition.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';
import { ruleWith } from './rule-factory.js';
import { impairDefenses, registryRule, serviceStop } from './sample-rules.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

interface SentinelRule {
  id: string;
  name: string;
  description: string;
  severity: string;
  requiredDataConnectors: { connectorId: string; dataTypes: string[] }[];
  queryFrequency: string;
  queryPeriod: string;
  triggerOperator: string;
  triggerThreshold: number;
  tactics: string[];
  relevantTechniques: string[];
  query: string;
  entityMappings: { entityType: string; fieldMappings: { identifier: string; columnName: string }[] }[];
  version: string;
  kind: string;
}

const sentinel = (rule: Parameters<typeof kqlTarget.emit>[0]): SentinelRule => parseYaml(kqlTarget.formats['sentinel']?.(rule, { lenient: false }).text ?? '') as SentinelRule;

describe('Sentinel analytics rule (Azure-Sentinel repository format)', () => {
  it('carries the rule and its query in the Sentinel flavour', () => {
    const s = sentinel(impairDefenses);
    expect(s.id).toBe(impairDefenses.id);
    expect(s.name).toBe(impairDefenses.title);
    expect(s.description.trim()).toBe(impairDefenses.description.trim());
    // Severity capitalised, one of Informational|Low|Medium|High.
    expect(s.severity).toBe('High');
    expect(s.requiredDataConnectors).toEqual([{ connectorId: 'MicrosoftThreatProtection', dataTypes: ['DeviceProcessEvents', 'DeviceRegistryEvents'] }]);
    expect([s.queryFrequency, s.queryPeriod]).toEqual(['1d', '1d']);
    expect([s.triggerOperator, s.triggerThreshold, s.version, s.kind]).toEqual(['gt', 0, '1.0.0', 'Scheduled']);
    expect(s.query).toContain('TimeGenerated > ago(24h)');
    expect(s.query).not.toContain('Timestamp');
  });

  it('lists every tactic of every technique, by v18 name in PascalCase', () => {
    const rule = ruleWith({ condition: match({ field: 'process.name', op: 'equals', values: literals(['x']) }), techniques: ['T1562.001', 'T1489', 'T1059'] });
    const s = sentinel(rule);
    expect(s.relevantTechniques).toEqual(['T1562.001', 'T1489', 'T1059']);
    expect(s.tactics).toEqual(['DefenseEvasion', 'Impact', 'Execution']);
    for (const t of rule.attack.techniques) for (const tactic of tacticsFor(t, '18')) expect(s.tactics).toContain(tactic.name.replace(/ (\w)/g, (_m, c: string) => c.toUpperCase()));
  });

  it('maps Host and Account to columns the query returns', () => {
    for (const rule of [serviceStop, registryRule, impairDefenses]) {
      const s = sentinel(rule);
      const columns = s.entityMappings.map((e) => e.fieldMappings[0]?.columnName);
      expect(s.entityMappings.map((e) => e.entityType)).toEqual(['Host', 'Account']);
      const parsed = kqlTarget.parse(s.query, 'sentinel.kql');
      const event = rule.logsources[0] === 'registry_set'
        ? { kind: 'registry_set', '@timestamp': '2026-11-20T11:00:00Z', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend', 'registry.value': 'Start', 'registry.data': '4', 'process.name': 'reg.exe' }
        : { kind: 'process_creation', '@timestamp': '2026-11-20T11:00:00Z', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend' };
      const rows = [...kqlTarget.run(parsed, [kqlTarget.project(event)], { now: NOW })];
      expect(rows.length, rule.name).toBe(1);
      for (const c of columns) expect(Object.keys(rows[0] as object)).toContain(c);
    }
    expect(sentinel(registryRule).entityMappings[1]?.fieldMappings[0]?.columnName).toBe('InitiatingProcessAccountName');
  });

  it.each([
    ['1m', '5m'],
    ['90m', '90m'],
    ['12h', '12h'],
    ['30d', '14d'],
  ])('a %s window runs over %s (5m..14d, period = frequency)', (window, period) => {
    const s = sentinel(ruleWith({ condition: match({ field: 'process.name', op: 'equals', values: literals(['x']) }), window }));
    expect([s.queryPeriod, s.queryFrequency]).toEqual([period, period]);
  });

  it('is byte-for-byte deterministic', () => {
    const a = kqlTarget.formats['sentinel']?.(impairDefenses, { lenient: false }).text;
    expect(kqlTarget.formats['sentinel']?.(impairDefenses, { lenient: false }).text).toBe(a);
  });
});

describe('Defender custom detection', () => {
  const detection = (rule: Parameters<typeof kqlTarget.emit>[0]) => {
    const out = kqlTarget.formats['defender']?.(rule, { lenient: false });
    return { json: JSON.parse(out?.text ?? '{}') as { displayName: string; queryCondition: { queryText: string }; schedule: { period: string }; detectionAction: { alertTemplate: Record<string, unknown> } }, approximations: out?.approximations ?? [] };
  };

  it('returns Timestamp, ReportId and DeviceId and does not filter on Timestamp', () => {
    const { json } = detection(serviceStop);
    const query = json.queryCondition.queryText;
    expect(query).not.toMatch(/ago\(/);
    const rows = [...kqlTarget.run(kqlTarget.parse(query, 'd.kql'), [{ Timestamp: '2026-11-20T11:00:00Z', DeviceId: 'd1', ReportId: 7, FileName: 'sc.exe', ProcessCommandLine: 'sc stop x' }], { now: NOW })];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Timestamp: '2026-11-20T11:00:00Z', DeviceId: 'd1', ReportId: 7 });
  });

  it('sets schedule, severity, category and techniques; the window is reported', () => {
    const { json, approximations } = detection(impairDefenses);
    expect(json.schedule.period).toBe('24H');
    expect(json.detectionAction.alertTemplate).toMatchObject({ severity: 'high', category: 'DefenseEvasion', mitreTechniques: ['T1562.001'] });
    expect(approximations.map((a) => a.predicate)).toEqual(['window 24h']);
  });
});
