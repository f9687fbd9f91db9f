import type { Rule } from '../ir/rule.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';
import { parseInstant } from '../semantics/instant.js';
import { compileCondition } from './compile-condition.js';
import { compileDerived } from './compile-derived.js';
import { makeScope, type EvalScope, type ListResolver } from './eval-scope.js';
import { readField } from './field-value.js';

export interface Verdict {
  readonly matched: boolean;
  /** Derived values, computed only for matching events. */
  readonly derived: Readonly<Record<string, FieldValue>>;
}

export interface EvaluateOptions {
  /** The instant the rule's time window ends at (KQL `now()`); ISO-8601 or epoch ms. */
  readonly now: number;
}

export type CompiledRule = (event: LogicalEvent, options: EvaluateOptions) => Verdict;

export const NO_MATCH: Verdict = Object.freeze({ matched: false, derived: Object.freeze({}) });
/** The verdict of every match of a rule without derived fields; shared, so it is frozen. */
export const MATCH: Verdict = Object.freeze({ matched: true, derived: Object.freeze({}) });

/** Parses `@timestamp` as ISO-8601, zone-less = UTC (or epoch milliseconds); undefined when it is not a time. */
export function eventTime(event: LogicalEvent): number | undefined {
  const t = readField(event, '@timestamp');
  if (typeof t === 'number') return Number.isFinite(t) ? t : undefined;
  if (typeof t !== 'string') return undefined;
  return parseInstant(t);
}

/** A rule's lists by name; the loader has checked that every referenced list exists. */
export function listResolver(rule: Rule): ListResolver {
  return (name) => {
    const l = rule.lists.get(name);
    if (!l) throw new Error(`undefined list ${name}`);
    return l;
  };
}

/**
 * What a rule decides besides its kinds and condition: the time window (`@timestamp > now -
 * window`; no timestamp, no match) and, on a match, the derived values. Nothing here has side
 * effects, so the order of checks is free: a rule set tests its cheap condition first, a
 * single rule its window first.
 */
export interface RuleTail {
  /** `time` is the event's `eventTime`, read once per event by the caller, not once per rule. */
  readonly inWindow: (time: number | undefined, now: number) => boolean;
  /** The verdict of an event that matches. */
  readonly match: (event: LogicalEvent) => Verdict;
}

export function compileRuleTail(rule: Rule): RuleTail {
  const derived = compileDerived(rule.derived, listResolver(rule));
  const windowMs = rule.window?.ms;
  return {
    inWindow:
      windowMs === undefined
        ? () => true
        : (time, now) => time !== undefined && time > now - windowMs,
    match: (event) => {
      if (derived.length === 0) return MATCH;
      const values: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
      // A fresh scope: derived names are filled in as they are computed. Conditions of a derived
      // field only read earlier names (the loader checks), so a cached fold is never stale.
      const scope = makeScope(event.kind, (f) =>
        Object.prototype.hasOwnProperty.call(values, f) ? values[f] : readField(event, f),
      );
      for (const d of derived) values[d.name] = d.compute(scope);
      return { matched: true, derived: values };
    },
  };
}

export type RuleBody = (event: LogicalEvent, scope: EvalScope, now: number) => Verdict;

/** A rule's verdict on an event read through a scope. */
export function compileRuleBody(rule: Rule): RuleBody {
  const kinds = new Set<string>(rule.logsources);
  const condition = compileCondition(rule.condition, listResolver(rule));
  const { inWindow, match } = compileRuleTail(rule);
  return (event, scope, now) => {
    if (!kinds.has(event.kind) || !inWindow(eventTime(event), now) || !condition(scope)) return NO_MATCH;
    return match(event);
  };
}
