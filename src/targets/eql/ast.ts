/**
 * The parsed form of an Elasticsearch EQL query (eql.md "Query shape"), as the ES grammar has
 * it: an event query, a sequence or a sample, then `head`/`tail` pipes. Every node keeps the
 * offset it starts at, so import errors can point into the query text.
 */
export interface Located {
  /** 0-based offset in the query text. */
  readonly at: number;
}

export type EqlLiteralValue = string | number | boolean | null;

export interface LiteralExpr extends Located {
  readonly kind: 'literal';
  readonly value: EqlLiteralValue;
}

/** A field reference: dotted ECS name; `?field` does not fail when the field is unmapped. */
export interface FieldExpr extends Located {
  readonly kind: 'field';
  readonly name: string;
  readonly optional: boolean;
}

/** Function call; `name` is lower-cased (ES resolves names case-insensitively), `~` kept apart. */
export interface CallExpr extends Located {
  readonly kind: 'call';
  readonly name: string;
  readonly insensitive: boolean;
  readonly args: readonly EqlExpr[];
}

export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface CompareExpr extends Located {
  readonly kind: 'compare';
  readonly op: ComparisonOp;
  readonly left: EqlExpr;
  readonly right: EqlExpr;
}

export type PatternOp = ':' | 'like' | 'like~' | 'regex' | 'regex~';

/** `f : "a*"`, `f like~ ("a", "b")`, `f regex ".*x"`: right side constants only. */
export interface PatternExpr extends Located {
  readonly kind: 'pattern';
  readonly op: PatternOp;
  readonly subject: EqlExpr;
  readonly patterns: readonly string[];
}

export interface InExpr extends Located {
  readonly kind: 'in';
  readonly negated: boolean;
  readonly insensitive: boolean;
  readonly subject: EqlExpr;
  readonly items: readonly EqlExpr[];
}

export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';

export interface ArithmeticExpr extends Located {
  readonly kind: 'arithmetic';
  readonly op: ArithmeticOp;
  readonly left: EqlExpr;
  readonly right: EqlExpr;
}

export interface NegateExpr extends Located {
  readonly kind: 'negate';
  readonly operand: EqlExpr;
}

export interface NotExpr extends Located {
  readonly kind: 'not';
  readonly operand: EqlExpr;
}

export interface LogicalExpr extends Located {
  readonly kind: 'and' | 'or';
  readonly left: EqlExpr;
  readonly right: EqlExpr;
}

export type EqlExpr =
  | LiteralExpr
  | FieldExpr
  | CallExpr
  | CompareExpr
  | PatternExpr
  | InExpr
  | ArithmeticExpr
  | NegateExpr
  | NotExpr
  | LogicalExpr;

/** `<category> where <condition>`; category undefined for `any`. */
export interface EventFilter extends Located {
  readonly category: string | undefined;
  readonly condition: EqlExpr;
}

export interface EventQuery {
  readonly kind: 'event';
  readonly filter: EventFilter;
}

export interface SequenceTerm {
  readonly filter: EventFilter;
  /** Per-term join keys, appended to the shared ones. */
  readonly by: readonly EqlExpr[];
}

export interface SequenceQuery {
  readonly kind: 'sequence';
  readonly by: readonly EqlExpr[];
  /** Milliseconds, when `with maxspan=` is given. */
  readonly maxspanMs: number | undefined;
  readonly terms: readonly SequenceTerm[];
  readonly until: SequenceTerm | undefined;
}

export interface SampleQuery {
  readonly kind: 'sample';
  readonly by: readonly EqlExpr[];
  readonly terms: readonly SequenceTerm[];
}

export interface Pipe extends Located {
  readonly kind: 'head' | 'tail';
  readonly count: number;
}

export interface EqlQuery {
  readonly source: string;
  readonly sourceName: string;
  readonly query: EventQuery | SequenceQuery | SampleQuery;
  readonly pipes: readonly Pipe[];
}

/** Whether an expression reads any field, i.e. is not a constant (ES compares fields with constants only). */
export function readsField(e: EqlExpr): boolean {
  switch (e.kind) {
    case 'field':
      return true;
    case 'literal':
      return false;
    case 'call':
      return e.args.some(readsField);
    case 'compare':
    case 'arithmetic':
    case 'and':
    case 'or':
      return readsField(e.left) || readsField(e.right);
    case 'negate':
    case 'not':
      return readsField(e.operand);
    case 'pattern':
      return readsField(e.subject);
    case 'in':
      return readsField(e.subject) || e.items.some(readsField);
  }
}
