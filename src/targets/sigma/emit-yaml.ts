/**
 * A small block-style YAML writer laid out as SigmaHQ rules are: four-space indentation, lists
 * under their key, detection values in single quotes (so that `\`, `*` and `'` read the same in
 * every YAML reader), plain scalars for metadata where YAML 1.1 and 1.2 readers agree they are
 * strings. Anything a quoted scalar cannot carry verbatim (line breaks, control characters)
 * is written double-quoted with escapes.
 */
export type YamlValue = string | number | boolean | null | Quoted | Raw | readonly YamlValue[] | YamlMap;

/** A string always written quoted (detection values). */
export interface Quoted {
  readonly quoted: string;
}
/** A token written as is (dates: `2026-11-22`, as SigmaHQ writes them). */
export interface Raw {
  readonly raw: string;
}
export interface YamlMap {
  readonly entries: readonly (readonly [string, YamlValue])[];
}

export const quoted = (text: string): Quoted => ({ quoted: text });
export const raw = (text: string): Raw => ({ raw: text });
export const yamlMap = (entries: readonly (readonly [string, YamlValue | undefined])[]): YamlMap => ({
  entries: entries.filter((e): e is readonly [string, YamlValue] => e[1] !== undefined),
});

const INDENT = '    ';

export function renderDocument(map: YamlMap): string {
  return mapLines(map, '').join('\n') + '\n';
}

function isMap(v: YamlValue): v is YamlMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'entries' in v;
}
function isList(v: YamlValue): v is readonly YamlValue[] {
  return Array.isArray(v);
}

function mapLines(map: YamlMap, indent: string): string[] {
  const out: string[] = [];
  for (const [key, value] of map.entries) {
    const k = `${indent}${yamlKey(key)}:`;
    if (isMap(value)) {
      out.push(k, ...mapLines(value, indent + INDENT));
    } else if (isList(value)) {
      out.push(k, ...listLines(value, indent + INDENT));
    } else if (typeof value === 'string' && value.includes('\n') && blockSafe(value)) {
      out.push(`${k} ${value.endsWith('\n') ? '|' : '|-'}`, ...value.replace(/\n$/, '').split('\n').map((l) => (l === '' ? '' : indent + INDENT + l)));
    } else {
      out.push(`${k} ${scalar(value)}`);
    }
  }
  return out;
}

function listLines(list: readonly YamlValue[], indent: string): string[] {
  const out: string[] = [];
  for (const item of list) {
    if (isMap(item)) {
      // `- key: value` with the following keys aligned under the first.
      const lines = mapLines(item, indent + '  ');
      out.push(`${indent}- ${(lines[0] as string).slice(indent.length + 2)}`, ...lines.slice(1));
    } else if (isList(item)) {
      out.push(`${indent}-`, ...listLines(item, indent + INDENT));
    } else {
      out.push(`${indent}- ${scalar(item)}`);
    }
  }
  return out;
}

function scalar(v: Exclude<YamlValue, YamlMap | readonly YamlValue[]>): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return plainSafe(v) ? v : quote(v);
  if ('raw' in v) return v.raw;
  return quote(v.quoted);
}

/** Keys: plain where safe (`CommandLine|contains|all`), else quoted. */
function yamlKey(key: string): string {
  return plainSafe(key) ? key : quote(key);
}

/** Single quotes where the text is printable on one line; double quotes with escapes otherwise. */
export function quote(text: string): string {
  if (singleQuotable(text)) return `'${text.replace(/'/g, "''")}'`;
  return `"${doubleEscape(text)}"`;
}

/** YAML 1.1 (PyYAML, pySigma) and 1.2 words and numbers that a plain scalar would turn into. */
const IMPLICIT = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?\.?[0-9].*|\.(?:inf|nan)|[-+]\.inf|<<|=)$/i;

/** A UUID reads as a string in YAML 1.1 and 1.2 alike (no number or date has its shape). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function plainSafe(text: string): boolean {
  if (UUID.test(text)) return true;
  if (text === '' || text !== text.trim() || IMPLICIT.test(text)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`\\]/.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  return /^[\x21-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd ]*$/u.test(text) && !/[\ud800-\udfff]/.test(text);
}

function singleQuotable(text: string): boolean {
  // Printable, no line break, no tab, no BOM, no lone surrogate: folded or altered by no reader.
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) return false;
    if (c >= 0xd800 && c <= 0xdfff) return false;
  }
  return true;
}

/** A multi-line metadata text that a literal block keeps exactly. */
function blockSafe(text: string): boolean {
  if (/\n\n$/.test(text) || text.startsWith(' ') || text.startsWith('\n')) return false;
  return text.split('\n').every((line) => singleQuotable(line) && line === line.replace(/\s+$/, ''));
}

function doubleEscape(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff)) {
      out += c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return out;
}
