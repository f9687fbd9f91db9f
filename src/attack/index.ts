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

/**
 * A tactic by shortname in any shipped version, newest first: Sigma tags name tactics by the
 * shortname of the ATT&CK version they were written against (`defense-evasion` is TA0005,
 * named `stealth` from v19), and older Sigma rules write `_` for `-` (`defense_evasion`).
 */
export function tacticByShortname(shortname: string): Tactic | undefined {
  const wanted = shortname.toLowerCase().replace(/_/g, '-');
  for (const version of [...ATTACK_VERSIONS].reverse()) {
    const t = attackMatrix(version)?.tactics.find((x) => x.shortname === wanted);
    if (t) return t;
  }
  return undefined;
}

/**
 * Every tactic a rule belongs to, as ids: the tactics of its techniques (from the version it
 * was written against, else the newest), in technique order, then the tactics it names on its
 * own. Envelopes (Sentinel `tactics`, Elastic `threat`, Sigma tags) list exactly these.
 */
export function ruleTacticIds(attack: { readonly version: string; readonly techniques: readonly string[]; readonly tactics?: readonly string[] }): string[] {
  const out: string[] = [];
  for (const technique of attack.techniques) {
    let found = tacticsFor(technique, attack.version);
    if (found.length === 0) found = tacticsFor(technique, latestAttackVersion());
    for (const t of found) if (!out.includes(t.id)) out.push(t.id);
  }
  for (const id of attack.tactics ?? []) if (!out.includes(id)) out.push(id);
  return out;
}

/** A tactic id as the rule's version names it, else as the newest version does. */
export function tacticNamed(id: string, version: string): Tactic | undefined {
  return tacticIn(version, id) ?? tacticIn(latestAttackVersion(), id);
}
