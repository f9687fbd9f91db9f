import { describe, expect, it } from 'vitest';
import { and, eventKindIs, listRef, literals, match, not, or, type Condition } from '../../../../src/ir/condition.js';
import type { EventKind } from '../../../../src/ir/event-kind.js';
import type { Rule } from '../../../../src/ir/rule.js';
import { emitSigma } from '../../../../src/targets/sigma/emit.js';
import { sigmaFileName } from '../../../../src/targets/sigma/file-name.js';
import { documentId } from '../../../../src/targets/sigma/uuid.js';

/**
 * Whole emitted files for representative rules. The expected texts are written by hand from
 * the Sigma specification and SigmaHQ's conventions (sigma.md "A rule": key order, file names;
 * "Detection": escaping; "Condition grammar"), not copied from the emitter's output.
 */
const m = (field: string, op: Parameters<typeof match>[0]['op'], values: readonly string[], extra: Partial<Parameters<typeof match>[0]> = {}): Condition =>
  match({ field, op, values: literals(values), ...extra });

function rule(over: Partial<Rule> & { condition: Condition; logsources: readonly EventKind[] }): Rule {
  return {
    id: '0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11',
    name: 'sc-stop-service',
    title: 'Service stopped with sc.exe',
    description: 'Detects sc.exe stopping or reconfiguring a service.',
    author: ['unirule'],
    date: '2026-11-22',
    status: 'experimental',
    severity: 'high',
    confidence: 'high',
    attack: { version: '18', techniques: ['T1489'] },
    references: ['https://attack.mitre.org/techniques/T1489/'],
    falsePositives: ['Administrators stopping services during maintenance'],
    dataSources: [],
    related: [],
    notes: {},
    lists: new Map(),
    derived: [],
    output: { fields: [], sort: [] },
    tests: { now: '2026-11-20T12:00:00Z', cases: [] },
    ...over,
  };
}

