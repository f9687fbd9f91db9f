import type { LogicalEvent } from '../../src/ir/value.js';

/** Small valid inputs in every accepted language, which the hostile cases cut, bloat and nest. */
export const IR_RULE = `id: 3f6b2a10-5d4e-4c1a-9b7e-0a1b2c3d4e5f
name: hostile-base
title: Base rule for hostile inputs
description: A valid rule the hostile tests start from.
author: [unirule]
date: 2026-11-22
status: experimental
severity: low
confidence: low
attack:
  version: "18"
  techniques: [T1489]
references: []
false_positives: []
data_sources: []
related: []
notes: {}
logsources: [process_creation]
lists:
  Tools: [sc.exe, net.exe]
condition:
  all:
    - field: process.name
      op: equals
      list: Tools
    - field: process.command_line
      op: contains
      values: [stop]
tests:
  now: '2026-11-20T12:00:00Z'
  cases:
    - name: a stop
      expect: match
      event:
        kind: process_creation
        '@timestamp': '2026-11-20T10:00:00Z'
        process.name: sc.exe
        process.command_line: sc stop WinDefend
`;

/** IR_RULE with its condition replaced (the condition text is indented two spaces). */
export function irRuleWithCondition(condition: string): string {
  const head = IR_RULE.slice(0, IR_RULE.indexOf('condition:\n'));
  const tests = IR_RULE.slice(IR_RULE.indexOf('tests:\n'));
  return `${head}condition:\n${condition}${tests}`;
}

export const KQL_QUERY = `let Tools = dynamic(["sc.exe", "net.exe"]);
DeviceProcessEvents
| where Timestamp > ago(1d)
| where FileName in~ (Tools) and ProcessCommandLine has "stop"
| project Timestamp, DeviceName, ProcessCommandLine`;

export const EQL_QUERY = `process where event.type == "start" and
  process.name : ("sc.exe", "net.exe") and process.command_line : "*stop*"`;

export const SIGMA_RULE = `title: Base rule for hostile inputs
id: 3f6b2a10-5d4e-4c1a-9b7e-0a1b2c3d4e5f
status: experimental
description: A valid rule the hostile tests start from.
author: unirule
date: 2026-11-22
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith:
            - '\\sc.exe'
            - '\\net.exe'
        CommandLine|contains: stop
    condition: selection
level: low
`;

export const NOW = Date.parse('2026-11-20T12:00:00Z');

/** The same process event in the rule model's shape; targets project it into theirs. */
export function processEvent(commandLine: string): LogicalEvent {
  return {
    kind: 'process_creation',
    '@timestamp': '2026-11-20T10:00:00Z',
    'process.name': 'sc.exe',
    'process.executable': 'C:\\Windows\\System32\\sc.exe',
    'process.command_line': commandLine,
  };
}
