import { and, constant, not, or, type Condition } from './condition.js';
import type { EventKind } from './event-kind.js';
import { ALL_FIELD_NAMES, fieldSpec } from './fields.js';
import { simplify, specialise } from './normalize.js';

/**
 * A condition as it reads on events of one kind: kind tests settled (specialise), and each
 * test on a logical field the kind does not have settled too — an event of the kind never
 * carries the field, and a test on a missing field never holds (src/evaluate: a match on a
 * missing field is false). Used to tell which kinds a query over a shared category can match
 * (registry.data is written on value writes only, not on keys created or deleted). Names that
 * are no logical field (a rule's derived fields) are left alone.
 */
export function onKind(condition: Condition, kind: EventKind): Condition {
  return simplify(settle(specialise(condition, kind), kind));
}

/** Whether the condition can hold on some event of the kind (onKind does not settle it false). */
export function canHoldOn(condition: Condition, kind: EventKind): boolean {
  const c = onKind(condition, kind);
  return c.kind !== 'const' || c.value;
}

function settle(c: Condition, kind: EventKind): Condition {
  switch (c.kind) {
    case 'match':
      return ALL_FIELD_NAMES.has(c.field) && fieldSpec(kind, c.field) === undefined ? constant(false) : c;
    case 'and':
      return and(c.children.map((x) => settle(x, kind)));
    case 'or':
      return or(c.children.map((x) => settle(x, kind)));
    case 'not':
      return not(settle(c.child, kind));
    case 'eventKind':
    case 'const':
      return c;
  }
}
