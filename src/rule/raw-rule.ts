/**
 * The rule file's shape once schemas/rule.schema.json has accepted it. These types mirror the
 * schema, so the converters can read the data without re-checking what ajv already checked.
 */
export type RawScalar = string | number | boolean;

export type RawCondition =
  | boolean
  | { readonly all: readonly RawCondition[] }
  | { readonly any: readonly RawCondition[] }
  | { readonly not: RawCondition }
  | { readonly kind: string }
  | RawPredicate;

export interface RawPredicate {
  readonly field: string;
  readonly op: string;
  readonly value?: RawScalar;
  readonly values?: readonly RawScalar[];
  readonly list?: string;
  readonly match?: 'any' | 'all';
  readonly case?: 'insensitive' | 'sensitive';
  readonly flags?: readonly ('m' | 's')[];
}

export type RawExpr =
  | { readonly field: string }
  | { readonly value: RawScalar }
  | { readonly coalesce: readonly RawExpr[] }
  | {
      readonly extract: {
        readonly pattern: string;
        readonly group?: number;
        readonly from: RawExpr;
        readonly case?: 'insensitive' | 'sensitive';
      };
    }
  | { readonly case: readonly ({ readonly when: RawCondition; readonly then: RawExpr } | { readonly else: RawExpr })[] }
  | { readonly condition: RawCondition };

export type RawEventValue = string | number | boolean | null | readonly string[] | { readonly [k: string]: RawEventValue };

export interface RawTestCase {
  readonly name: string;
  readonly expect: 'match' | 'no_match';
  readonly reason?: string;
  readonly event: { readonly kind: string; readonly [k: string]: RawEventValue };
  readonly derived?: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
}

export interface RawRule {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly author?: readonly string[];
  readonly date: string;
  readonly modified?: string;
  readonly status: string;
  readonly severity: string;
  readonly confidence: string;
  readonly attack: { readonly version: string | number; readonly techniques: readonly string[]; readonly tactics?: readonly string[] };
  readonly references?: readonly string[];
  readonly false_positives?: readonly string[];
  readonly data_sources?: readonly string[];
  readonly related?: readonly { readonly ref: string; readonly type: string }[];
  readonly notes?: { readonly investigation?: string; readonly tuning?: string };
  readonly logsources: readonly string[];
  readonly window?: string;
  readonly lists?: Readonly<Record<string, readonly (string | number)[]>>;
  readonly condition: RawCondition;
  readonly derived?: readonly { readonly name: string; readonly expr: RawExpr }[];
  readonly output?: {
    readonly fields?: readonly string[];
    readonly sort?: readonly { readonly field: string; readonly order?: 'asc' | 'desc' }[];
  };
  readonly tests: { readonly now: string; readonly cases: readonly RawTestCase[] };
}