describe('golden Sigma text', () => {
  it('a process rule with a selection and a filter', () => {
    const r = rule({
      logsources: ['process_creation'],
      modified: '2026-11-23',
      condition: and([
        m('process.executable', 'endswith', ['\\sc.exe']),
        m('process.command_line', 'contains', [' stop ', ' config ']),
        not(m('process.parent.executable', 'endswith', ['\\services.exe'])),
      ]),
      output: { fields: ['@timestamp', 'host.name', 'process.command_line'], sort: [] },
    });
    const expected = `title: Service stopped with sc.exe
id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
status: experimental
description: Detects sc.exe stopping or reconfiguring a service.
references:
    - https://attack.mitre.org/techniques/T1489/
author: unirule
date: 2026-11-22
modified: 2026-11-23
tags:
    - attack.impact
    - attack.t1489
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\sc.exe'
        CommandLine|contains:
            - ' stop '
            - ' config '
    filter_main_parent:
        ParentImage|endswith: '\\services.exe'
    condition: selection and not filter_main_parent
fields:
    - UtcTime
    - Computer
    - CommandLine
falsepositives:
    - Administrators stopping services during maintenance
level: high
`;
    const out = emitSigma(r, { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(out.text).toBe(expected);
    expect(sigmaFileName(r)).toBe('proc_creation_win_sc_stop_service.yml');
  });

  it('terms, case-sensitive tests, several selections and several filters', () => {
    const r = rule({
      logsources: ['process_creation'],
      lists: new Map([['Tools', ['C:\\Tools\\*', 'D:\\?.exe']]]),
      condition: and([
        or([m('process.command_line', 'term', ['stop']), m('process.command_line', 'termprefix', ['Stop-'])]),
        match({ field: 'process.parent.executable', op: 'wildcard', values: listRef('Tools') }),
        m('process.pe.original_file_name', 'equals', ['sc.exe'], { caseRule: 'sensitive' }),
        not(m('user.domain', 'exists', [])),
        not(m('process.pid', 'lte', ['4'])),
      ]),
    });
    // user.domain has no exact Sysmon form: the lenient text is the golden one. Two
    // alternatives on the same field and modifiers are one list under it (values are ORed).
    const expected = `title: Service stopped with sc.exe
id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
status: experimental
description: Detects sc.exe stopping or reconfiguring a service.
references:
    - https://attack.mitre.org/techniques/T1489/
author: unirule
date: 2026-11-22
tags:
    - attack.impact
    - attack.t1489
logsource:
    category: process_creation
    product: windows
detection:
    selection_parent:
        ParentImage:
            - 'C:\\Tools\\*'
            - 'D:\\?.exe'
        OriginalFileName|cased: 'sc.exe'
    selection_cli:
        CommandLine|re|i:
            - '(?:^|[^0-9A-Za-z])stop(?:[^0-9A-Za-z]|$)'
            - '(?:^|[^0-9A-Za-z])Stop-'
    filter_main_user:
        User|exists: true
    filter_main_processid:
        ProcessId|lte: 4
    condition: all of selection_* and not 1 of filter_main_*
falsepositives:
    - Administrators stopping services during maintenance
level: high
`;
    const out = emitSigma(r, { lenient: true });
    expect(out.text).toBe(expected);
    expect(out.approximations.map((a) => a.predicate)).toEqual(['user.domain exists']);
  });

  it('a rule over process and registry events: two documents linked by related', () => {
    const r = rule({
      name: 'defender-disabled',
      title: 'Defender disabled',
      description: 'Turns off Microsoft Defender.\nBy command or by policy.\n',
      attack: { version: '18', techniques: ['T1562.001'] },
      references: [],
      falsePositives: [],
      logsources: ['process_creation', 'registry_set'],
      condition: or([
        and([eventKindIs('process_creation'), m('process.command_line', 'contains', ['Set-MpPreference -DisableRealtimeMonitoring $true'])]),
        and([
          eventKindIs('registry_set'),
          m('registry.hive', 'equals', ['HKLM']),
          m('registry.key', 'equals', ['SOFTWARE\\Policies\\Microsoft\\Windows Defender']),
          m('registry.value', 'equals', ['DisableAntiSpyware']),
          m('registry.data', 'equals', ['1']),
        ]),
      ]),
    });
    const second = documentId(r.id, 'registry_set');
    const expected = `title: Defender disabled - Process Creation
id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
related:
    - id: ${second}
      type: similar
status: experimental
description: |
    Turns off Microsoft Defender.
    By command or by policy.
author: unirule
date: 2026-11-22
tags:
    - attack.defense-evasion
    - attack.t1562.001
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        CommandLine|contains: 'Set-MpPreference -DisableRealtimeMonitoring $true'
    condition: selection
falsepositives:
    - Unknown
level: high
---
title: Defender disabled - Registry
id: ${second}
related:
    - id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
      type: similar
status: experimental
description: |
    Turns off Microsoft Defender.
    By command or by policy.
author: unirule
date: 2026-11-22
tags:
    - attack.defense-evasion
    - attack.t1562.001
logsource:
    category: registry_set
    product: windows
detection:
    selection:
        TargetObject: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware'
        Details:
            - 'DWORD (0x00000001)'
            - '1'
    condition: selection
falsepositives:
    - Unknown
level: high
`;
    expect(() => emitSigma(r, { lenient: false })).toThrow(/cannot express registry\.hive equals "HKLM" and registry\.key equals/);
    const out = emitSigma(r, { lenient: true });
    expect(out.text).toBe(expected);
    expect(out.approximations.map((a) => a.predicate)).toEqual([
      'registry.hive equals "HKLM" and registry.key equals "SOFTWARE\\\\Policies\\\\Microsoft\\\\Windows Defender" and registry.value equals "DisableAntiSpyware"',
      'registry.data equals ["1"]',
    ]);
    expect(sigmaFileName(r)).toBe('proc_creation_win_defender_disabled.yml');
  });

  it('a condition that is always true for a kind tests the event id; one never true is written as such', () => {
    const always = rule({ logsources: ['registry_set'], condition: eventKindIs('registry_set'), attack: { version: '18', techniques: [] } });
    expect(emitSigma(always, { lenient: false }).text).toContain(`detection:
    selection:
        EventID: 13
    condition: selection
`);
    const never = rule({ logsources: ['process_creation', 'registry_set'], condition: and([eventKindIs('registry_set'), eventKindIs('process_creation')]) });
    const text = emitSigma(never, { lenient: false }).text;
    expect(text).not.toContain('---');
    expect(text).toContain(`detection:
    selection:
        EventID: 1
    condition: not selection
`);
  });
});

describe('document ids and file names', () => {
  it('a long title keeps within Sigma\'s 256 characters when a kind is appended', () => {
    const r = rule({ title: 'x'.repeat(256), logsources: ['process_creation', 'network_connection'], condition: or([eventKindIs('process_creation'), eventKindIs('network_connection')]) });
    const titles = [...emitSigma(r, { lenient: false }).text.matchAll(/^title: (.*)$/gm)].map((m) => m[1] as string);
    expect(titles.map((t) => t.length)).toEqual([256, 256]);
    expect(titles[1]).toMatch(/x… - Network Connection$/);
  });

  it('derives a stable name-based UUID (version 5, RFC variant) per extra document', () => {
    const id = documentId('0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11', 'registry_set');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(documentId('0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11', 'registry_set')).toBe(id);
    expect(documentId('0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11', 'file_event')).not.toBe(id);
    expect(documentId('0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c12', 'registry_set')).not.toBe(id);
  });

  it.each([
    [['process_creation'], 'service-stop-via-builtin-tools', 'proc_creation_win_service_stop_via_builtin_tools.yml'],
    [['registry_set'], 'defender-disabled', 'registry_set_win_defender_disabled.yml'],
    [['file_event'], 'dropped-script', 'file_event_win_dropped_script.yml'],
    [['network_connection'], 'rdp-out', 'net_connection_win_rdp_out.yml'],
    [['image_load'], 'dbghelp-load', 'image_load_win_dbghelp_load.yml'],
  ] as const)('%j %s → %s', (logsources, name, file) => {
    expect(sigmaFileName({ name, logsources })).toBe(file);
  });
});
