import type { GlobToken } from '../../semantics/wildcard.js';

/**
 * KQL string literals (kql.md, "String literals"): a verbatim `@"..."` when the value holds a
 * backslash (paths read as written), with `"` doubled; otherwise `"..."` with `\\ \" \t \n \r`
 * escaped and other control characters as `\uXXXX`. A verbatim literal cannot hold a line
 * break, so any control character sends the value to the escaped form.
 */
export function kqlString(value: string): string {
  // Most values need no escape at all: one native scan, which stops at a path's first backslash.
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  if (value.includes('\\') && !CONTROL.test(value)) return value.includes('"') ? `@"${value.replace(/"/g, '""')}"` : `@"${value}"`;
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const CONTROL = /[\x00-\x1f\x7f]/;
/** What the escaped form writes other than as itself. */
const NEEDS_ESCAPE = /["\\\x00-\x1f\x7f]/;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Words that cannot be bare column names (a subset of Kusto's keywords: the ones a derived
 * field could plausibly be called); such names are written `['name']`.
 */
const RESERVED = new Set([
  'and', 'or', 'not', 'in', 'has', 'contains', 'between', 'by', 'asc', 'desc', 'true', 'false', 'let',
  'where', 'extend', 'project', 'sort', 'order', 'take', 'limit', 'union', 'dynamic', 'datetime',
  'timespan', 'null', 'matches', 'regex', 'case', 'iff', 'with', 'on', 'of', 'to', 'typeof',
]);

export function kqlIdentifier(name: string): string {
  if (IDENTIFIER.test(name) && !RESERVED.has(name)) return name;
  return `['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/**
 * One literal character in a regex, written so that the Rust `regex` crate (Kusto) and RE2
 * read it the same way. Under `(?i)` both fold by Unicode simple case folding, which also
 * equates `k` with KELVIN SIGN and `s` with LONG S, and `é` with `É`; the rule model folds
 * ASCII only, so those characters are pinned with `(?-i:...)`.
 */
function regexChar(ch: string, insensitive: boolean): string {
  const code = ch.codePointAt(0) as number;
  if (ch === '\n') return '\\n';
  if (ch === '\t') return '\\t';
  if (ch === '\r') return '\\r';
  if (code < 0x20 || code === 0x7f) return `\\x{${code.toString(16)}}`;
  if (/[\\.+*?()|[\]{}^$]/.test(ch)) return `\\${ch}`;
  if (insensitive) {
    if (ch === 'k' || ch === 'K') return '(?-i:[kK])';
    if (ch === 's' || ch === 'S') return '(?-i:[sS])';
    if (code > 0x7f && ch.toLowerCase() !== ch.toUpperCase()) return `(?-i:${ch})`;
  }
  return ch;
}

/** Literal text as a regex that matches exactly it (under the given case rule). */
export function regexLiteral(text: string, insensitive: boolean): string {
  let out = '';
  for (const ch of text) out += regexChar(ch, insensitive);
  return out;
}

/**
 * A glob over the whole value as a regex: anchored, `*` → `.*`, `?` → `.`, with `(?s)` so that
 * both also cover line breaks as the rule model's glob does. `?` and `.` both take one code point.
 */
export function globRegex(tokens: readonly GlobToken[], insensitive: boolean): string {
  let body = '';
  for (const t of tokens) {
    if (t.kind === 'any') body += '.*';
    else if (t.kind === 'one') body += '.';
    else body += regexLiteral(t.text, insensitive);
  }
  return `${insensitive ? '(?is)' : '(?s)'}^${body}$`;
}
