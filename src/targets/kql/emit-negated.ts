import { REGISTRY_PATH } from '../../ir/registry-path.js';
import type { MatchNode } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import type { EmitContext } from './emit-context.js';
import { EMPTY_NEEDLE, atom, describeMatch, emptyNeedleMatches, joinEmitted, matchValues, setTest, type Emitted } from './emit-match.js';
import { kqlIdentifier, kqlString } from './escape.js';
import { columnFor, columnTypeFor } from './schema.js';

/**
 * `not(FileName in~ ("a", "b"))` reads better as `FileName !in~ ("a", "b")`. Kusto has a `!`
 * form of every string operator but `has_any`, `has_all` and `matches regex`; a negated
 * any-of becomes an all-of the negated tests (De Morgan). Only a predicate on one string
 * column that needs no kind guard is written so; anything else stays `not(...)`.
 */
const NEGATED: Readonly<Record<string, readonly [insensitive: string, sensitive: string]>> = {
  equals: ['!~', '!='],
  contains: ['!contains', '!contains_cs'],
  startswith: ['!startswith', '!startswith_cs'],
  endswith: ['!endswith', '!endswith_cs'],
  term: ['!has', '!has_cs'],
  termprefix: ['!hasprefix', '!hasprefix_cs'],
  termsuffix: ['!hassuffix', '!hassuffix_cs'],
};

export function emitNegatedMatch(node: MatchNode, ctx: EmitContext): Emitted | undefined {
  const ops = Object.prototype.hasOwnProperty.call(NEGATED, node.op) ? NEGATED[node.op] : undefined;
  if (!ops || (node.field.startsWith('registry.') && node.field !== REGISTRY_PATH) || node.field === 'event.action') return undefined;
  const column = singleStringColumn(node.field, ctx);
  if (column === undefined) return undefined;
  const values = matchValues(node, ctx);
  if (values.length === 0) return undefined;
  const insensitive = node.caseRule === 'insensitive';
  const list = node.values.kind === 'list' ? node.values.name : undefined;
  if (node.op === 'equals' && node.quantifier === 'any' && (list !== undefined || values.length > 1)) {
    if (list !== undefined) ctx.usedLists.add(list);
    return setTest(column, insensitive ? '!in~' : '!in', list !== undefined ? [kqlIdentifier(list)] : values.map(kqlString));
  }
  // has_any has no `!` form: a negated term list is left to not(...).
  if (node.op === 'term' && insensitive && (list !== undefined || values.length > 1)) return undefined;
  const op = insensitive ? ops[0] : ops[1];
  const tests = values.map((v) => atom(`${column} ${op} ${kqlString(v)}`));
  return joinEmitted(tests, node.quantifier === 'any' ? 'and' : 'or');
}

/**
 * The checks emitting the operand itself would make, for a predicate `emitNegatedMatch` writes
 * in a `!` form: such a predicate tests one string column (or derived name) on every kind with
 * a plain string operator, so of emit-match.ts's checks only one applies — a needle matching
 * "", which is what KQL reads for a missing column (not for a derived value, never missing).
 * A property test holds this to emitting the operand (test/property/emit-rewrites.test.ts).
 */
export function checkNegatedOperand(node: MatchNode, ctx: EmitContext): void {
  if (ctx.derivedNames.has(node.field)) return;
  const values = matchValues(node, ctx);
  if (emptyNeedleMatches(node, values)) ctx.approximate(describeMatch(node, values), EMPTY_NEEDLE);
}

/** The column when every kind the query reads keeps the field in the same string column. */
function singleStringColumn(field: string, ctx: EmitContext): string | undefined {
  if (ctx.derivedNames.has(field)) return ctx.derivedType(field) === 'string' ? kqlIdentifier(field) : undefined;
  if (ctx.kinds.length === 0) return undefined;
  const only = columnFor(ctx.kinds[0] as EventKind, field);
  if (only === undefined || ctx.kinds.some((k) => columnFor(k, field) !== only)) return undefined;
  return ctx.kinds.every((k) => columnTypeFor(k, only) === 'string') ? only : undefined;
}
