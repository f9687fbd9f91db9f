import { foldAscii } from '../semantics/fold.js';

/**
 * `process.integrity_level`: the Windows mandatory integrity level of the new process's token.
 *
 * Where it lives, and how each source spells it:
 * - Sysmon event 1 `IntegrityLevel` and Defender `DeviceProcessEvents.ProcessIntegrityLevel`
 *   write the level's name capitalised: `Low`, `Medium`, `High`, `System` (`Untrusted` for the
 *   lowest). That spelling is the rule model's.
 * - ECS has no integrity-level field. Elastic Defend records it as
 *   `process.Ext.token.integrity_level_name`, in lower case (`high`, `system`), and Elastic's
 *   own detection rules test it with case-sensitive `==` on those spellings; the EQL target
 *   uses that field and that spelling.
 * Windows also names the levels by label SIDs (S-1-16-4096 Low, S-1-16-8192 Medium,
 * S-1-16-12288 High, S-1-16-16384 System); neither Sysmon's nor Defender's process events
 * carry them, so they are ordinary values here, never rewritten.
 *
 * The two spellings differ in ASCII case only, so every case-insensitive test reads the same in
 * all three schemas; a case-sensitive one cannot be carried to ECS (both `High` and `high`
 * become `high` there).
 */
export const INTEGRITY_LEVEL = 'process.integrity_level';

/** The level names, as Sysmon and Defender write them. */
export const INTEGRITY_LEVEL_NAMES: readonly string[] = ['Untrusted', 'Low', 'Medium', 'High', 'System'];

/** The Sysmon/Defender spelling of a level name in any (ASCII) case, or undefined. */
export function canonicalIntegrityLevel(text: string): string | undefined {
  const f = foldAscii(text);
  return INTEGRITY_LEVEL_NAMES.find((n) => foldAscii(n) === f);
}

/** The level as Elastic Defend writes it: a known name in lower case, any other text as is. */
export function elasticIntegrityLevel(text: string): string {
  return canonicalIntegrityLevel(text) === undefined ? text : foldAscii(text);
}

/** Back from Elastic Defend's spelling: a known name capitalised, any other text as is. */
export function integrityLevelFromElastic(text: string): string {
  return canonicalIntegrityLevel(text) ?? text;
}
