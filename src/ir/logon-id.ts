/**
 * `process.logon_id`: the logon session (LUID) the new process runs in — `0x3e7` is the local
 * system account's session, the one Sigma rules test (`LogonId: '0x3e7'`).
 *
 * How each source writes it:
 * - Sysmon event 1 `LogonId` and Elastic Defend `process.Ext.authentication_id` (ECS has no
 *   field) write the number in hexadecimal text, `0x` and lower-case digits without leading
 *   zeros: `0x3e7`, `0x6e70a`. That text is the rule model's value.
 * - Defender `DeviceProcessEvents.LogonId` is a `long`: `999` for `0x3e7`.
 *
 * So only a value spelled as Sysmon spells it (in any case: `0X3E7` names the same session) has
 * a Defender number; any other text (`999`, `0x03e7`, `system`) has none, and a Defender row
 * leaves `LogonId` empty for it. A case-insensitive equality on Sysmon's spelling is therefore
 * the one test Defender's number says exactly, which is the test rules make.
 */
export const LOGON_ID = 'process.logon_id';

/** Sysmon's spelling, any case: `0x`, then `0` or hex digits without a leading zero. */
const SPELLING = /^0[xX](?:0|[1-9a-fA-F][0-9a-fA-F]*)$/;

/** The session number of a logon id spelled as Sysmon does, or undefined (other text, or past 2^53). */
export function logonIdNumber(text: string): number | undefined {
  if (!SPELLING.test(text)) return undefined;
  const n = Number.parseInt(text.slice(2), 16);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A session number as Sysmon writes it: `999` → `0x3e7`. */
export function logonIdText(n: number): string {
  return `0x${n.toString(16)}`;
}
