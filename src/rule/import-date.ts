/**
 * The `date` an imported rule gets when its source says none (a KQL or EQL query, a Sigma rule
 * without `date:`): the day it was imported. Batch translation should give the same bytes when
 * run again tomorrow, so the reproducible-builds convention is honoured: `SOURCE_DATE_EPOCH`
 * (whole seconds since 1970, UTC) stands for "now" when it is set.
 */
export function importDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = sourceDateEpoch(env);
  return new Date(epoch === undefined ? Date.now() : epoch * 1000).toISOString().slice(0, 10);
}

/** The variable's value; a value that is set but not a whole number of seconds throws. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['SOURCE_DATE_EPOCH'];
  if (raw === undefined || raw === '') return undefined;
  // The convention allows only ASCII digits; dates past year 9999 do not fit a rule's YYYY-MM-DD.
  if (!/^[0-9]{1,12}$/.test(raw) || Number(raw) > 253402300799) {
    throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 (UTC) up to the year 9999, not \`${raw}\``);
  }
  return Number(raw);
}
