import { compileRule } from '../evaluate/reference-evaluator.js';
import type { Rule } from '../ir/rule.js';
import type { LogicalEvent } from '../ir/value.js';
import { boundaryEvents, canonicalKey, type ProbeEvent } from './boundary-events.js';
import { minimiseWitness } from './witness.js';

export interface DiffWitness {
  readonly event: LogicalEvent;
  /** Which rule fires on it. */
  readonly fires: 'A' | 'B';
  readonly probe: string;
}

export interface DiffGroup {
  /** The predicate whose probe found the difference (or `rule tests` / `base events`). */
  readonly predicate: string;
  readonly witnesses: readonly DiffWitness[];
}

export interface RuleDiff {
  readonly eventsCompared: number;
  readonly differingEvents: number;
  readonly groups: readonly DiffGroup[];
  /** Differences that are not about single events, e.g. the look-back windows. */
  readonly notes: readonly string[];
}

const MAX_PER_GROUP = 5;

/** Whether one side's rule fires on an event. */
export type Decider = (event: LogicalEvent) => boolean;

/** The reference evaluator on a rule in the rule model, its window left out (windows are compared as settings). */
function referenceDecider(rule: Rule, now: number): Decider {
  const evaluate = compileRule(withoutWindow(rule));
  return (e) => evaluate(e, { now }).matched;
}

/**
 * Two rules (often one rule in two languages, each imported into the rule model) on the same
 * events: both rules' tests and the boundary events synthesised from both rules' literals.
 * A side's `Decider` says whether it fires; by default the reference evaluator runs the rule
 * model's form, and a caller with the rule's own text passes its language's evaluator
 * (native-decider.ts), so that what is compared is the text itself, not its import.
 * The events on which exactly one fires are minimised and grouped by the predicate that found
 * them. The time window is compared as a setting, not per event: Sigma and EQL rules carry
 * none (their schedule sets it), so per-event it would tell every rule from its own translation.
 */
export function diffRules(a: Rule, b: Rule, now: number, deciders: { readonly a?: Decider; readonly b?: Decider } = {}): RuleDiff {
  const decideA = deciders.a ?? referenceDecider(a, now);
  const decideB = deciders.b ?? referenceDecider(b, now);
  const fires = (e: LogicalEvent): 'A' | 'B' | undefined => {
    const x = decideA(e);
    const y = decideB(e);
    return x === y ? undefined : x ? 'A' : 'B';
  };
  const events = diffEvents(a, b, now);
  const groups = new Map<string, DiffWitness[]>();
  const seen = new Set<string>();
  let differing = 0;
  for (const probe of events) {
    if (fires(probe.event) === undefined) continue;
    differing++;
    const small = minimiseWitness(probe.event, (e) => fires(e) !== undefined);
    const key = canonicalKey(small);
    if (seen.has(key)) continue;
    seen.add(key);
    const group = probe.predicate ?? (probe.probe.includes("'s test ") ? "the rules' own tests" : 'base events');
    const list = groups.get(group) ?? [];
    if (list.length < MAX_PER_GROUP) list.push({ event: small, fires: fires(small) as 'A' | 'B', probe: probe.probe });
    groups.set(group, list);
  }
  const notes: string[] = [];
  if (a.window?.ms !== b.window?.ms) notes.push(`the look-back differs: A ${a.window ? `looks back ${a.window.text}` : 'has no window of its own'}, B ${b.window ? `looks back ${b.window.text}` : 'has no window of its own'}`);
  return { eventsCompared: events.length, differingEvents: differing, groups: [...groups].map(([predicate, witnesses]) => ({ predicate, witnesses })), notes };
}

function diffEvents(a: Rule, b: Rule, now: number): ProbeEvent[] {
  const out: ProbeEvent[] = [];
  const seen = new Set<string>();
  const add = (p: ProbeEvent): void => {
    const k = canonicalKey(p.event);
    if (seen.has(k)) return;
    seen.add(k);
    out.push(p);
  };
  for (const [name, r] of [['A', a], ['B', b]] as const) for (const c of r.tests.cases) add({ event: c.event, probe: `${name}'s test "${c.name}"` });
  for (const [name, r] of [['A', a], ['B', b]] as const) for (const p of boundaryEvents(withoutWindow(r), now)) add({ ...p, probe: `${name}: ${p.probe}` });
  return out;
}

function withoutWindow(rule: Rule): Rule {
  if (!rule.window) return rule;
  const { window: _dropped, ...rest } = rule;
  return rest;
}
