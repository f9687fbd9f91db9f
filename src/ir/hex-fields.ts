import { FIELDS_BY_KIND } from './fields.js';

/**
 * The fields marked `hex` in fields.ts: every schema writes them as hexadecimal digits only
 * (Sysmon's `Hashes` entries `SHA1=…,MD5=…,SHA256=…,IMPHASH=…`, Defender's SHA1 / MD5 /
 * SHA256 columns, ECS's `*.hash.*` and `*.pe.imphash`). Knowing it lets a test on Sysmon's
 * joined `Hashes` be read as a test on one entry (a needle holding `=` or `,` is in no entry's
 * value), and keeps the check's probes to values a source can write there.
 */
export const HEX_VALUED_FIELDS: ReadonlySet<string> = new Set(
  Object.values(FIELDS_BY_KIND).flatMap((specs) => specs.filter((s) => s.hex === true).map((s) => s.name)),
);

const HEX = /^[0-9A-Fa-f]*$/;

export function isHexText(value: string): boolean {
  return HEX.test(value);
}
