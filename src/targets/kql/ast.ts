import type { SourcePosition } from '../../diagnostics.js';

/**
 * The KQL subset detections use, as our parser reads it. Every node keeps its position so
 * that the importer and the evaluator can point at the construct they cannot handle.
 */
export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly isReal: boolean }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'datetime'; readonly ms: number; readonly text: string }
  | { readonly kind: 'timespan'; readonly ms: number; readonly text: string };

export type Expr =
  | { readonly kind: 'literal'; readonly literal: Literal; readonly pos: SourcePosition }
  | { readonly kind: 'dynamic'; readonly items: readonly Expr[]; readonly pos: SourcePosition }
  | { readonly kind: 'column'; readonly name: string; readonly pos: SourcePosition }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly pos: SourcePosition }
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: Expr; readonly right: Expr; readonly pos: SourcePosition }
  /** `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`: a left side and a list of items. */
  | { readonly kind: 'setop'; readonly op: string; readonly left: Expr; readonly items: readonly Expr[]; readonly pos: SourcePosition }
  | { readonly kind: 'between'; readonly negated: boolean; readonly left: Expr; readonly low: Expr; readonly high: Expr; readonly pos: SourcePosition }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Expr[]; readonly pos: SourcePosition }
  | { readonly kind: 'negate'; readonly operand: Expr; readonly pos: SourcePosition };

export interface Assignment {
  readonly name: string;
  readonly expr: Expr;
  readonly pos: SourcePosition;
}

export interface SortKey {
  readonly expr: Expr;
  readonly order: 'asc' | 'desc';
  readonly nulls?: 'first' | 'last';
}

export type Stage =
  | { readonly kind: 'where'; readonly predicate: Expr; readonly pos: SourcePosition }
  | { readonly kind: 'extend'; readonly assignments: readonly Assignment[]; readonly pos: SourcePosition }
  /** `project`: a column kept as is has no `expr`. */
  | { readonly kind: 'project'; readonly items: readonly { readonly name: string; readonly expr?: Expr; readonly pos: SourcePosition }[]; readonly pos: SourcePosition }
  | { readonly kind: 'project-away'; readonly names: readonly string[]; readonly pos: SourcePosition }
  | { readonly kind: 'sort'; readonly keys: readonly SortKey[]; readonly pos: SourcePosition }
  | { readonly kind: 'take'; readonly count: Expr; readonly pos: SourcePosition };

export interface LetStatement {
  readonly name: string;
  readonly expr: Expr;
  readonly pos: SourcePosition;
}

export interface KqlQuery {
  readonly sourceName: string;
  readonly lets: readonly LetStatement[];
  /** The tables read, in order (one, or the operands of `union`). */
  readonly tables: readonly { readonly name: string; readonly pos: SourcePosition }[];
  readonly stages: readonly Stage[];
}
