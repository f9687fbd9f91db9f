import { and, eventKindIs, listRef, literals, match, not, or, type Condition } from '../../../src/ir/condition.js';
import type { Rule } from '../../../src/ir/rule.js';
import { ruleWith } from './rule-factory.js';

/** IR rules covering every operator, case rule, quantifier and both kinds, for emit tests. */
const m = (field: string, op: Parameters<typeof match>[0]['op'], values: readonly string[], extra: Partial<Parameters<typeof match>[0]> = {}): Condition =>
  match({ field, op, values: literals(values), ...extra });

export const serviceStop: Rule = ruleWith({
  window: '24h',
  lists: { ServiceTools: ['sc.exe', 'net.exe', 'net1.exe'] },
  condition: and([match({ field: 'process.name', op: 'equals', values: listRef('ServiceTools') }), m('process.command_line', 'term', ['stop', 'config'])]),
  derived: [
    {
      name: 'StopMethod',
      expr: {
        kind: 'case',
        branches: [{ when: m('process.name', 'equals', ['sc.exe']), then: { kind: 'literal', value: 'sc' } }],
        otherwise: { kind: 'literal', value: 'other' },
      },
    },
  ],
  output: { fields: ['@timestamp', 'host.name', 'process.command_line', 'StopMethod'], sort: [{ field: '@timestamp', order: 'desc' }] },
});

export const impairDefenses: Rule = ruleWith({
  logsources: ['process_creation', 'registry_set'],
  window: '24h',
  techniques: ['T1562.001'],
  lists: { SuspiciousCommands: ['sc stop', 'net stop', 'auditpol /clear'] },
  condition: or([
    and([eventKindIs('process_creation'), match({ field: 'process.command_line', op: 'term', values: listRef('SuspiciousCommands') })]),
    and([eventKindIs('registry_set'), m('registry.key', 'term', ['WinDefend', 'EventLog'])]),
  ]),
  derived: [
    {
      name: 'StoppedService',
      expr: { kind: 'extract', pattern: '(?:sc|net)\\s+stop\\s+(\\w+)', group: 1, source: { kind: 'field', field: 'process.command_line' }, caseRule: 'insensitive' },
    },
  ],
  output: { fields: ['@timestamp', 'host.name', 'user.name', 'process.command_line', 'registry.key', 'StoppedService'], sort: [{ field: '@timestamp', order: 'desc' }] },
});

export const everyOperator: Rule = ruleWith({
  window: '1h',
  condition: and([
    m('process.name', 'equals', ['sc.exe'], { caseRule: 'sensitive' }),
    m('process.executable', 'startswith', ['C:\\Windows\\']),
    m('process.executable', 'endswith', ['\\sc.exe'], { caseRule: 'sensitive' }),
    m('process.command_line', 'contains', ['"quoted"', "it's"], { quantifier: 'all' }),
    m('process.command_line', 'termprefix', ['Stop-']),
    m('process.command_line', 'termsuffix', ['.ps1'], { caseRule: 'sensitive' }),
    m('process.parent.name', 'wildcard', ['*.exe', 'cmd*', '*power*', 'p?wsh.exe']),
    m('process.parent.command_line', 'regex', ['-enc(odedcommand)?\\s+\\S+'], { regexFlags: { multiline: true, dotAll: false } }),
    not(m('user.name', 'equals', ['SYSTEM', 'LOCAL SERVICE'])),
    m('process.pid', 'gt', ['4']),
    not(m('process.parent.pid', 'lte', ['4'])),
    m('process.pe.original_file_name', 'term', ['sc.exe', 'net.exe'], { caseRule: 'sensitive' }),
    m('process.hash.sha256', 'term', ['abc', 'def'], { quantifier: 'all' }),
  ]),
});

