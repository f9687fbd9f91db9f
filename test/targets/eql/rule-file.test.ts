import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { loadRuleText } from '../../../src/rule/index.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';

/**
 * A rule file that reads two event kinds, through the loader, to EQL: the registry key is
 * hive-relative in ECS, the data is an array, and the registry actor is process.* (fields.md).
 * Every test case must get its expected verdict from the emitted EQL on the ECS document.
 */
const RULE = `
id: 7b0c3a52-1d6e-4f0a-9b8e-3c2d1e0f4a55
name: defender-service-disabled
title: Defender service disabled
description: |
  The WinDefend service start type is set to disabled, by reg.exe or in the registry.
author: [unirule]
date: 2026-11-22
status: test
severity: critical
confidence: medium
attack:
  version: "18"
  techniques: [T1562.001]
references: []
false_positives: []
data_sources: []
related: []
notes: {}
logsources: [process_creation, registry_set]
lists:
  Editors: [reg.exe, powershell.exe]
condition:
  any:
    - all:
        - kind: process_creation
        - field: process.name
          op: equals
          list: Editors
        - field: process.command_line
          op: contains
          values: ['\\Services\\WinDefend']
        - field: process.args
          op: equals
          values: ['/d', '4']
          match: all
    - all:
        - kind: registry_set
        - field: registry.key
          op: endswith
          value: '\\Services\\WinDefend'
        - field: registry.value
          op: equals
          value: Start
          case: sensitive
        - field: registry.data
          op: equals
          value: '4'
output:
  fields: []
  sort: []
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: reg add
      expect: match
      event:
        kind: process_creation
        process.name: REG.EXE
        process.command_line: reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend /v Start /d 4
        process.args: [reg, add, 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend', /v, Start, /d, '4']
    - name: reg add of another value
      expect: no_match
      event:
        kind: process_creation
        process.name: reg.exe
        process.command_line: reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend /v Start /d 3
        process.args: [reg, add, /d, '3']
    - name: registry value set
      expect: match
      event:
        kind: registry_set
        process.name: svchost.exe
        registry.hive: HKLM
        registry.key: SYSTEM\\CurrentControlSet\\Services\\WinDefend
        registry.value: Start
        registry.data: '4'
    - name: value name in another case
      expect: no_match
      event:
        kind: registry_set
        registry.hive: HKLM
        registry.key: SYSTEM\\CurrentControlSet\\Services\\WinDefend
        registry.value: START
        registry.data: '4'
`;

describe('a two-kind rule file, emitted to EQL', () => {
  const { rule } = loadRuleText(RULE, 'defender-service-disabled.yml');
  // Lenient: registry.key reads the value name too on Elastic's Sysmon documents (emit.ts).
  const emitted = eqlTarget.emit(rule, { lenient: true });
  const text = emitted.text;

  it('declares the registry.key test an approximation and nothing else', () => {
    expect(emitted.approximations.map((a) => a.predicate)).toEqual(['registry.key endswith ["\\\\Services\\\\WinDefend"]']);
  });

  it('is one any-where query with a branch per kind', () => {
    expect(text).toBe(
      'any where\n' +
        '  (event.category == "process" and event.type == "start" and process.name : ("reg.exe", "powershell.exe") and process.command_line : "*\\\\Services\\\\WinDefend*" and process.args : "/d" and process.args : "4") or\n' +
        '  (event.category == "registry" and event.type == "change" and registry.key : "*\\\\Services\\\\WinDefend" and registry.value == "Start" and registry.data.strings : "4")\n',
    );
  });

  it.each(rule.tests.cases.map((c) => [c.name, c] as const))('test case: %s', (_name, c) => {
    const verdict = eqlTarget.compile(eqlTarget.parse(text, 'q.eql'), { now: 0 })(eqlTarget.project(c.event)).matched;
    expect(verdict).toBe(c.expect === 'match');
    expect(compileRule(rule)(c.event, { now: Date.parse(rule.tests.now) }).matched).toBe(c.expect === 'match');
  });

  it('the TOML lists both index families and the critical risk score', () => {
    const toml = eqlTarget.formats['elastic-toml']?.(rule, { lenient: true }).text ?? '';
    expect(toml).toContain('index = ["logs-endpoint.events.process-*", "winlogbeat-*", "logs-windows.sysmon_operational-*", "logs-endpoint.events.registry-*"]');
    expect(toml).toContain('risk_score = 99');
    expect(toml).toContain('maturity = "beta"');
  });
});
