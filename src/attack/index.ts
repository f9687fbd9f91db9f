import { ATTACK_VERSIONS, attackMatrix, type Tactic, type Technique } from './data.js';

export { ATTACK_VERSIONS, attackMatrix, type AttackMatrix, type Tactic, type Technique } from './data.js';

/** The newest ATT&CK major version shipped, the one ids are checked and re-mapped against. */
export function latestAttackVersion(): string {
  return ATTACK_VERSIONS[ATTACK_VERSIONS.length - 1] as string;
}

export function isKnownAttackVersion(version: string): boolean {
  return (ATTACK_VERSIONS as readonly string[]).includes(version);
}

/** A technique as the given version knows it (revoked ones included), or undefined. */
export function techniqueIn(version: string, id: string): Technique | undefined {
  return attackMatrix(version)?.techniques.get(id);
}

export interface Revocation {
  /** The id the chain ends at: not revoked in the version asked about. */
  readonly id: string;
  /** Every id after the first, in order (`T1073` → [`T1574.002`, `T1574.001`]). */
  readonly chain: readonly string[];
}

/**
 * Where a revoked id lives on: follows `revoked_by` to its end, since a replacement can itself
 * be revoked later. Undefined when the id is not revoked (or unknown) in that version.
 */
export function resolveRevoked(id: string, version: string = latestAttackVersion()): Revocation | undefined {
  const matrix = attackMatrix(version);
  if (!matrix) return undefined;
  const chain: string[] = [];
  const seen = new Set<string>([id]);
  let current = matrix.techniques.get(id);
  while (current?.revokedBy !== undefined) {
    const next = current.revokedBy;
    // A cycle would be a data error; stop rather than loop.
    if (seen.has(next)) break;
    seen.add(next);
    chain.push(next);
    current = matrix.techniques.get(next);
  }
  if (chain.length === 0) return undefined;
  return { id: chain[chain.length - 1] as string, chain };
}

/**
 * The tactics of a technique in a version, as {id, name, shortname}, in the technique's
 * order. A tactic is named as that version names it (TA0005 is "Stealth" from v19).
 */
export function tacticsFor(id: string, version: string = latestAttackVersion()): readonly Tactic[] {
  const matrix = attackMatrix(version);
  const technique = matrix?.techniques.get(id);
  if (!matrix || !technique) return [];
  const out: Tactic[] = [];
  for (const shortname of technique.tactics) {
    const t = matrix.tactics.find((x) => x.shortname === shortname);
    if (t) out.push(t);
  }
  return out;
}

/** A tactic by id (`TA0005`) or shortname (`stealth`) in a version. */
export function tacticIn(version: string, idOrShortname: string): Tactic | undefined {
  return attackMatrix(version)?.tactics.find((t) => t.id === idOrShortname || t.shortname === idOrShortname);
}

export { techniqueSummary, techniqueUrl } from './summaries.js';
