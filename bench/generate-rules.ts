import { and, literals, listRef, match, not, or, type Condition } from '../src/ir/condition.js';
import type { EventKind } from '../src/ir/event-kind.js';
import type { MatchOperator } from '../src/ir/match-operator.js';
import type { Rule } from '../src/ir/rule.js';
import { COMMAND_FRAGMENTS, FOLDERS, IMAGES } from './corpus-vocabulary.js';
import type { Random } from './random.js';

/**
 * Rules of realistic shape: mostly process-creation rules with 3–15 predicates over image name,
 * path, command line and parent, with named lists and wildcards, as the Sigma corpus has them.
 */
const STRING_OPS: readonly MatchOperator[] = ['equals', 'contains', 'startswith', 'endswith', 'term', 'wildcard', 'contains', 'endswith'];

function predicate(rng: Random, lists: Map<string, string[]>): Condition {
  const fieldPick = rng.int(0, 4);
  const op = rng.pick(STRING_OPS);
  const caseRule = rng.chance(0.9) ? 'insensitive' : 'sensitive';
  if (fieldPick === 0) {
    return match({ field: 'process.name', op: 'equals', values: literals([rng.pick(IMAGES), rng.pick(IMAGES)]), caseRule });
  }
  if (fieldPick === 1) {
    const path = rng.pick(FOLDERS) + rng.pick(IMAGES);
    const value = op === 'wildcard' ? `*\\${rng.pick(IMAGES)}` : op === 'endswith' ? `\\${rng.pick(IMAGES)}` : path;
    return match({ field: 'process.executable', op, values: literals([value]), caseRule });
  }
  if (fieldPick === 2 && rng.chance(0.5)) {
    const name = `List${lists.size}`;
    lists.set(name, Array.from({ length: rng.int(3, 12) }, () => rng.pick(COMMAND_FRAGMENTS)));
    return match({ field: 'process.command_line', op: rng.chance(0.5) ? 'term' : 'contains', values: listRef(name), caseRule });
  }
  if (fieldPick === 3) {
    return match({ field: 'process.parent.name', op: 'equals', values: literals([rng.pick(IMAGES)]), caseRule });
  }
  const frag = rng.pick(COMMAND_FRAGMENTS);
  const value = op === 'wildcard' ? `*${frag}*` : frag;
  return match({
    field: 'process.command_line',
    op,
    values: literals([value, rng.pick(COMMAND_FRAGMENTS)]),
    quantifier: rng.chance(0.2) ? 'all' : 'any',
    caseRule,
  });
}

function condition(rng: Random, budget: number, depth: number, lists: Map<string, string[]>): Condition {
  if (budget <= 1 || depth > 3) return predicate(rng, lists);
  const parts = Math.min(budget, rng.int(2, 4));
  const children: Condition[] = [];
  let left = budget;
  for (let i = 0; i < parts; i++) {
    const share = i === parts - 1 ? left : Math.max(1, Math.floor(left / (parts - i)));
    left -= share;
    const child = condition(rng, share, depth + 1, lists);
    children.push(rng.chance(0.12) ? not(child) : child);
  }
  return depth % 2 === 0 ? and(children) : or(children);
}

export function generateRule(rng: Random, index: number): Rule {
  const lists = new Map<string, string[]>();
  const cond = condition(rng, rng.int(3, 15), 0, lists);
  return benchRule(index, 'process_creation', cond, lists);
}

/** The metadata every generated rule shares; only the condition and its lists differ. */
export function benchRule(index: number, kind: EventKind, cond: Condition, lists: Map<string, string[]>): Rule {
  const hex = index.toString(16).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${hex}`,
    name: `bench-rule-${index}`,
    title: `Benchmark rule ${index}`,
    description: 'Generated for the benchmark.',
    author: ['unirule bench'],
    date: '2026-11-22',
    status: 'experimental',
    severity: 'medium',
    confidence: 'medium',
    attack: { version: '19', techniques: ['T1059'] },
    references: [],
    falsePositives: [],
    dataSources: [],
    related: [],
    notes: {},
    logsources: [kind],
    lists,
    condition: cond,
    derived: [],
    output: { fields: [], sort: [] },
    tests: { now: '2026-11-20T12:00:00Z', cases: [] },
  };
}
