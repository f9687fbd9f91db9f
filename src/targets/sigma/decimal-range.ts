/**
 * A regex (RE2's portable subset, anchored) that holds exactly for the canonical decimals from 0
 * to `max`: no sign, no leading zero, nothing else. The Details importer needs it to say "Sysmon
 * renders this number" (a REG_DWORD's data up to 2^32-1, a REG_QWORD's up to 2^64-1), which a
 * numeric comparison cannot: a double does not tell 2^64-1 from 2^64.
 *
 * Built digit by digit: every shorter number, then for each position of `max` the numbers that
 * agree with it before that position and are smaller at it, then `max` itself.
 */
export function canonicalDecimalAtMost(max: bigint): string {
  if (max < 0n) throw new RangeError('max must not be negative');
  const digits = max.toString(10);
  const length = digits.length;
  const alternatives = ['0'];
  if (length >= 2) alternatives.push(length === 2 ? '[1-9]' : `[1-9][0-9]{0,${length - 2}}`);
  for (let i = 0; i < length; i++) {
    const d = Number(digits[i]);
    const lowest = i === 0 ? 1 : 0;
    if (d <= lowest) continue;
    const below = d - 1 === lowest ? String(lowest) : `[${lowest}-${d - 1}]`;
    const rest = length - i - 1;
    alternatives.push(digits.slice(0, i) + below + (rest === 0 ? '' : rest === 1 ? '[0-9]' : `[0-9]{${rest}}`));
  }
  if (max > 0n) alternatives.push(digits);
  return `^(?:${[...new Set(alternatives)].join('|')})$`;
}
