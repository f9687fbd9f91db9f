import type { Condition, MatchNode } from '../ir/condition.js';
import { foldAscii } from '../semantics/fold.js';
import { parseGlob } from '../semantics/wildcard.js';
import type { ListResolver } from './compile-condition.js';

/**
 * A rule's literal prefilter, in conjunctive form: clauses of (field, needle) atoms such that
 * whenever the rule matches, every clause has at least one atom whose needle occurs in that
 * field's folded value. It is only ever a *necessary* condition, so skipping a rule with an
 * unsatisfied clause never changes a verdict; it lets a rule set look for each distinct needle
 * once per event and try only the rules whose clauses all hold.
 *
 * No clauses: nothing is known, the rule is always tried. An empty clause: the rule can never
 * match (its condition is constant false).
 */
export interface Atom {
  readonly field: string;
  /** ASCII-folded; containment of the folded needle in the folded value is implied by a match. */
  readonly needle: string;
}

export type Clause = readonly Atom[];

export function requiredClauses(condition: Condition, lists: ListResolver): readonly Clause[] {
  return clausesOf(condition, lists, false);
}

/**
 * The clauses of `condition`, or of its negation when `negated`. A negation is pushed down to
 * the predicates (De Morgan: not-and is or-of-nots, not-or is and-of-nots, not-not is the
 * condition), so `not(or(not(A), B))` still requires A's needles; a negated predicate requires
 * nothing, since it holds exactly when its needles are absent.
 */
function clausesOf(condition: Condition, lists: ListResolver, negated: boolean): readonly Clause[] {
  switch (condition.kind) {
    case 'match':
      return negated ? [] : matchClauses(condition, lists);
    case 'const':
      return condition.value !== negated ? [] : [[]];
    case 'eventKind':
      return [];
    case 'not':
      return clausesOf(condition.child, lists, !negated);
    case 'and':
    case 'or':
      // An `and`, or a negated `or`, needs every child (negated alike).
      if ((condition.kind === 'and') !== negated) return condition.children.flatMap((c) => clausesOf(c, lists, negated));
      return unionOfOne(condition.children.map((c) => clausesOf(c, lists, negated)));
  }
}

/** Alternatives: one clause, the union of one clause from each that can hold at all. */
function unionOfOne(alternatives: readonly (readonly Clause[])[]): readonly Clause[] {
  const union: Atom[] = [];
  for (const clauses of alternatives) {
    if (clauses.some((k) => k.length === 0)) continue;
    const best = mostSelective(clauses);
    if (best === undefined) return [];
    union.push(...best);
  }
  return [union];
}

/** Few, long needles first: the clause least likely to hold by chance. */
export function mostSelective(clauses: readonly Clause[]): Clause | undefined {
  let best: Clause | undefined;
  for (const k of clauses) if (best === undefined || score(k) > score(best)) best = k;
  return best;
}

function score(atoms: Clause): number {
  const shortest = Math.min(...atoms.map((a) => a.needle.length));
  return shortest / atoms.length;
}

function matchClauses(node: MatchNode, lists: ListResolver): readonly Clause[] {
  const values = node.values.kind === 'literals' ? node.values.values : lists(node.values.name);
  const atoms: Atom[] = [];
  for (const v of values) {
    const needle = literalCore(node.op, v);
    if (needle === undefined || needle.length === 0) return [];
    atoms.push({ field: node.field, needle: foldAscii(needle) });
  }
  if (atoms.length === 0) return [];
  // With `all`, every value must match, so each needle is required on its own.
  return node.quantifier === 'all' ? atoms.map((a) => [a]) : [atoms];
}

/**
 * The literal text that must occur in any value the operator accepts for this needle (for a
 * glob, its longest literal run); undefined for operators that have none.
 */
export function literalCore(op: MatchNode['op'], value: string): string | undefined {
  switch (op) {
    case 'equals':
    case 'contains':
    case 'startswith':
    case 'endswith':
    case 'term':
    case 'termprefix':
    case 'termsuffix':
      return value;
    case 'wildcard': {
      let longest = '';
      for (const t of parseGlob(value)) if (t.kind === 'text' && t.text.length > longest.length) longest = t.text;
      return longest;
    }
    default:
      return undefined;
  }
}
