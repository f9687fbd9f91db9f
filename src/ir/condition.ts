import type { EventKind } from './event-kind.js';
import type { CaseRule, MatchOperator, Quantifier } from './match-operator.js';

/** Where a predicate's values come from: inline literals or a named list of the rule. */
export type ValueSource =
  | { readonly kind: 'literals'; readonly values: readonly string[] }
  | { readonly kind: 'list'; readonly name: string };

export interface RegexFlags {
  /** `^`/`$` match at line breaks. */
  readonly multiline: boolean;
  /** `.` matches a line break. */
  readonly dotAll: boolean;
}

/**
 * One predicate over one field. Numeric operators hold decimal strings (validated at load);
 * `exists` holds no values. `field` is a logical field name, or inside a derived expression
 * also the name of an earlier derived field.
 */
export interface MatchNode {
  readonly kind: 'match';
  readonly field: string;
  readonly op: MatchOperator;
  readonly values: ValueSource;
  readonly quantifier: Quantifier;
  readonly caseRule: CaseRule;
  readonly regexFlags?: RegexFlags;
}

export interface AndNode {
  readonly kind: 'and';
  readonly children: readonly Condition[];
}
export interface OrNode {
  readonly kind: 'or';
  readonly children: readonly Condition[];
}
export interface NotNode {
  readonly kind: 'not';
  readonly child: Condition;
}
/** True exactly for events of one kind; lets one rule treat process and registry events apart. */
export interface EventKindNode {
  readonly kind: 'eventKind';
  readonly eventKind: EventKind;
}
/** Produced by normalisation (constant folding, specialisation); also writable as `true`/`false`. */
export interface ConstNode {
  readonly kind: 'const';
  readonly value: boolean;
}

export type Condition = MatchNode | AndNode | OrNode | NotNode | EventKindNode | ConstNode;

export const and = (children: readonly Condition[]): AndNode => Object.freeze({ kind: 'and', children: Object.freeze([...children]) });
export const or = (children: readonly Condition[]): OrNode => Object.freeze({ kind: 'or', children: Object.freeze([...children]) });
export const not = (child: Condition): NotNode => Object.freeze({ kind: 'not', child });
export const eventKindIs = (eventKind: EventKind): EventKindNode => Object.freeze({ kind: 'eventKind', eventKind });
export const constant = (value: boolean): ConstNode => Object.freeze({ kind: 'const', value });
export const literals = (values: readonly string[]): ValueSource => Object.freeze({ kind: 'literals', values: Object.freeze([...values]) });
export const listRef = (name: string): ValueSource => Object.freeze({ kind: 'list', name });

export interface MatchInit {
  readonly field: string;
  readonly op: MatchOperator;
  readonly values?: ValueSource;
  readonly quantifier?: Quantifier;
  readonly caseRule?: CaseRule;
  readonly regexFlags?: RegexFlags;
}

/** Defaults: any-quantifier, case-insensitive — the same defaults as the rule file. */
export function match(init: MatchInit): MatchNode {
  const node: MatchNode = {
    kind: 'match',
    field: init.field,
    op: init.op,
    values: init.values ?? literals([]),
    quantifier: init.quantifier ?? 'any',
    caseRule: init.caseRule ?? 'insensitive',
    ...(init.regexFlags ? { regexFlags: init.regexFlags } : {}),
  };
  return Object.freeze(node);
}

export const isMatch = (c: Condition): c is MatchNode => c.kind === 'match';
export const isAnd = (c: Condition): c is AndNode => c.kind === 'and';
export const isOr = (c: Condition): c is OrNode => c.kind === 'or';
export const isNot = (c: Condition): c is NotNode => c.kind === 'not';
export const isEventKindNode = (c: Condition): c is EventKindNode => c.kind === 'eventKind';
export const isConst = (c: Condition): c is ConstNode => c.kind === 'const';

/** Compile-time exhaustiveness: a new node kind fails to compile where it is not handled. */
export function assertNever(value: never, what = 'node'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
