/**
 * Every predicate says exactly what it means: an operator, a case rule and a quantifier.
 * The semantics of each operator are those of `src/semantics/` and the README's table.
 */
export const STRING_OPERATORS = [
  'equals',
  'contains',
  'startswith',
  'endswith',
  /** KQL `has`: the needle as a whole term (see semantics/term.ts). */
  'term',
  /** KQL `hasprefix`: only the left term boundary. */
  'termprefix',
  /** KQL `hassuffix`: only the right term boundary. */
  'termsuffix',
  /** Glob over the whole value: `*` any run, `?` one char, `\` escapes as in Sigma. */
  'wildcard',
  /** Regex search (unanchored) in the portable subset of semantics/regex.ts. */
  'regex',
] as const;
export const NUMERIC_OPERATORS = ['lt', 'lte', 'gt', 'gte'] as const;
export const OTHER_OPERATORS = ['cidr', 'exists'] as const;

export type StringOperator = (typeof STRING_OPERATORS)[number];
export type NumericOperator = (typeof NUMERIC_OPERATORS)[number];
export type MatchOperator = StringOperator | NumericOperator | (typeof OTHER_OPERATORS)[number];

export const MATCH_OPERATORS: readonly MatchOperator[] = [
  ...STRING_OPERATORS,
  ...NUMERIC_OPERATORS,
  ...OTHER_OPERATORS,
];

export type CaseRule = 'sensitive' | 'insensitive';
export type Quantifier = 'any' | 'all';

export function isStringOperator(op: MatchOperator): op is StringOperator {
  return (STRING_OPERATORS as readonly string[]).includes(op);
}
export function isNumericOperator(op: MatchOperator): op is NumericOperator {
  return (NUMERIC_OPERATORS as readonly string[]).includes(op);
}
