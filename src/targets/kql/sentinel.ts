import { stringify } from 'yaml';
import type { EventKind } from '../../ir/event-kind.js';
import type { Rule, Severity } from '../../ir/rule.js';
import type { EmitOptions, EmitResult } from '../contract.js';
import { emitKql } from './emit.js';
import { ruleTactics, ruleTechniques } from './envelope-attack.js';
import { KIND_SCHEMAS, tablesOf } from './schema.js';

/**
 * A Sentinel scheduled analytics rule in the YAML format of the Azure-Sentinel repository
 * (kql.md, "Rule envelopes"), with the query in the Sentinel flavour (`TimeGenerated`).
 */
const SEVERITY: Readonly<Record<Severity, string>> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  // Sentinel has no Critical.
  critical: 'High',
};

const MIN_PERIOD_MS = 5 * 60_000;
const MAX_PERIOD_MS = 14 * 86_400_000;
const DEFAULT_PERIOD_MS = 86_400_000;

/** A period in the repository's style: `5m`, `1h`, `1d`, `14d`. */
export function sentinelPeriod(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.ceil(ms / 60_000)}m`;
}

/**
 * Entity columns the query returns: the host and the account of the kinds it reads. A driver
 * load names no account (Sysmon event 6 has no User; the rule model's driver_load has no
 * user.*), so a rule over driver loads alone maps the host only.
 */
function accountColumn(kinds: readonly EventKind[]): string | undefined {
  if (kinds.includes('process_creation')) return 'AccountName';
  for (const k of kinds) {
    const column = KIND_SCHEMAS[k].columns['user.name'];
    if (column !== undefined) return column;
  }
  return undefined;
}

export function emitSentinel(rule: Rule, options: EmitOptions): EmitResult {
  const account = accountColumn(rule.logsources);
  const query = emitKql(rule, { ...options, flavour: 'sentinel', ensureColumns: account === undefined ? ['DeviceName'] : ['DeviceName', account] });
  const approximations = [...query.approximations];
  const windowMs = rule.window?.ms ?? DEFAULT_PERIOD_MS;
  const periodMs = Math.min(Math.max(windowMs, MIN_PERIOD_MS), MAX_PERIOD_MS);
  if (periodMs !== windowMs) {
    approximations.push({ predicate: `window ${rule.window?.text ?? ''}`, reason: `Sentinel's query period is 5m to 14d; the rule runs over ${sentinelPeriod(periodMs)}` });
  }
  const period = sentinelPeriod(periodMs);
  const doc = {
    id: rule.id,
    name: rule.title,
    description: rule.description.endsWith('\n') ? rule.description : `${rule.description}\n`,
    severity: SEVERITY[rule.severity],
    requiredDataConnectors: [{ connectorId: 'MicrosoftThreatProtection', dataTypes: tablesOf(rule.logsources) }],
    queryFrequency: period,
    queryPeriod: period,
    triggerOperator: 'gt',
    triggerThreshold: 0,
    tactics: ruleTactics(rule),
    relevantTechniques: ruleTechniques(rule),
    query: query.text,
    entityMappings: [
      { entityType: 'Host', fieldMappings: [{ identifier: 'HostName', columnName: 'DeviceName' }] },
      ...(account === undefined ? [] : [{ entityType: 'Account', fieldMappings: [{ identifier: 'Name', columnName: account }] }]),
    ],
    version: '1.0.0',
    kind: 'Scheduled',
  };
  return { text: stringify(doc, { lineWidth: 0 }), approximations };
}
