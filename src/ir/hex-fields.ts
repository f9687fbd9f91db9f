/**
 * Fields that every schema writes as hexadecimal digits only: Sysmon's `Hashes` entries
 * (`SHA1=…,MD5=…,SHA256=…,IMPHASH=…`), Defender's SHA1 / MD5 / SHA256 columns and ECS's
 * `*.hash.*` and `*.pe.imphash`. Knowing it lets a test on Sysmon's joined `Hashes` be read
 * as a test on one entry (a needle holding `=` or `,` is in no entry's value), and keeps the
 * check's probes to values a source can write there.
 */
export const HEX_VALUED_FIELDS: ReadonlySet<string> = new Set([
  'process.hash.sha1',
  'process.hash.md5',
  'process.hash.sha256',
  'process.pe.imphash',
  'dll.hash.sha1',
  'dll.hash.md5',
  'dll.hash.sha256',
  'dll.pe.imphash',
]);

const HEX = /^[0-9A-Fa-f]*$/;

export function isHexText(value: string): boolean {
  return HEX.test(value);
}
