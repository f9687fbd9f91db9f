/**
 * Event times. Every target reads a zone-less ISO-8601 time as UTC: Kusto has no local time,
 * and Elasticsearch's `strict_date_optional_time` defaults to UTC. JavaScript's `Date.parse`
 * would read `2026-11-20T10:00:00` as the machine's local time, so the check would depend on
 * the time zone it runs in; this parser pins UTC instead.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch milliseconds of an ISO-8601 date or date-time; undefined when the text is not one. */
export function parseInstant(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const ms = frac === '' ? 0 : Math.floor(Number(`0${frac}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  // Date.UTC rolls over out-of-range parts (month 13, hour 25); a real instant round-trips.
  const back = new Date(utc);
  if (back.getUTCFullYear() !== Number(y) || back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d)) return undefined;
  if (back.getUTCHours() !== Number(h) || back.getUTCMinutes() !== Number(mi) || back.getUTCSeconds() !== Number(s)) return undefined;
  return utc - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/**
 * Whether the text is an instant `parseInstant` reads, without building one: events are checked
 * as they stream in (ir/field-domains.ts), and nearly all of them are written
 * `YYYY-MM-DDTHH:MM:SS[.fraction][Z]` (or with a space for the `T`, as Sysmon's UtcTime), which
 * one compiled pattern and the length of the month decide; any other spelling is asked of
 * `parseInstant`. Accepts exactly what `parseInstant` accepts (test/semantics/instant.test.ts).
 */
export function isInstantText(text: string): boolean {
  if (COMMON_INSTANT.test(text)) {
    const year = digitsAt(text, 0, 4);
    // Date.UTC reads years below 100 as 19xx, so parseInstant refuses them.
    if (year >= 100) return digitsAt(text, 8, 2) <= daysInMonth(year, digitsAt(text, 5, 2));
  }
  return parseInstant(text) !== undefined;
}

/** The common spelling with every part in range but the day of the month, which depends on it. */
const COMMON_INSTANT = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[T ](?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z?$/;

/** The number spelled by `count` decimal digits at `from` (the caller has matched them). */
function digitsAt(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) v = v * 10 + (s.charCodeAt(i) - 0x30);
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
