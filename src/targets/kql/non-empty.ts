import type { Condition } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import { columnFor, columnTypeFor } from './schema.js';

type MatchNode = Extract<Condition, { kind: 'match' }>;

export interface NonEmptyPairs {
  readonly fields: ReadonlySet<string>;
  readonly redundant: ReadonlySet<Condition>;
}

/** Most `and`s hold no such pair: they share this answer instead of allocating their own. */
const NONE: NonEmptyPairs = { fields: new Set(), redundant: new Set() };

/**
 * `F exists and not(F equals "")` is exactly Kusto's `isnotempty(F)` on a text column: a
 * missing text value reads `""` there, and both forms are false on missing and on `""`. The
 * KQL importer writes `isnotempty` this way, so finding the pair keeps the round trip exact,
 * where `exists` alone is an approximation (KQL cannot tell missing from empty).
 *
 * Returns the fields of such pairs among an `and`'s operands whose column is text on every
 * kind the query reads, and the `not(F equals "")` operands that `isnotempty` makes redundant.
 */
export function nonEmptyPairs(children: readonly Condition[], kinds: readonly EventKind[], derivedNames: ReadonlySet<string>): NonEmptyPairs {
  let fields: Set<string> | undefined;
  let redundant: Set<Condition> | undefined;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as Condition;
    if (c.kind !== 'match' || c.op !== 'exists' || derivedNames.has(c.field) || !textOnEveryKind(c.field, kinds)) continue;
    const sibling = children.find((s) => s.kind === 'not' && s.child.kind === 'match' && isEqualsEmpty(s.child, c.field));
    if (!sibling || fields?.has(c.field)) continue;
    (fields ??= new Set()).add(c.field);
    (redundant ??= new Set()).add(sibling);
  }
  return fields && redundant ? { fields, redundant } : NONE;
}

function isEqualsEmpty(m: MatchNode, field: string): boolean {
  return m.field === field && m.op === 'equals' && m.values.kind === 'literals' && m.values.values.length === 1 && m.values.values[0] === '';
}

function textOnEveryKind(field: string, kinds: readonly EventKind[]): boolean {
  return kinds.every((k) => {
    const column = columnFor(k, field);
    // RegistryKey has its own hive handling; leave it to the general path.
    return column !== undefined && column !== 'RegistryKey' && columnTypeFor(k, column) === 'string';
  });
}
