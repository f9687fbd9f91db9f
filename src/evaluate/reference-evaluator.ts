import type { Rule } from '../ir/rule.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';
import { compileCondition, makeScope, type EvalScope } from './compile-condition.js';
import { compileDerived } from './compile-derived.js';
import { readField } from './field-value.js';
import { requiredAtoms } from './prefilter.js';
import { parseInstant } from '../semantics/instant.js';

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

const NO_MATCH: Verdict = Object.freeze({ matched: false, derived: Object.freeze({}) });

/** Parses `@timestamp` as ISO-8601, zone-less = UTC (or epoch milliseconds); undefined when it is not a time. */
export function eventTime(event: LogicalEvent): number | undefined {
  const t = readField(event, '@timestamp');
  if (typeof t === 'number') return Number.isFinite(t) ? t : undefined;
  if (typeof t !== 'string') return undefined;
  return parseInstant(t);
}

/**
 * The reference evaluator: the meaning of a rule, against which every target is checked.
 * An event matches when its kind is one the rule reads, it lies inside the time window
 * (`@timestamp > now - window`, as KQL's `Timestamp > ago(window)`; no timestamp, no match),
 * and the condition holds.
 */
export function compileRule(rule: Rule): CompiledRule {
  const evaluate = compileRuleBody(rule);
  return (event, options) => evaluate(event, makeScope(event.kind, (f) => readField(event, f)), options.now);
}

/**
 * Many rules over one event stream: the event's fields are folded once for all rules, and a
 * rule is only tried on events of a kind it reads.
 */
export function compileRuleSet(rules: readonly Rule[]): (event: LogicalEvent, options: EvaluateOptions) => Verdict[] {
  const bodies = rules.map((r) => ({ kinds: new Set<string>(r.logsources), evaluate: compileRuleBody(r) }));
  const filter = buildPrefilter(rules);
  return (event, options) => {
    const scope = makeScope(event.kind, (f) => readField(event, f));
    const candidate = filter(scope);
    return bodies.map((b, i) =>
      candidate[i] && b.kinds.has(event.kind) ? b.evaluate(event, scope, options.now) : NO_MATCH,
    );
  };
}

/**
 * Per event, tests each distinct (field, needle) atom once and marks the rules that may match;
 * rules without atoms are always candidates. See prefilter.ts for why this is exact.
 */
function buildPrefilter(rules: readonly Rule[]): (scope: EvalScope) => boolean[] {
  const always: boolean[] = [];
  const byField = new Map<string, Map<string, number[]>>();
  rules.forEach((rule, index) => {
    const atoms = requiredAtoms(rule.condition, (n) => rule.lists.get(n) ?? []);
    always.push(atoms === undefined);
    for (const a of atoms ?? []) {
      let needles = byField.get(a.field);
      if (!needles) byField.set(a.field, (needles = new Map()));
      const owners = needles.get(a.needle);
      if (owners) owners.push(index);
      else needles.set(a.needle, [index]);
    }
  });
  const fields = [...byField].map(([field, needles]) => ({ field, needles: [...needles] }));
  return (scope) => {
    const candidate = always.slice();
    for (const { field, needles } of fields) {
      const values = scope.getFolded(field);
      if (values === undefined) continue;
      for (const [needle, owners] of needles) {
        if (values.some((v) => v.includes(needle))) for (const i of owners) candidate[i] = true;
      }
    }
    return candidate;
  };
}

type RuleBody = (event: LogicalEvent, scope: EvalScope, now: number) => Verdict;

function compileRuleBody(rule: Rule): RuleBody {
  const lists = (name: string): readonly string[] => {
    const l = rule.lists.get(name);
    if (!l) throw new Error(`undefined list ${name}`);
    return l;
  };
  const kinds = new Set<string>(rule.logsources);
  const condition = compileCondition(rule.condition, lists);
  const derived = compileDerived(rule.derived, lists);
  const windowMs = rule.window?.ms;

  return (event, eventScope, now) => {
    if (!kinds.has(event.kind)) return NO_MATCH;
    if (windowMs !== undefined) {
      const t = eventTime(event);
      if (t === undefined || !(t > now - windowMs)) return NO_MATCH;
    }
    if (!condition(eventScope)) return NO_MATCH;
    if (derived.length === 0) return { matched: true, derived: {} };
    const values: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
    // A fresh scope: derived names are filled in as they are computed. Conditions of a derived
    // field only read earlier names (the loader checks), so a cached fold is never stale.
    const scope = makeScope(event.kind, (f) =>
      Object.prototype.hasOwnProperty.call(values, f) ? values[f] : readField(event, f),
    );
    for (const d of derived) values[d.name] = d.compute(scope);
    return { matched: true, derived: values };
  };
}
