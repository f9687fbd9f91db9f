import type { Approximation } from '../targets/contract.js';

/**
 * Declared approximations as a person reads them: predicates that share one reason are listed
 * under it once (a rule with six `process.name` predicates gets one Sysmon explanation, not
 * six), in the order the emitter reported them.
 */
export function approximationLines(approximations: readonly Approximation[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const a of approximations) {
    const predicates = byReason.get(a.reason) ?? [];
    if (!predicates.includes(a.predicate)) predicates.push(a.predicate);
    byReason.set(a.reason, predicates);
  }
  return [...byReason].map(([reason, predicates]) =>
    predicates.length === 1 ? `${predicates[0]}: ${reason}` : `${reason} (${predicates.join('; ')})`,
  );
}
