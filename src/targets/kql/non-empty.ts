import type { Condition } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import type { Rule } from '../../ir/rule.js';
import { walkRule } from '../../ir/walk-rule.js';
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
export function nonEmptyPairs(
  children: readonly Condition[],
  kinds: readonly EventKind[],
  derivedNames: ReadonlySet<string>,
  testedForPresence: ReadonlySet<string> = NO_FIELDS,
): NonEmptyPairs {
  let fields: Set<string> | undefined;
  let redundant: Set<Condition> | undefined;
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as Condition;
    if (c.kind !== 'match' || derivedNames.has(c.field)) continue;
    if (c.op !== 'exists') {
      // A positive test that no missing or empty value passes proves the field non-empty
      // wherever the `and` can hold, in the rule model and in Kusto alike (kql.md: a missing
      // text column reads ""; `endswith "svchost.exe"` is false on "" and on missing). So an
      // `exists` on it anywhere under the `and` (SigmaHQ's `filter: CommandLine: null` under
      // `not`) is exactly `isnotempty`. Looked for only when the rule tests that field's presence.
      if (testedForPresence.has(c.field) && !fields?.has(c.field) && needsNonEmpty(c) && textOnEveryKind(c.field, kinds)) (fields ??= new Set()).add(c.field);
      continue;
    }
    if (!textOnEveryKind(c.field, kinds)) continue;
    const sibling = children.find((s) => s.kind === 'not' && s.child.kind === 'match' && isEqualsEmpty(s.child, c.field));
    if (!sibling || fields?.has(c.field)) continue;
    (fields ??= new Set()).add(c.field);
    (redundant ??= new Set()).add(sibling);
  }
  return fields ? { fields, redundant: redundant ?? NO_CONDITIONS } : NONE;
}

const NO_FIELDS: ReadonlySet<string> = new Set();
const NO_CONDITIONS: ReadonlySet<Condition> = new Set();

/** Equals, contains, startswith or endswith on non-empty literal needles only: false on "" and on a missing field. */
function needsNonEmpty(m: MatchNode): boolean {
  if (m.op !== 'equals' && m.op !== 'contains' && m.op !== 'startswith' && m.op !== 'endswith') return false;
  if (m.values.kind !== 'literals' || m.values.values.length === 0) return false;
  return m.values.values.every((v) => v !== '');
}

/** The fields a rule tests with `exists` anywhere (kept per rule: every `and` of its emission asks). */
export function fieldsTestedForPresence(rule: Rule): ReadonlySet<string> {
  let fields = PRESENCE_TESTS.get(rule);
  if (!fields) {
    const found = new Set<string>();
    walkRule(rule, { match: (node) => (node.op === 'exists' ? void found.add(node.field) : undefined) });
    PRESENCE_TESTS.set(rule, (fields = found.size === 0 ? NO_FIELDS : found));
  }
  return fields;
}
const PRESENCE_TESTS = new WeakMap<Rule, ReadonlySet<string>>();

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
