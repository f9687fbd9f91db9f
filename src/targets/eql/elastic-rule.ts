import { attackMatrix, latestAttackVersion, tacticNamed, tacticsFor, techniqueIn } from '../../attack/index.js';
import type { Condition } from '../../ir/condition.js';
import type { DerivedExpr } from '../../ir/derived.js';
import type { Rule, Severity } from '../../ir/rule.js';
import type { Approximation, EmitOptions } from '../contract.js';
import { emitEql, eqlConditionText } from './emit.js';
import { ECS_KINDS, ecsField, INDEX_PATTERNS } from './schema.js';

/**
 * A rule as Elastic's Detection Engine holds it (eql.md "Rule envelopes"): the fields the
 * detection-rules TOML and the Kibana import NDJSON share. Derived fields have no EQL form,
 * so the investigation note lists them; output fields become investigation fields.
 */
export interface ThreatEntry {
  readonly framework: 'MITRE ATT&CK';
  readonly tactic: { readonly id: string; readonly name: string; readonly reference: string };
  readonly technique: readonly TechniqueEntry[];
}

export interface TechniqueEntry {
  readonly id: string;
  readonly name: string;
  readonly reference: string;
  readonly subtechnique?: readonly { readonly id: string; readonly name: string; readonly reference: string }[];
}

export interface ElasticRule {
  readonly author: readonly string[];
  readonly description: string;
  readonly false_positives: readonly string[];
  readonly from: string;
  readonly index: readonly string[];
  readonly interval: string;
  readonly investigation_fields?: { readonly field_names: readonly string[] };
  readonly language: 'eql';
  readonly license: string;
  readonly name: string;
  readonly note?: string;
  readonly references: readonly string[];
  readonly risk_score: number;
  readonly rule_id: string;
  readonly severity: 'low' | 'medium' | 'high' | 'critical';
  readonly tags: readonly string[];
  readonly threat: readonly ThreatEntry[];
  readonly type: 'eql';
  readonly query: string;
}

export interface ElasticEnvelope {
  readonly rule: ElasticRule;
  readonly metadata: { readonly creation_date: string; readonly updated_date: string; readonly maturity: string };
  readonly approximations: readonly Approximation[];
}

/** The license stated on generated rules: the project's own. */
export const RULE_LICENSE = 'MIT';

/** Elastic's usual risk scores per severity; informational rules are Elastic's "low". */
const RISK: Readonly<Record<Severity, { severity: ElasticRule['severity']; score: number }>> = {
  informational: { severity: 'low', score: 21 },
  low: { severity: 'low', score: 21 },
  medium: { severity: 'medium', score: 47 },
  high: { severity: 'high', score: 73 },
  critical: { severity: 'critical', score: 99 },
};

const MATURITY: Readonly<Record<Rule['status'], string>> = {
  experimental: 'experimental',
  test: 'beta',
  stable: 'production',
  deprecated: 'deprecated',
  unsupported: 'development',
};

const DEFAULT_INTERVAL_MS = 5 * 60_000;

export function elasticEnvelope(rule: Rule, options: EmitOptions): ElasticEnvelope {
  const { text, approximations } = emitEql(rule, options);
  const risk = RISK[rule.severity];
  const window = rule.window?.ms;
  // The author's own text (`24h`) when it is valid date math, else the same span in whole units.
  const span = rule.window && /^[1-9][0-9]*[smhd]$/.test(rule.window.text) ? rule.window.text : window === undefined ? undefined : dateMath(window);
  const threat = threatOf(rule.attack.version, rule.attack.techniques, rule.attack.tactics ?? []);
  const investigation = rule.output.fields.map(ecsField).filter((f): f is string => f !== undefined && !rule.derived.some((d) => d.name === f));
  const note = noteOf(rule);
  const index = [...new Set(rule.logsources.flatMap((k) => INDEX_PATTERNS[k]))];
  const elastic: ElasticRule = {
    author: rule.author,
    description: rule.description.trimEnd(),
    false_positives: rule.falsePositives,
    // The look-back is the schedule's, not the query's (Target.windowInQuery is false).
    from: span === undefined ? 'now-9m' : `now-${span}`,
    index,
    interval: window !== undefined && span !== undefined && window < DEFAULT_INTERVAL_MS ? span : '5m',
    ...(investigation.length > 0 ? { investigation_fields: { field_names: [...new Set(investigation)] } } : {}),
    language: 'eql',
    license: RULE_LICENSE,
    name: rule.title,
    ...(note ? { note } : {}),
    references: rule.references,
    risk_score: risk.score,
    rule_id: rule.id,
    severity: risk.severity,
    tags: ['Domain: Endpoint', 'OS: Windows', 'Use Case: Threat Detection', ...threat.map((t) => `Tactic: ${t.tactic.name}`), ...dataSourceTags(index), 'Language: eql'],
    threat,
    type: 'eql',
    query: text,
  };
  return {
    rule: elastic,
    metadata: {
      creation_date: rule.date.replace(/-/g, '/'),
      updated_date: (rule.modified ?? rule.date).replace(/-/g, '/'),
      maturity: MATURITY[rule.status],
    },
    approximations,
  };
}

