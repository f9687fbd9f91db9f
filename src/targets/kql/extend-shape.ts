import type { Expr } from './ast.js';
import { parseKql } from './parse.js';

/**
 * The KQL importer recognises a column this project computes (`RegistryPath`,
 * `UserQualifiedName`) by the shape of its `extend` expression, however it is laid out: the
 * syntax tree with positions left out, as comparable text.
 */
export function exprShape(e: Expr): string {
  return JSON.stringify(e, (key, value: unknown) => (key === 'pos' ? undefined : value));
}

/** The shape of the expression a one-stage query `T | extend Name = ...` assigns. */
export function extendShape(query: string, what: string): string {
  const stage = parseKql(query, `<${what}>`).stages[0];
  if (stage?.kind !== 'extend' || !stage.assignments[0]) throw new Error(`the ${what} expression does not parse as an extend`);
  return exprShape(stage.assignments[0].expr);
}
