import type { Rule, Severity } from '../../ir/rule.js';
import type { EmitOptions, EmitResult } from '../contract.js';
import { emitKql } from './emit.js';
import { ruleTactics, ruleTechniques } from './envelope-attack.js';

/**
 * A Defender XDR custom detection, as Microsoft Graph's `detectionRule` takes it. The query
 * returns Timestamp, ReportId and DeviceId and does not filter on Timestamp: the schedule sets
 * the look-back (kql.md, "Rule envelopes"), so a rule's window becomes the schedule period.
 */
const SEVERITY: Readonly<Record<Severity, string>> = {
  informational: 'informational',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'high',
};

/** Periods a custom detection can run at, with the data each run looks back over (Defender docs). */
const SCHEDULES: readonly (readonly [period: string, everyMs: number, lookBack: string])[] = [
  ['1H', 3_600_000, '4h'],
  ['3H', 3 * 3_600_000, '12h'],
  ['12H', 12 * 3_600_000, '48h'],
  ['24H', 24 * 3_600_000, '30d'],
];

export function emitDefenderDetection(rule: Rule, options: EmitOptions): EmitResult {
  const query = emitKql(rule, { ...options, flavour: 'defender', customDetection: true });
  const approximations = [...query.approximations];
  const windowMs = rule.window?.ms ?? 24 * 3_600_000;
  const schedule = SCHEDULES.find(([, every]) => every >= windowMs) ?? (SCHEDULES[SCHEDULES.length - 1] as (typeof SCHEDULES)[number]);
  if (rule.window) {
    // Reported, not refused: the look-back is a property of the deployment, not of the query.
    approximations.push({ predicate: `window ${rule.window.text}`, reason: `a custom detection run every ${schedule[0]} looks back over ${schedule[2]}, not over the rule's window` });
  }
  const tactics = ruleTactics(rule);
  const doc = {
    displayName: rule.title,
    isEnabled: true,
    queryCondition: { queryText: query.text },
    schedule: { period: schedule[0] },
    detectionAction: {
      alertTemplate: {
        title: rule.title,
        description: rule.description.trim(),
        severity: SEVERITY[rule.severity],
        category: tactics[0] ?? 'SuspiciousActivity',
        recommendedActions: rule.notes.investigation ?? null,
        mitreTechniques: ruleTechniques(rule),
        impactedAssets: [{ '@odata.type': '#microsoft.graph.security.impactedDeviceAsset', identifier: 'deviceId' }],
      },
      organizationalScope: null,
      responseActions: [],
    },
  };
  return { text: `${JSON.stringify(doc, null, 2)}\n`, approximations };
}
