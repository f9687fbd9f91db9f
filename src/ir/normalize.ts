import { and, assertNever, constant, not, or, type Condition, type MatchNode } from './condition.js';
import type { EventKind } from './event-kind.js';
import { walkCondition } from './walk-rule.js';

const TRUE = constant(true);
const FALSE = constant(false);

/**
 * Flattens nested and/or, folds constants and double negation. The result means the same as
 * the input on every event; emitters rely on it to drop branches that cannot fire. A subtree
 * that is already simple is returned as it is (not rebuilt), which keeps emission cheap.
 */
export function simplify(condition: Condition): Condition {
  return simplifyNode(condition, undefined);
}

/**
 * The condition as it applies to events of one kind: event-kind tests become constants.
 * Every target asks this of the same rule for each of its kinds, so the answer is kept with
 * the (immutable) condition for as long as the condition lives.
 */
export function specialise(condition: Condition, kind: EventKind): Condition {
  let byKind = specialised.get(condition);
  if (byKind === undefined) {
    byKind = new Map();
    specialised.set(condition, byKind);
  }
  let result = byKind.get(kind);
  if (result === undefined) {
    result = simplifyNode(condition, kind);
    byKind.set(kind, result);
  }
  return result;
}

const specialised = new WeakMap<Condition, Map<EventKind, Condition>>();

/**
 * simplify, with event-kind tests first read as constants when `kind` is given: one walk for
 * what was substitute-then-simplify (simplify of a node depends only on its simplified
 * children, so folding the substitution into the walk gives the same tree).
 */
function simplifyNode(condition: Condition, kind: EventKind | undefined): Condition {
  switch (condition.kind) {
    case 'eventKind':
      if (kind === undefined) return condition;
      return condition.eventKind === kind ? TRUE : FALSE;
    case 'match':
    case 'const':
      return condition;
    case 'not': {
      const child = simplifyNode(condition.child, kind);
      if (child.kind === 'const') return child.value ? FALSE : TRUE;
      if (child.kind === 'not') return child.child;
      return child === condition.child ? condition : not(child);
    }
    case 'and':
    case 'or': {
      const isAnd = condition.kind === 'and';
      const children = condition.children;
      // The children so far once anything changed, built by pushing onto a literal rather than
      // sliced from the (frozen) children: an empty slice holds small integers to the engine,
      // so the first child pushed onto one deoptimised this function (--trace-deopt: 'not a
      // Smi'), and a slice has another hidden class than the arrays the readers build.
      let out: Condition[] | undefined;
      for (let i = 0; i < children.length; i++) {
        const c = children[i] as Condition;
        const s = simplifyNode(c, kind);
        if (s.kind === 'const') {
          if (s.value !== isAnd) return isAnd ? FALSE : TRUE; // absorbing element
          out ??= prefix(children, i); // neutral element: dropped
          continue;
        }
        if (s.kind === condition.kind) {
          out ??= prefix(children, i);
          for (let j = 0; j < s.children.length; j++) out.push(s.children[j] as Condition);
        } else if (out !== undefined) out.push(s);
        else if (s !== c) {
          out = prefix(children, i);
          out.push(s);
        }
      }
      if (out === undefined) {
        // Nothing changed below; only the size rules remain.
        if (children.length === 0) return isAnd ? TRUE : FALSE;
        if (children.length === 1) return children[0] as Condition;
        return condition;
      }
      if (out.length === 0) return isAnd ? TRUE : FALSE;
      if (out.length === 1) return out[0] as Condition;
      return isAnd ? and(out) : or(out);
    }
    default:
      return assertNever(condition, 'condition');
  }
}

/** children[0..end), as an array pushed onto (see simplifyNode). */
function prefix(children: readonly Condition[], end: number): Condition[] {
  const out: Condition[] = [];
  for (let i = 0; i < end; i++) out.push(children[i] as Condition);
  return out;
}

/** Visits every match node (in derived expressions too, when the caller passes them). */
export function forEachMatch(condition: Condition, visit: (node: MatchNode) => void): void {
  walkCondition(condition, (node) => visit(node));
}
