import type { Condition } from './condition.js';
import type { CaseRule } from './match-operator.js';
import type { Scalar } from './value.js';

/**
 * Derived output fields (KQL `extend`). Their value rules follow Kusto's, since KQL is the
 * only target that can compute them: a missing string reads `""`, `coalesce` skips null and
 * `""`, `extract` yields `""` when nothing matches.
 */
export type DerivedExpr =
  | { readonly kind: 'field'; readonly field: string }
  | { readonly kind: 'literal'; readonly value: Scalar }
  | { readonly kind: 'coalesce'; readonly args: readonly DerivedExpr[] }
  | {
      readonly kind: 'extract';
      readonly pattern: string;
      readonly group: number;
      readonly source: DerivedExpr;
      readonly caseRule: CaseRule;
    }
  | {
      readonly kind: 'case';
      readonly branches: readonly { readonly when: Condition; readonly then: DerivedExpr }[];
      readonly otherwise: DerivedExpr;
    }
  | { readonly kind: 'condition'; readonly condition: Condition };

export interface DerivedField {
  readonly name: string;
  readonly expr: DerivedExpr;
}