/** Elasticsearch date math takes whole numbers of d, h, m or s. */
export function dateMath(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.max(1, Math.ceil(ms / 1000))}s`;
}

const techniqueUrl = (id: string): string => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;

/**
 * `[[rule.threat]]`: one entry per tactic, techniques under it, sub-techniques under their
 * parent; a tactic the rule names without a technique gets an entry with no techniques.
 */
function threatOf(version: string, ids: readonly string[], ownTactics: readonly string[]): ThreatEntry[] {
  const v = attackMatrix(version) ? version : latestAttackVersion();
  const byTactic = new Map<string, { tactic: ThreatEntry['tactic']; techniques: Map<string, { id: string; name: string; subs: { id: string; name: string }[] }> }>();
  for (const id of ids) {
    const t = techniqueIn(v, id);
    if (!t) continue;
    const parentId = t.parent ?? t.id;
    const parent = techniqueIn(v, parentId) ?? t;
    for (const tactic of tacticsFor(id, v)) {
      let entry = byTactic.get(tactic.id);
      if (!entry) {
        entry = { tactic: { id: tactic.id, name: tactic.name, reference: `https://attack.mitre.org/tactics/${tactic.id}/` }, techniques: new Map() };
        byTactic.set(tactic.id, entry);
      }
      let tech = entry.techniques.get(parentId);
      if (!tech) entry.techniques.set(parentId, (tech = { id: parentId, name: parent.name, subs: [] }));
      if (t.parent && !tech.subs.some((s) => s.id === t.id)) tech.subs.push({ id: t.id, name: t.name });
    }
  }
  for (const id of ownTactics) {
    const tactic = tacticNamed(id, v);
    if (tactic && !byTactic.has(tactic.id)) {
      byTactic.set(tactic.id, { tactic: { id: tactic.id, name: tactic.name, reference: `https://attack.mitre.org/tactics/${tactic.id}/` }, techniques: new Map() });
    }
  }
  return [...byTactic.values()].map(({ tactic, techniques }) => ({
    framework: 'MITRE ATT&CK',
    tactic,
    technique: [...techniques.values()].map((t) => ({
      id: t.id,
      name: t.name,
      reference: techniqueUrl(t.id),
      ...(t.subs.length > 0 ? { subtechnique: t.subs.map((s) => ({ id: s.id, name: s.name, reference: techniqueUrl(s.id) })) } : {}),
    })),
  }));
}

/**
 * The tags naming the sources the rule's indices hold, as Elastic's own rules tag them:
 * Elastic Defend's `logs-endpoint.*` indices, and Sysmon's events as Elastic's Sysmon
 * integration and Winlogbeat's Sysmon module ship them (schema.ts INDEX_PATTERNS). A rule over
 * image loads reads Elastic Defend only, one over driver loads Sysmon only.
 */
function dataSourceTags(index: readonly string[]): string[] {
  const tags: string[] = [];
  if (index.some((i) => i.startsWith('logs-endpoint.'))) tags.push('Data Source: Elastic Defend');
  if (index.some((i) => i === 'logs-windows.sysmon_operational-*' || i === 'winlogbeat-*')) tags.push('Data Source: Sysmon');
  return tags;
}

/** The investigation guide: the rule's notes, and the derived fields EQL cannot compute. */
function noteOf(rule: Rule): string | undefined {
  const parts: string[] = [];
  if (rule.notes.investigation) parts.push(`## Investigation\n\n${rule.notes.investigation.trim()}`);
  if (rule.notes.tuning) parts.push(`## Tuning\n\n${rule.notes.tuning.trim()}`);
  // A kind read as ECS defines it but no Elastic source is known to write (schema.ts
  // ECS_KINDS): the query is exact on such documents, and whoever deploys it should know that
  // the index may hold none.
  const unseen = rule.logsources.filter((k) => ECS_KINDS[k].unseen !== undefined);
  if (unseen.length > 0) {
    const lines = unseen.map((k) => `- ${k}, read as \`${ECS_KINDS[k].category}\` events of type \`${ECS_KINDS[k].type}\`: ${ECS_KINDS[k].unseen ?? ''}.`);
    parts.push(`## Data sources\n\n${lines.join('\n')}`);
  }
  if (rule.derived.length > 0) {
    const lists = (name: string): readonly string[] => rule.lists.get(name) ?? [];
    const lines = rule.derived.map((d) => `- \`${d.name}\`: ${describeDerived(d.expr, lists)}`);
    parts.push(`## Fields to derive while investigating\n\nEQL does not compute these; work them out from the alert's event:\n\n${lines.join('\n')}`);
  }
  return parts.length > 0 ? parts.join('\n\n') + '\n' : undefined;
}

type Lists = (name: string) => readonly string[];

function describeDerived(e: DerivedExpr, lists: Lists): string {
  const cond = (c: Condition): string => {
    const text = eqlConditionText(c, lists);
    return text === undefined ? 'a condition EQL cannot express' : `\`${text}\``;
  };
  switch (e.kind) {
    case 'field':
      return `the value of ${ecsField(e.field) ?? e.field}`;
    case 'literal':
      return JSON.stringify(e.value);
    case 'coalesce':
      return `the first non-empty of ${e.args.map((a) => describeDerived(a, lists)).join(', ')}`;
    case 'extract':
      return `group ${e.group} of the regex ${JSON.stringify(e.pattern)} in ${describeDerived(e.source, lists)}`;
    case 'case':
      return `${e.branches.map((b) => `when ${cond(b.when)}: ${describeDerived(b.then, lists)}`).join('; ')}; otherwise ${describeDerived(e.otherwise, lists)}`;
    case 'condition':
      return `true when ${cond(e.condition)}, else false`;
  }
}
