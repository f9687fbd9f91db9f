import { isKnownAttackVersion, latestAttackVersion, resolveRevoked, tacticIn, techniqueIn, ATTACK_VERSIONS } from '../attack/index.js';
import type { AttackRef } from '../ir/rule.js';
import type { ConvertContext } from './convert-context.js';

/**
 * ATT&CK ids are checked against the version the author wrote against: an unknown id is an
 * error; an id revoked there, or in the newest shipped version, is a warning that names where
 * it went, so the rule keeps working while its author learns the matrix moved.
 */
export function convertAttack(raw: { readonly version: string | number; readonly techniques: readonly string[]; readonly tactics?: readonly string[] }, ctx: ConvertContext): AttackRef {
  const version = String(raw.version);
  // Tactic ids stay stable when ATT&CK renames a tactic (TA0005), so they are kept as ids.
  const tactics = raw.tactics !== undefined && raw.tactics.length > 0 ? { tactics: Object.freeze([...raw.tactics]) } : {};
  if (!isKnownAttackVersion(version)) {
    ctx.error(['attack', 'version'], `ATT&CK version ${version} is not shipped; known: ${ATTACK_VERSIONS.join(', ')}`);
    return Object.freeze({ version, techniques: Object.freeze([...raw.techniques]), ...tactics });
  }
  (raw.tactics ?? []).forEach((id, i) => {
    if (!tacticIn(version, id)) ctx.error(['attack', 'tactics', i], `${id} is not an ATT&CK tactic in version ${version}`);
  });
  const latest = latestAttackVersion();
  raw.techniques.forEach((id, i) => {
    const at = ['attack', 'techniques', i];
    const technique = techniqueIn(version, id);
    if (!technique) {
      ctx.error(at, `${id} is not an ATT&CK technique in version ${version}`);
      return;
    }
    const revokedThen = resolveRevoked(id, version);
    if (revokedThen) {
      ctx.warn(at, `${id} is already revoked in ATT&CK v${version}; use ${revokedThen.id}`);
      return;
    }
    if (version !== latest) {
      const newer = techniqueIn(latest, id);
      const revokedNow = resolveRevoked(id, latest);
      if (revokedNow) ctx.warn(at, `${id} (${technique.name}) is revoked in ATT&CK v${latest}; its replacement is ${revokedNow.id}${nameOf(latest, revokedNow.id)}`);
      else if (!newer) ctx.warn(at, `${id} is not in ATT&CK v${latest}`);
      else if (newer.deprecated) ctx.warn(at, `${id} is deprecated in ATT&CK v${latest}`);
    } else if (technique.deprecated) {
      ctx.warn(at, `${id} is deprecated in ATT&CK v${version}`);
    }
  });
  return Object.freeze({ version, techniques: Object.freeze([...raw.techniques]), ...tactics });
}

function nameOf(version: string, id: string): string {
  const t = techniqueIn(version, id);
  return t ? ` (${t.name})` : '';
}
