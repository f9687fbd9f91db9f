import type { SourcePosition } from '../../diagnostics.js';

/**
 * A Sigma file as read (sigma.md, specification v2.1): one or more YAML documents, each a
 * detection rule, a filter, or a correlation. Everything the author wrote keeps its position,
 * so every later complaint (a bad modifier chain, an unknown identifier, a regex construct we
 * cannot run) points at the line and column it came from.
 */
export interface SigmaRuleSet {
  /** The name errors are reported against (the file path). */
  readonly sourceName: string;
  readonly text: string;
  readonly documents: readonly SigmaDocument[];
}

export type SigmaDocument = SigmaRuleDocument | SigmaFilterDocument | SigmaCorrelationDocument;

/** Every modifier of the specification's modifiers appendix (sigma.md "Modifiers"). */
export const SIGMA_MODIFIERS = [
  'contains',
  'startswith',
  'endswith',
  'all',
  'cased',
  're',
  'i',
  'm',
  's',
  'windash',
  'base64',
  'base64offset',
  'wide',
  'utf16le',
  'utf16be',
  'utf16',
  'lt',
  'lte',
  'gt',
  'gte',
  'cidr',
  'exists',
  'fieldref',
  'expand',
  'neq',
] as const;
export type SigmaModifier = (typeof SIGMA_MODIFIERS)[number];

export function isSigmaModifier(name: string): name is SigmaModifier {
  return (SIGMA_MODIFIERS as readonly string[]).includes(name);
}

export interface SigmaLogsource {
  readonly category?: string;
  readonly product?: string;
  readonly service?: string;
  readonly position: SourcePosition;
}

export interface SigmaRelated {
  readonly id: string;
  readonly type: string;
  /** Where the type is written, for a warning about a type the specification does not define. */
  readonly typePosition: SourcePosition;
}

/** A value exactly as YAML typed it: `1` stays a number, `''` the empty string, `null` null. */
export type SigmaScalar = string | number | boolean | null;

export interface SigmaValue {
  readonly value: SigmaScalar;
  readonly position: SourcePosition;
}

export interface SigmaModifierRef {
  readonly name: SigmaModifier;
  readonly position: SourcePosition;
}

/**
 * One `field|mod|mod: values` entry, or a keyword search (`field` null): a plain list under a
 * search identifier, or a map key that starts with `|` such as `'|all': [...]`.
 */
export interface SigmaDetectionItem {
  readonly field: string | null;
  readonly modifiers: readonly SigmaModifierRef[];
  /** Several values are ORed, or ANDed under `all`. After `expand`, the resolved values. */
  readonly values: readonly SigmaValue[];
  /** The values were written as a YAML list (`field: [a]`), not a single scalar. */
  readonly listed: boolean;
  /** Where the key (or, for a keyword list, the list) starts. */
  readonly position: SourcePosition;
}

/** A map: its items are ANDed. */
export interface SigmaMapSearch {
  readonly kind: 'map';
  readonly items: readonly SigmaDetectionItem[];
  readonly position: SourcePosition;
}

/** A list of plain values: a keyword search, the values ORed (one item with a null field). */
export interface SigmaKeywordSearch {
  readonly kind: 'keywords';
  readonly item: SigmaDetectionItem;
  readonly position: SourcePosition;
}

/** A list holding maps (and possibly plain values): the alternatives are ORed. */
export interface SigmaListSearch {
  readonly kind: 'list';
  readonly alternatives: readonly (SigmaMapSearch | SigmaKeywordSearch)[];
  readonly position: SourcePosition;
}

export type SigmaSearch = SigmaMapSearch | SigmaKeywordSearch | SigmaListSearch;

export interface SigmaSearchIdentifier {
  readonly name: string;
  readonly search: SigmaSearch;
  /** Where the identifier's key starts. */
  readonly position: SourcePosition;
}

/** `1 of P` / `any of P` (quantifier 'one') and `all of P`; P a glob over identifiers or `them`. */
export type SigmaSelectorTarget = { readonly kind: 'them' } | { readonly kind: 'pattern'; readonly pattern: string };

export type SigmaCondition =
  | { readonly kind: 'and'; readonly children: readonly SigmaCondition[]; readonly position: SourcePosition }
  | { readonly kind: 'or'; readonly children: readonly SigmaCondition[]; readonly position: SourcePosition }
  | { readonly kind: 'not'; readonly operand: SigmaCondition; readonly position: SourcePosition }
  | { readonly kind: 'identifier'; readonly name: string; readonly position: SourcePosition }
  | {
      readonly kind: 'selector';
      readonly quantifier: 'one' | 'all';
      readonly target: SigmaSelectorTarget;
      /** The identifiers the selector stands for, resolved at parse time, in file order. */
      readonly names: readonly string[];
      readonly position: SourcePosition;
    };

export interface SigmaDetection {
  /** In the order written. */
  readonly identifiers: ReadonlyMap<string, SigmaSearchIdentifier>;
  /** Usually one; a list of conditions (legacy) means any of them. */
  readonly conditions: readonly SigmaCondition[];
  /** The condition text(s) as written. */
  readonly conditionText: readonly string[];
  readonly position: SourcePosition;
}

interface SigmaDocumentBase {
  readonly title: string;
  readonly id?: string;
  readonly name?: string;
  /** Where the document starts. */
  readonly position: SourcePosition;
  /** 0-based index of the document in the file. */
  readonly index: number;
}

export interface SigmaRuleDocument extends SigmaDocumentBase {
  readonly kind: 'rule';
  readonly status?: string;
  readonly description?: string;
  readonly license?: string;
  readonly author?: string;
  readonly references: readonly string[];
  readonly date?: string;
  readonly modified?: string;
  readonly tags: readonly string[];
  /** Where each tag is written (parallel to `tags`), for import warnings. */
  readonly tagPositions: readonly SourcePosition[];
  readonly related: readonly SigmaRelated[];
  readonly logsource: SigmaLogsource;
  readonly detection: SigmaDetection;
  readonly fields: readonly string[];
  /** Where each entry of `fields` is written (parallel to `fields`). */
  readonly fieldPositions: readonly SourcePosition[];
  readonly falsepositives: readonly string[];
  readonly level?: string;
  readonly scope?: readonly string[];
}

export interface SigmaFilterDocument extends SigmaDocumentBase {
  readonly kind: 'filter';
  readonly description?: string;
  readonly logsource?: SigmaLogsource;
  /** Ids or names of the rules the filter is ANDed onto. */
  readonly rules: readonly SigmaValue[];
  readonly detection: SigmaDetection;
}

/** Kept only so evaluation and import can refuse it with a position (not supported yet). */
export interface SigmaCorrelationDocument extends SigmaDocumentBase {
  readonly kind: 'correlation';
  readonly correlationType?: string;
}
