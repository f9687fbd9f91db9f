import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { literals, match } from '../../../src/ir/condition.js';
import type { Rule } from '../../../src/ir/rule.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';
import { ruleWith } from './helpers.js';

const rule: Rule = ruleWith(match({ field: 'process.name', op: 'equals', values: literals(['sc.exe']) }), {
  description: 'Detects "sc.exe" stopping a service.\nSecond line with a \\ backslash.\n',
  falsePositives: ['Administrators during maintenance'],
  references: ['https://example.org/a'],
  attack: { version: '18', techniques: ['T1489', 'T1562.001'] },
  window: { ms: 24 * 3_600_000, text: '24h' },
  output: { fields: ['@timestamp', 'host.name', 'process.command_line', 'Method'], sort: [] },
  derived: [{ name: 'Method', expr: { kind: 'case', branches: [{ when: match({ field: 'process.name', op: 'equals', values: literals(['sc.exe']) }), then: { kind: 'literal', value: 'sc' } }], otherwise: { kind: 'literal', value: 'other' } } }],
  notes: { investigation: 'Check the parent.' },
});
const toml = (): Record<string, unknown> => parseToml(eqlTarget.formats['elastic-toml']?.(rule, { lenient: true }).text ?? '') as Record<string, unknown>;

describe('detection-rules TOML (eql.md "Rule envelopes")', () => {
  it('parses as TOML with the [metadata] keys', () => {
    // detection-rules writes dates as YYYY/MM/DD.
    expect(toml().metadata).toEqual({ creation_date: '2026/11/22', maturity: 'experimental', updated_date: '2026/11/22' });
  });

  it('has the [rule] keys of an EQL rule', () => {
    const r = toml().rule as Record<string, unknown>;
    expect(r).toMatchObject({
      rule_id: rule.id,
      name: rule.title,
      description: 'Detects "sc.exe" stopping a service.\nSecond line with a \\ backslash.',
      type: 'eql',
      language: 'eql',
      severity: 'high',
      // Risk score from severity: high is 73.
      risk_score: 73,
      author: ['unirule'],
      license: 'MIT',
      false_positives: ['Administrators during maintenance'],
      references: ['https://example.org/a'],
      // The window is the schedule's look-back.
      from: 'now-24h',
      interval: '5m',
      index: ['logs-endpoint.events.process-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*'],
    });
    expect(r.query).toBe('process where event.type == "start" and\n  process.name : "sc.exe"\n');
    // Output fields to investigate, with their ECS names; derived ones are explained in the note.
    expect(r.investigation_fields).toEqual({ field_names: ['@timestamp', 'host.name', 'process.command_line'] });
    expect(r.note).toContain('`Method`: when `process.name : "sc.exe"`: "sc"; otherwise "other"');
    expect(r.note).toContain('Check the parent.');
  });

  it('lists ATT&CK tactics with their techniques, sub-techniques and reference URLs', () => {
    const threat = (toml().rule as { threat: unknown[] }).threat;
    expect(threat).toEqual([
      {
        framework: 'MITRE ATT&CK',
        tactic: { id: 'TA0040', name: 'Impact', reference: 'https://attack.mitre.org/tactics/TA0040/' },
        technique: [{ id: 'T1489', name: 'Service Stop', reference: 'https://attack.mitre.org/techniques/T1489/' }],
      },
      {
        framework: 'MITRE ATT&CK',
        tactic: { id: 'TA0005', name: 'Defense Evasion', reference: 'https://attack.mitre.org/tactics/TA0005/' },
        technique: [
          {
            id: 'T1562',
            name: 'Impair Defenses',
            reference: 'https://attack.mitre.org/techniques/T1562/',
            subtechnique: [{ id: 'T1562.001', name: 'Disable or Modify Tools', reference: 'https://attack.mitre.org/techniques/T1562/001/' }],
          },
        ],
      },
    ]);
  });

  it.each([
    ['informational', 'low', 21],
    ['low', 'low', 21],
    ['medium', 'medium', 47],
    ['critical', 'critical', 99],
  ] as const)('severity %s → %s, risk %d', (severity, want, score) => {
    const text = eqlTarget.formats['elastic-toml']?.({ ...rule, severity }, { lenient: true }).text ?? '';
    expect((parseToml(text).rule as Record<string, unknown>).severity).toBe(want);
    expect((parseToml(text).rule as Record<string, unknown>).risk_score).toBe(score);
  });

  // The indices each kind is read from (schema.ts INDEX_PATTERNS): Elastic Defend writes image
  // loads into its library index, Elastic's Sysmon pipeline and Winlogbeat write driver loads,
  // process starts come from both. The tags name the sources those indices hold.
  it.each([
    ['process_creation', ['Data Source: Elastic Defend', 'Data Source: Sysmon']],
    ['image_load', ['Data Source: Elastic Defend']],
    ['driver_load', ['Data Source: Sysmon']],
  ] as const)('tags a rule over %s with the data sources of its indices', (kind, sources) => {
    const condition = kind === 'driver_load' || kind === 'image_load' ? match({ field: kind === 'driver_load' ? 'file.name' : 'dll.name', op: 'equals', values: literals(['x.sys']) }) : rule.condition;
    const text = eqlTarget.formats['elastic-toml']?.({ ...rule, logsources: [kind], condition, derived: [], output: { fields: [], sort: [] } }, { lenient: true }).text ?? '';
    const tags = (parseToml(text).rule as Record<string, unknown>).tags as string[];
    expect(tags.filter((t) => t.startsWith('Data Source: '))).toEqual(sources);
  });

  it('a short window sets both from and interval; no window uses now-9m', () => {
    const short = parseToml(eqlTarget.formats['elastic-toml']?.({ ...rule, window: { ms: 90_000, text: '90s' } }, { lenient: true }).text ?? '').rule as Record<string, unknown>;
    expect([short.from, short.interval]).toEqual(['now-90s', '90s']);
    const none = parseToml(eqlTarget.formats['elastic-toml']?.({ ...rule, window: undefined }, { lenient: true }).text ?? '').rule as Record<string, unknown>;
    expect(none.from).toBe('now-9m');
  });

  it('a query holding triple quotes still round-trips', () => {
    const odd = { ...rule, condition: match({ field: 'process.command_line', op: 'contains', values: literals(["'''", '"""']) }) };
    const r = parseToml(eqlTarget.formats['elastic-toml']?.(odd, { lenient: true }).text ?? '').rule as Record<string, unknown>;
    expect(r.query).toBe(eqlTarget.emit(odd, { lenient: true }).text);
  });

  it('is deterministic and refuses derived fields in strict mode', () => {
    const a = eqlTarget.formats['elastic-toml']?.(rule, { lenient: true }).text;
    expect(eqlTarget.formats['elastic-toml']?.(rule, { lenient: true }).text).toBe(a);
    expect(() => eqlTarget.formats['elastic-toml']?.(rule, { lenient: false })).toThrow(/derived field Method/);
  });
});

