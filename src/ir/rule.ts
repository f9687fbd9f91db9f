import type { Condition } from './condition.js';
import type { DerivedField } from './derived.js';
import type { EventKind } from './event-kind.js';
import type { FieldValue, LogicalEvent } from './value.js';

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export const CONFIDENCES = ['low', 'medium', 'high'] as const;
export const STATUSES = ['experimental', 'test', 'stable', 'deprecated', 'unsupported'] as const;
export const RELATION_TYPES = ['derived', 'obsolete', 'merged', 'renamed', 'similar'] as const;

export type Severity = (typeof SEVERITIES)[number];
export type Confidence = (typeof CONFIDENCES)[number];
export type RuleStatus = (typeof STATUSES)[number];
export type RelationType = (typeof RELATION_TYPES)[number];

export interface AttackRef {
  /** The ATT&CK major version the author wrote against, e.g. "18". */
  readonly version: string;
  readonly techniques: readonly string[];
  /**
   * Tactic ids (`TA0005`) the author names beyond those of the techniques, e.g. a Sigma rule
   * tagged only `attack.defense-evasion`. Absent when there are none.
   */
  readonly tactics?: readonly string[];
}

export interface RelatedRule {
  /** A rule id (UUID) or rule name of this project. */
  readonly ref: string;
  readonly type: RelationType;
}

/** A duration kept both as milliseconds and as the text the author wrote (`24h`). */
export interface Duration {
  readonly ms: number;
  readonly text: string;
}

export interface SortKey {
  readonly field: string;
  readonly order: 'asc' | 'desc';
}

export interface RuleOutput {
  readonly fields: readonly string[];
  readonly sort: readonly SortKey[];
}

export interface RuleTest {
  readonly name: string;
  readonly event: LogicalEvent;
  readonly expect: 'match' | 'no_match';
  /** Expected derived values, checked only when given. */
  readonly derived?: Readonly<Record<string, FieldValue>>;
  readonly reason?: string;
}

export interface RuleTests {
  /** The instant the time window is measured from, so fixtures are deterministic. */
  readonly now: string;
  readonly cases: readonly RuleTest[];
}

export interface RuleNotes {
  readonly investigation?: string;
  readonly tuning?: string;
}

export interface Rule {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly author: readonly string[];
  readonly date: string;
  readonly modified?: string;
  readonly status: RuleStatus;
  readonly severity: Severity;
  readonly confidence: Confidence;
  readonly attack: AttackRef;
  readonly references: readonly string[];
  readonly falsePositives: readonly string[];
  readonly dataSources: readonly string[];
  readonly related: readonly RelatedRule[];
  readonly notes: RuleNotes;
  readonly logsources: readonly EventKind[];
  readonly window?: Duration;
  /** Named value lists (KQL `let X = dynamic([...])`), in the order written. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
  readonly condition: Condition;
  readonly derived: readonly DerivedField[];
  readonly output: RuleOutput;
  readonly tests: RuleTests;
}
