/**
 * A small block-style YAML writer laid out as SigmaHQ rules are: four-space indentation, lists
 * under their key, detection values in single quotes (so that `\`, `*` and `'` read the same in
 * every YAML reader), plain scalars for metadata where YAML 1.1 and 1.2 readers agree they are
 * strings. Anything a quoted scalar cannot carry verbatim (line breaks, control characters)
 * is written double-quoted with escapes.
 */
export type YamlValue = string | number | boolean | null | Quoted | Raw | readonly YamlValue[] | YamlMap | Block;

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
/**
 * A map value whose lines its maker writes, at the indentation given, as this writer would
 * write the same content (emit-detection.ts: a detection, written without building a value
 * tree for it first). Only a map's value may be one, not a list item.
 */
export interface Block {
  writeLines(indent: string, out: string[]): void;
}

export const quoted = (text: string): Quoted => ({ quoted: text });
export const raw = (text: string): Raw => ({ raw: text });
export const yamlMap = (entries: readonly (readonly [string, YamlValue | undefined])[]): YamlMap => ({
  entries: entries.filter((e): e is readonly [string, YamlValue] => e[1] !== undefined),
});

export const INDENT = '    ';

/*
 * The writers push their lines onto one array, joined once at the end: one flat string, and
 * no per-map line arrays to build and spread into their parents'.
 */
export function renderDocument(map: YamlMap): string {
  const out: string[] = [];
  mapLines(map, '', '', out);
  if (out.length === 0) return '\n';
  out.push('');
  return out.join('\n');
}

/** A map among the object values (callers have ruled out null and arrays): the only shape with entries. */
function isMap(v: YamlValue): v is YamlMap {
  return (v as Partial<YamlMap>).entries !== undefined;
}

/** `firstLead` replaces the indentation of the first line (`- ` when the map is a list item). */
function mapLines(map: YamlMap, indent: string, firstLead: string, out: string[]): void {
  let lead = firstLead;
  const entries = map.entries;
  // Indexed, not `for (const [key, value] of ...)`: destructuring walks an iterator, which
  // costs in code the engine has not optimised yet (most of a rule set's emission).
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as readonly [string, YamlValue];
    const value = entry[1];
    const k = `${lead}${yamlKey(entry[0])}:`;
    lead = indent;
    // Strings first: most values are one (metadata), and they need no shape test.
    if (typeof value === 'string') stringEntry(k, value, indent, out);
    else if (Array.isArray(value)) {
      out.push(k);
      listLines(value as readonly YamlValue[], indent + INDENT, out);
    } else if (value !== null && typeof value === 'object' && isMap(value)) {
      out.push(k);
      mapLines(value, indent + INDENT, indent + INDENT, out);
    } else if (value !== null && typeof value === 'object' && (value as Partial<Block>).writeLines !== undefined) {
      out.push(k);
      (value as Block).writeLines(indent + INDENT, out);
    } else {
      out.push(`${k} ${scalar(value as Exclude<YamlValue, YamlMap | Block | readonly YamlValue[]>)}`);
    }
  }
}

/** A map entry with a text value: `k` is the entry's lead and key with its colon, `indent` the map's. */
export function stringEntry(k: string, value: string, indent: string, out: string[]): void {
  if (value.includes('\n') && blockSafe(value)) {
    out.push(`${k} ${value.endsWith('\n') ? '|' : '|-'}`);
    for (const l of value.replace(/\n$/, '').split('\n')) out.push(l === '' ? '' : `${indent}${INDENT}${l}`);
  } else out.push(`${k} ${plainSafe(value) ? value : quote(value)}`);
}

function listLines(list: readonly YamlValue[], indent: string, out: string[]): void {
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as YamlValue;
    if (typeof item !== 'object' || item === null) out.push(`${indent}- ${scalar(item)}`);
    else if (Array.isArray(item)) {
      out.push(`${indent}-`);
      listLines(item as readonly YamlValue[], indent + INDENT, out);
    } else if (isMap(item)) {
      // `- key: value` with the following keys aligned under the first.
      mapLines(item, indent + '  ', `${indent}- `, out);
    } else {
      out.push(`${indent}- ${scalar(item as Quoted | Raw)}`);
    }
  }
}

function scalar(v: Exclude<YamlValue, YamlMap | Block | readonly YamlValue[]>): string {
  if (typeof v === 'string') return plainSafe(v) ? v : quote(v);
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if ('raw' in v) return v.raw;
  return quote(v.quoted);
}