describe('Kibana import NDJSON', () => {
  it('is one JSON line with the Detection Engine fields', () => {
    const text = eqlTarget.formats['elastic-ndjson']?.(rule, { lenient: true }).text ?? '';
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().includes('\n')).toBe(false);
    const r = JSON.parse(text) as Record<string, unknown>;
    // Required for an EQL rule: name, description, risk_score, severity, type, query, language.
    expect(r).toMatchObject({ name: rule.title, risk_score: 73, severity: 'high', type: 'eql', language: 'eql', rule_id: rule.id, from: 'now-24h' });
    expect(r.query).toBe(eqlTarget.emit(rule, { lenient: true }).text);
    expect((parseToml(eqlTarget.formats['elastic-toml']?.(rule, { lenient: true }).text ?? '').rule as Record<string, unknown>).threat).toEqual(r.threat);
  });
});

describe('golden: the whole TOML file of a small rule', () => {
  it('is byte for byte this text', () => {
    const small = ruleWith(match({ field: 'process.name', op: 'equals', values: literals(['sc.exe']) }), {
      attack: { version: '18', techniques: ['T1489'] },
      window: { ms: 3_600_000, text: '1h' },
    });
    expect(eqlTarget.formats['elastic-toml']?.(small, { lenient: false }).text).toBe(
      [
        '[metadata]',
        'creation_date = "2026/11/22"',
        'maturity = "experimental"',
        'updated_date = "2026/11/22"',
        '',
        '[rule]',
        'author = ["unirule"]',
        'description = "Detects sc.exe or net.exe stopping a service."',
        'false_positives = []',
        'from = "now-1h"',
        'index = ["logs-endpoint.events.process-*", "winlogbeat-*", "logs-windows.sysmon_operational-*"]',
        'interval = "5m"',
        'language = "eql"',
        'license = "MIT"',
        'name = "Service stopped or disabled with a built-in tool"',
        'references = []',
        'risk_score = 73',
        'rule_id = "0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11"',
        'severity = "high"',
        'tags = ["Domain: Endpoint", "OS: Windows", "Use Case: Threat Detection", "Tactic: Impact", "Data Source: Elastic Defend", "Data Source: Sysmon", "Language: eql"]',
        'type = "eql"',
        '',
        "query = '''",
        'process where event.type == "start" and',
        '  process.name : "sc.exe"',
        "'''",
        '',
        '[[rule.threat]]',
        'framework = "MITRE ATT&CK"',
        '',
        '[[rule.threat.technique]]',
        'id = "T1489"',
        'name = "Service Stop"',
        'reference = "https://attack.mitre.org/techniques/T1489/"',
        '',
        '[rule.threat.tactic]',
        'id = "TA0040"',
        'name = "Impact"',
        'reference = "https://attack.mitre.org/tactics/TA0040/"',
        '',
      ].join('\n'),
    );
  });
});