export const registryRule: Rule = ruleWith({
  logsources: ['registry_set'],
  condition: and([
    m('registry.hive', 'equals', ['HKLM']),
    m('registry.key', 'equals', ['SYSTEM\\CurrentControlSet\\Services\\WinDefend']),
    m('registry.value', 'equals', ['Start']),
    m('registry.data', 'equals', ['4']),
    m('process.name', 'equals', ['reg.exe', 'powershell.exe']),
  ]),
  output: { fields: ['@timestamp', 'host.name', 'registry.key', 'registry.value', 'registry.data', 'process.command_line'], sort: [] },
});

export const networkRule: Rule = ruleWith({
  logsources: ['network_connection'],
  condition: and([m('destination.ip', 'cidr', ['10.0.0.0/8']), m('destination.port', 'gte', ['1024']), not(m('destination.ip', 'cidr', ['10.1.0.0/16']))]),
});

/** Derived fields reading earlier ones: a boolean tested as text, a coalesce over two kinds. */
export const derivedChain: Rule = ruleWith({
  logsources: ['process_creation', 'registry_set'],
  condition: m('host.name', 'startswith', ['ws']),
  derived: [
    { name: 'IsSc', expr: { kind: 'condition', condition: m('process.name', 'equals', ['sc.exe']) } },
    { name: 'Actor', expr: { kind: 'coalesce', args: [{ kind: 'field', field: 'process.parent.name' }, { kind: 'field', field: 'process.name' }] } },
    {
      name: 'Verdict',
      expr: {
        kind: 'case',
        branches: [{ when: m('IsSc', 'equals', ['true']), then: { kind: 'literal', value: 'sc' } }, { when: m('Actor', 'term', ['reg']), then: { kind: 'literal', value: 'reg' } }],
        otherwise: { kind: 'literal', value: 'other' },
      },
    },
  ],
  output: { fields: ['host.name', 'IsSc', 'Actor', 'Verdict'], sort: [{ field: 'Verdict', order: 'asc' }] },
});

/** Long enough that every layout break shows: a long value list, nested chains, a long case and project. */
export const longServiceStop: Rule = ruleWith({
  window: '24h',
  lists: { TargetedServices: ['vss', 'wbengine', 'VeeamBackupSvc', 'WinDefend', 'MsMpSvc', 'SecurityHealthService', 'Sense', 'CrowdStrike', 'CSFalconService', 'MSSQLSERVER', 'SQLWriter'] },
  condition: and([
    m('process.name', 'equals', ['sc.exe', 'net.exe', 'net1.exe', 'taskkill.exe', 'powershell.exe', 'pwsh.exe', 'wmic.exe']),
    or([
      match({ field: 'process.command_line', op: 'term', values: listRef('TargetedServices') }),
      and([m('process.name', 'equals', ['sc.exe']), m('process.command_line', 'term', ['stop', 'config', 'delete'])]),
      and([m('process.name', 'equals', ['powershell.exe', 'pwsh.exe']), m('process.command_line', 'term', ['Stop-Service', 'Set-Service', 'sc.exe stop', 'sc stop'])]),
    ]),
    not(m('process.parent.name', 'term', ['ccmexec.exe', 'TrustedInstaller.exe', 'MsMpEng.exe'])),
  ]),
  derived: [
    {
      name: 'StopMethod',
      expr: {
        kind: 'case',
        branches: [
          { when: and([m('process.name', 'equals', ['sc.exe']), m('process.command_line', 'term', ['stop'])]), then: { kind: 'literal', value: 'sc stop' } },
          { when: and([m('process.name', 'equals', ['powershell.exe', 'pwsh.exe']), m('process.command_line', 'term', ['Stop-Service'])]), then: { kind: 'literal', value: 'PowerShell Stop-Service' } },
        ],
        otherwise: { kind: 'literal', value: 'other' },
      },
    },
  ],
  output: {
    fields: ['@timestamp', 'host.name', 'user.name', 'user.domain', 'process.name', 'process.command_line', 'process.parent.name', 'StopMethod'],
    sort: [{ field: '@timestamp', order: 'desc' }],
  },
});

export const SAMPLE_RULES: Readonly<Record<string, Rule>> = { serviceStop, impairDefenses, everyOperator, registryRule, networkRule, derivedChain, longServiceStop };
