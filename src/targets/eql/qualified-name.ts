import { and, constant, literals, match, not, or, type Condition, type MatchNode } from '../../ir/condition.js';
import type { CaseRule, MatchOperator } from '../../ir/match-operator.js';

/**
 * `user.qualified_name` (`DOMAIN\name`, src/ir/user-qualified-name.ts) over ECS, which keeps
 * only `user.domain` and `user.name`. The name is `d + "\" + n` where both parts are non-empty,
 * so a test on it is a test on the parts, split where the needle's backslashes could fall:
 * - equals `v`: for some backslash of `v` at i, d is `v[..i]` and n is `v[i+1..]`;
 * - startswith `v`: d starts with `v` (the needle ends inside the domain), or for some
 *   backslash at i, d is `v[..i]` and n starts with `v[i+1..]`;
 * - endswith `v`: the mirror image;
 * - contains `v`: inside d, inside n, or across the separator: for some backslash at i, d ends
 *   with `v[..i]` and n starts with `v[i+1..]`.
 * Each case is every way the needle can sit in the joined text, so the rewrite is exact; case
 * folding is ASCII and keeps lengths and backslashes, so it holds for both case rules.
 * Globs, term matches and regexes have no such split: undefined (the caller refuses).
 */
const SPLITTABLE: ReadonlySet<MatchOperator> = new Set<MatchOperator>(['equals', 'startswith', 'endswith', 'contains', 'exists']);

export function qualifiedNameOverParts(node: MatchNode, values: readonly string[]): Condition | undefined {
  if (!SPLITTABLE.has(node.op)) return undefined;
  const present = (field: string): Condition => and([match({ field, op: 'exists' }), not(match({ field, op: 'equals', values: literals(['']), caseRule: 'sensitive' }))]);
  const both = and([present('user.domain'), present('user.name')]);
  if (node.op === 'exists') return both;
  const caseRule: CaseRule = node.caseRule;
  const on = (field: string, op: MatchOperator, v: string): Condition => match({ field, op, values: literals([v]), caseRule });
  const forValue = (v: string): Condition => {
    const cuts = [...v].flatMap((c, i, all) => (c === '\\' ? [all.slice(0, i).join('').length] : []));
    const split = cuts.map((i) => [v.slice(0, i), v.slice(i + 1)] as const);
    switch (node.op) {
      case 'equals':
        return or(split.filter(([d, n]) => d !== '' && n !== '').map(([d, n]) => and([on('user.domain', 'equals', d), on('user.name', 'equals', n)])));
      case 'startswith':
        return or([on('user.domain', 'startswith', v), ...split.filter(([d]) => d !== '').map(([d, n]) => and([on('user.domain', 'equals', d), on('user.name', 'startswith', n)]))]);
      case 'endswith':
        return or([on('user.name', 'endswith', v), ...split.filter(([, n]) => n !== '').map(([d, n]) => and([on('user.name', 'equals', n), on('user.domain', 'endswith', d)]))]);
      case 'contains':
        return or([on('user.domain', 'contains', v), on('user.name', 'contains', v), ...split.map(([d, n]) => and([on('user.domain', 'endswith', d), on('user.name', 'startswith', n)]))]);
      default:
        return constant(false);
    }
  };
  if (values.length === 0) return node.quantifier === 'any' ? constant(false) : both;
  const each = values.map(forValue);
  const combined = node.quantifier === 'all' ? and(each) : or(each);
  // Equality with a non-empty domain and name needs no guard; the other tests hold only where
  // the name exists, i.e. both parts are non-empty (a test on one part says nothing of the other).
  return node.op === 'equals' ? combined : and([both, combined]);
}
