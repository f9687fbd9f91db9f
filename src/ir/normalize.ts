import { and, assertNever, constant, not, or, type Condition } from './condition.js';
import type { EventKind } from './event-kind.js';

/**
 * Flattens nested and/or, folds constants and double negation. The result means the same as
 * the input on every event; emitters rely on it to drop branches that cannot fire.
 */
export function simplify(condition: Condition): Condition {
  switch (condition.kind) {
    case 'match':
    case 'eventKind':
    case 'const':
      return condition;
    case 'not': {
      const child = simplify(condition.child);
      if (child.kind === 'const') return constant(!child.value);
      if (child.kind === 'not') return child.child;
      return not(child);
    }
    case 'and':
    case 'or': {
      const isAnd = condition.kind === 'and';
      const out: Condition[] = [];
      for (const c of condition.children) {
        const s = simplify(c);
        if (s.kind === 'const') {
          if (s.value === isAnd) continue; // neutral element
          return constant(!isAnd); // absorbing element
        }
        if (s.kind === condition.kind) out.push(...s.children);
        else out.push(s);
      }
      if (out.length === 0) return constant(isAnd);
      if (out.length === 1) return out[0] as Condition;
      return isAnd ? and(out) : or(out);
    }
    default:
      return assertNever(condition, 'condition');
  }
}

/** The condition as it applies to events of one kind: event-kind tests become constants. */
export function specialise(condition: Condition, kind: EventKind): Condition {
  return simplify(substituteKind(condition, kind));
}

function substituteKind(condition: Condition, kind: EventKind): Condition {
  switch (condition.kind) {
    case 'eventKind':
      return constant(condition.eventKind === kind);
    case 'match':
    case 'const':
      return condition;
    case 'not':
      return not(substituteKind(condition.child, kind));
    case 'and':
      return and(condition.children.map((c) => substituteKind(c, kind)));
    case 'or':
      return or(condition.children.map((c) => substituteKind(c, kind)));
    default:
      return assertNever(condition, 'condition');
  }
}

/** Visits every match node (in derived expressions too, when the caller passes them). */
export function forEachMatch(condition: Condition, visit: (node: Extract<Condition, { kind: 'match' }>) => void): void {
  switch (condition.kind) {
    case 'match':
      visit(condition);
      return;
    case 'not':
      forEachMatch(condition.child, visit);
      return;
    case 'and':
    case 'or':
      for (const c of condition.children) forEachMatch(c, visit);
      return;
    case 'eventKind':
    case 'const':
      return;
    default:
      assertNever(condition, 'condition');
  }
}
