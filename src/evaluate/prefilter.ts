import type { Condition, MatchNode } from '../ir/condition.js';
import { foldAscii } from '../semantics/fold.js';
import { parseGlob } from '../semantics/wildcard.js';
import type { ListResolver } from './compile-condition.js';

/**
 * A rule's literal prefilter: a set of (field, needle) atoms such that whenever the rule
 * matches, at least one atom's needle occurs in that field's folded value. It is only ever a
 * *necessary* condition, so skipping a rule whose atoms are all absent never changes a verdict;
 * it lets a rule set test each distinct needle once per event instead of every rule in full.
 */
export interface Atom {
  readonly field: string;
  /** ASCII-folded; containment of the folded needle in the folded value is implied by a match. */
  readonly needle: string;
}

/** Undefined when no such set can be given (the rule must always be evaluated). */
export function requiredAtoms(condition: Condition, lists: ListResolver): readonly Atom[] | undefined {
  switch (condition.kind) {
    case 'match':
      return matchAtoms(condition, lists);
    case 'const':
      return condition.value ? undefined : [];
    case 'eventKind':
    case 'not':
      return undefined;
    case 'or': {
      const all: Atom[] = [];
      for (const c of condition.children) {
        const atoms = requiredAtoms(c, lists);
        if (atoms === undefined) return undefined;
        all.push(...atoms);
      }
      return all;
    }
    case 'and': {
      // Any conjunct's atoms will do; prefer few, long needles (the most selective).
      let best: readonly Atom[] | undefined;
      for (const c of condition.children) {
        const atoms = requiredAtoms(c, lists);
        if (atoms !== undefined && (best === undefined || score(atoms) > score(best))) best = atoms;
      }
      return best;
    }
  }
}

function score(atoms: readonly Atom[]): number {
  if (atoms.length === 0) return Infinity;
  const shortest = Math.min(...atoms.map((a) => a.needle.length));
  return shortest / atoms.length;
}

function matchAtoms(node: MatchNode, lists: ListResolver): readonly Atom[] | undefined {
  const values = node.values.kind === 'literals' ? node.values.values : lists(node.values.name);
  const needles: string[] = [];
  for (const v of values) {
    const needle = literalCore(node.op, v);
    if (needle === undefined || needle.length === 0) return undefined;
    needles.push(foldAscii(needle));
  }
  if (needles.length === 0) return undefined;
  // With `all`, every value must match, so the first one alone is already necessary.
  const chosen = node.quantifier === 'all' ? needles.slice(0, 1) : needles;
  return chosen.map((needle) => ({ field: node.field, needle }));
}

/** The literal text that must occur in any value the operator accepts for this needle. */
function literalCore(op: MatchNode['op'], value: string): string | undefined {
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
