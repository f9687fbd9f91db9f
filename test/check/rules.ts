import { loadRuleText } from '../../src/rule/index.js';
import type { Rule } from '../../src/ir/rule.js';

/** Small rules written for these tests, loaded through the real loader. */
const HEADER = `
id: 6a1d7c2e-9a55-4e41-8f0e-2c5b7d9e1a02
title: Test rule
description: A rule for the check's tests.
author: [unirule]
date: 2026-11-22
status: experimental
severity: high
confidence: high
attack: { version: "18", techniques: [T1489] }
references: []
false_positives: [Administrators]
data_sources: ["Process: Process Creation"]
related: []
`;

export function ruleFrom(body: string, name = 'test-rule'): Rule {
  return loadRuleText(`name: ${name}\n${HEADER}${body}`, `${name}.yml`).rule;
}

/** Service stop: a name list, a term, a derived field; one matching and one non-matching test. */
export const serviceStop = (): Rule =>
  ruleFrom(`
logsources: [process_creation]
window: 24h
lists:
  ServiceTools: [sc.exe, net.exe]
condition:
  all:
    - { field: process.name, op: equals, list: ServiceTools }
    - { field: process.command_line, op: term, values: [stop] }
derived:
  - name: StopMethod
    expr:
      case:
        - when: { field: process.name, op: equals, value: sc.exe }
          then: { value: sc }
        - else: { value: other }
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: sc stop
      expect: match
      event: { kind: process_creation, '@timestamp': '2026-11-20T10:00:00Z', process.name: sc.exe, process.command_line: sc stop WinDefend, host.name: pc1, user.name: bob }
      derived: { StopMethod: sc }
    - name: sc query
      expect: no_match
      event: { kind: process_creation, '@timestamp': '2026-11-20T10:00:00Z', process.name: sc.exe, process.command_line: sc query WinDefend }
`, 'service-stop');

/** Reads two kinds: a registry key term, or a process command line. */
export const twoKinds = (): Rule =>
  ruleFrom(`
logsources: [process_creation, registry_set]
condition:
  any:
    - all: [{ kind: registry_set }, { field: registry.key, op: term, value: WinDefend }]
    - { field: process.command_line, op: contains, value: 'Set-MpPreference' }
tests:
  now: '2026-11-20T12:00:00Z'
  cases: []
`, 'two-kinds');

export const globRule = (): Rule =>
  ruleFrom(`
logsources: [file_event]
condition: { field: file.name, op: wildcard, value: 'evil*.dll' }
tests:
  now: '2026-11-20T12:00:00Z'
  cases: []
`, 'glob-rule');