/**
 * Keys: plain where safe (`CommandLine|contains|all`), else quoted. A rule set writes the same
 * few hundred keys (metadata, field|modifier combinations, identifier names) over and over, so
 * each written key is kept, in a bounded table.
 */
export function yamlKey(key: string): string {
  let written = KEYS.get(key);
  if (written === undefined) {
    written = plainSafe(key) ? key : quote(key);
    if (KEYS.size >= MAX_KEYS) KEYS.clear();
    KEYS.set(key, written);
  }
  return written;
}

const KEYS = new Map<string, string>();
const MAX_KEYS = 4096;

/**
 * `field|mod|mod` as a key. Each detection item has one, a new string, which looking up in
 * KEYS would first copy flat and hash. A field that is a plain word keeps the key plain:
 * modifier names are words, and a key with a `|` in it is none of YAML's words or numbers
 * (IMPLICIT). So only the field, a name from the taxonomy's tables, is looked up.
 */
export function modifiedKey(field: string, modifiers: readonly string[]): string {
  const key = `${field}|${modifiers.join('|')}`;
  return plainWord(field) && modifiersAreWords(modifiers) ? key : yamlKey(key);
}

function plainWord(field: string): boolean {
  let plain = PLAIN_WORDS.get(field);
  if (plain === undefined) {
    plain = WORD_LIKE.test(field) && !IMPLICIT.test(field);
    if (PLAIN_WORDS.size >= MAX_KEYS) PLAIN_WORDS.clear();
    PLAIN_WORDS.set(field, plain);
  }
  return plain;
}

const PLAIN_WORDS = new Map<string, boolean>();

function modifiersAreWords(modifiers: readonly string[]): boolean {
  for (let i = 0; i < modifiers.length; i++) if (!MODIFIER_WORD.test(modifiers[i] as string)) return false;
  return true;
}

const MODIFIER_WORD = /^[A-Za-z0-9_]+$/;

/** Single quotes where the text is printable on one line; double quotes with escapes otherwise. */
export function quote(text: string): string {
  if (singleQuotable(text)) return text.includes("'") ? `'${text.replace(/'/g, "''")}'` : `'${text}'`;
  return `"${doubleEscape(text)}"`;
}

/** YAML 1.1 (PyYAML, pySigma) and 1.2 words and numbers that a plain scalar would turn into. */
const IMPLICIT = /^(?:~|null|true|false|yes|no|on|off|y|n|[-+]?\.?[0-9].*|\.(?:inf|nan)|[-+]\.inf|<<|=)$/i;

/** A UUID reads as a string in YAML 1.1 and 1.2 alike (no number or date has its shape). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An indicator character first, or text that would read as a mapping or a comment. */
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`\\]|: | #|:$/;

/**
 * Printable, one line, no BOM. Without the `u` flag a surrogate (paired or lone) is a code
 * unit outside every range, so astral characters are refused as well.
 */
const PLAIN_CLASS = '\\x20-\\x7e\\u00a0-\\ud7ff\\ue000-\\ufefe\\uff00-\\ufffd';

/**
 * Every reason a text cannot be a plain scalar, as one pattern (one scan instead of five):
 * empty; space a reader trims (`\s` is exactly what trim() removes); a YAML word or number;
 * an indicator; a character outside PLAIN_CLASS. The `i` that IMPLICIT needs changes nothing
 * for the rest: none of it holds a letter, and no character outside the class has a case.
 */
const NOT_PLAIN = new RegExp(['^$', '^\\s', '\\s$', IMPLICIT.source, INDICATOR.source, `[^${PLAIN_CLASS}]`].join('|'), 'i');

/** Letters, digits, `_`, `|`, `.`: a plain scalar unless it is one of YAML's words. */
const WORD_LIKE = /^[A-Za-z_][A-Za-z0-9_|.]*$/;

function plainSafe(text: string): boolean {
  // Keys and most metadata values (`CommandLine|contains`, `process_creation`): one test for
  // what NOT_PLAIN would find but a YAML word.
  if (WORD_LIKE.test(text)) return !IMPLICIT.test(text);
  if (UUID.test(text)) return true;
  return !NOT_PLAIN.test(text);
}

/**
 * Printable, no line break, no tab, no BOM, no lone surrogate: folded or altered by no reader.
 * The `u` flag makes a surrogate pair one character, so only a lone surrogate is matched.
 */
const NOT_SINGLE_QUOTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]|[\ud800-\udfff]/u;

function singleQuotable(text: string): boolean {
  return !NOT_SINGLE_QUOTABLE.test(text);
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
