import type { Decision } from './decision.js';

/**
 * Reorders the items of every `and` and `or` so that a short-circuit evaluation is expected to
 * decide soonest. Every item is pure (a presence lookup or a test of the event's values), so
 * any order gives the same verdict; only the work differs. With independent items, an `and`
 * is cheapest in ascending cost / P(false) and an `or` in ascending cost / P(true) (the
 * classic sequencing rule).
 *
 * The estimates are rough on purpose. A literal needle is rare in a field (detection needles
 * are picked because ordinary events lack them), so a lookup is taken as true one time in
 * ten, and a group of k lookups as true when any is. A test reads and folds values, so it
 * costs much more than a lookup. In a rule set that puts the rule's own needle lookups before
 * its negations and its tests, which is where most candidate rules are turned down.
 */
export interface Estimate {
  readonly decision: Decision;
  /** Probability that the decision holds. */
  readonly p: number;
  /** Expected cost of evaluating it, in lookups. */
  readonly cost: number;
}

const P_FACT = 0.1;
const TEST_COST = 20;

export function orderDecision(d: Decision): Decision {
  return estimate(d).decision;
}

function estimate(d: Decision): Estimate {
  switch (d.kind) {
    case 'const':
      return { decision: d, p: d.value ? 1 : 0, cost: 0 };
    case 'present':
      return { decision: d, p: P_FACT, cost: 1 };
    case 'anyPresent':
      return { decision: d, p: 1 - (1 - P_FACT) ** d.facts.length, cost: 1 };
    case 'allPresent':
      return { decision: d, p: P_FACT ** d.facts.length, cost: d.facts.length };
    case 'test':
      return { decision: d, p: 0.5, cost: TEST_COST };
    case 'not': {
      const inner = estimate(d.item);
      return { decision: { kind: 'not', item: inner.decision }, p: 1 - inner.p, cost: inner.cost };
    }
    case 'and':
    case 'or': {
      const and = d.kind === 'and';
      // An `and` stops at its first false item, an `or` at its first true one.
      const stops = (e: Estimate): number => (and ? 1 - e.p : e.p);
      const items = flatten(d.kind, d.items).map(estimate).sort((a, b) => rank(a, stops(a)) - rank(b, stops(b)));
      let cost = 0;
      let reach = 1;
      for (const e of items) {
        cost += reach * e.cost;
        reach *= 1 - stops(e);
      }
      const p = and ? reach : 1 - reach;
      return { decision: { kind: d.kind, items: items.map((e) => e.decision) }, p, cost };
    }
  }
}

/** Nested alike (`and` in `and`) is one sequence: its items may interleave with the outer ones. */
function flatten(kind: 'and' | 'or', items: readonly Decision[]): Decision[] {
  return items.flatMap((i) => (i.kind === kind ? flatten(kind, i.items) : [i]));
}

/** Cost per chance of stopping: the lower, the earlier. An item that never stops goes last. */
function rank(e: Estimate, stop: number): number {
  return stop <= 0 ? Number.POSITIVE_INFINITY : e.cost / stop;
}
