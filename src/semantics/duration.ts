/**
 * Durations as detection engineers write them (`30s`, `5m`, `24h`, `1d`, `100ms`, `1.5h`):
 * the units Kusto timespan literals accept. No weeks: Kusto has no `1w`.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export function parseDuration(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
