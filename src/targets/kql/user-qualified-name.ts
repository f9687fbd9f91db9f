import type { EventKind } from '../../ir/event-kind.js';
import type { Expr } from './ast.js';
import { kqlString } from './escape.js';
import { bracket, concat, flat, text, type Doc } from './layout.js';
import { exprShape, extendShape } from './extend-shape.js';

/**
 * `user.qualified_name` in Defender. No table has a `DOMAIN\name` column: the account is two
 * columns, `AccountDomain` and `AccountName` on a process row (the new process's account),
 * `InitiatingProcessAccountDomain` and `InitiatingProcessAccountName` on every other row (the
 * acting process's; on a process row those are the parent's). The query computes it once,
 * before the filter:
 *
 *   extend UserQualifiedName = iff(isnotempty(AccountDomain) and isnotempty(AccountName),
 *       strcat(AccountDomain, @"\", AccountName), "")
 *
 * and, in a union of process rows with others, picks the pair by the row's action (the kind
 * test every union uses, emit-match.ts `kindGuard`).
 *
 * Why this is exact (src/ir/user-qualified-name.ts defines the name): the name exists only when
 * both parts are non-empty — exactly the rows on which this gives a non-empty text, and on those
 * it gives `domain\name`. Every other row reads `""`, as a missing string does in Kusto.
 * Defender's own spelling is kept: its local system account is `nt authority` / `system`.
 */
export const USER_QUALIFIED_COLUMN = 'UserQualifiedName';

function pairDoc(domain: string, name: string): Doc {
  return text(`iff(isnotempty(${domain}) and isnotempty(${name}), strcat(${domain}, ${kqlString('\\')}, ${name}), "")`);
}

/**
 * The action of a process row (schema.ts `KIND_SCHEMAS`; spelled here because schema.ts reads
 * this module's column name while it is being built).
 */
export const PROCESS_CREATED_ACTION = 'ProcessCreated';

const PROCESS_PAIR = ['AccountDomain', 'AccountName'] as const;
const ACTOR_PAIR = ['InitiatingProcessAccountDomain', 'InitiatingProcessAccountName'] as const;

/** The expression that computes the name from a row of any of the kinds. */
export function qualifiedNameDoc(kinds: readonly EventKind[]): Doc {
  const process = kinds.includes('process_creation');
  const others = kinds.some((k) => k !== 'process_creation');
  if (!others) return pairDoc(...PROCESS_PAIR);
  if (!process) return pairDoc(...ACTOR_PAIR);
  return bracket('case(', [text(`ActionType == ${kqlString(PROCESS_CREATED_ACTION)}`), pairDoc(...PROCESS_PAIR), pairDoc(...ACTOR_PAIR)], ')', 'pairs');
}

/** The `extend` stage (without the leading `| `). */
export function qualifiedNameStage(kinds: readonly EventKind[]): Doc {
  return concat(text(`extend ${USER_QUALIFIED_COLUMN} = `), qualifiedNameDoc(kinds));
}

/** The canonical shape per set of kinds (the actor's columns differ by kind), parsed once each. */
const canonical = new Map<string, string>();

/**
 * Whether an `extend` computes the name as this module writes it for the query's kinds: the
 * importer reads it as `user.qualified_name`. Any other expression stays a derived field.
 */
export function isQualifiedNameExpr(e: Expr, kinds: readonly EventKind[]): boolean {
  const key = kinds.join(',');
  let shape = canonical.get(key);
  if (shape === undefined) {
    shape = extendShape(`T\n| extend ${USER_QUALIFIED_COLUMN} = ${flat(qualifiedNameDoc(kinds))}`, 'user qualified name');
    canonical.set(key, shape);
  }
  return exprShape(e) === shape;
}
