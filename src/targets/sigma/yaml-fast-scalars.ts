/**
 * Scalar readers of the fast Sigma YAML front end (yaml-fast.ts): plain scalars typed by the
 * YAML 1.2 core schema, single- and double-quoted scalars on one line, and the common block
 * scalars (`|`, `|-`, `>`, `>-`). Each reproduces what the `yaml` library (the reader this
 * front end stands in for) makes of the same text; anything it is not sure of is declined by
 * throwing DECLINE, and the caller falls back to the library.
 */

/** Thrown when the text is outside the subset the fast front end reads exactly. */
export const DECLINE: unique symbol = Symbol('decline');

export function decline(): never {
  throw DECLINE;
}

// YAML 1.2 core schema (yaml.org/spec/1.2.2 §10.3.2), tested in the library's tag order.
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value: null, a boolean, a number, or the text itself. */
export function typedPlain(text: string): string | number | boolean | null {
  // Only these first characters can start a non-string in the core schema.
  const c = text.charCodeAt(0);
  const digit = c >= 48 && c <= 57;
  if (!(digit || c === 43 || c === 45 || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) return text;
  if (NULL.test(text)) return null;
  if (BOOL.test(text)) return text[0] === 't' || text[0] === 'T';
  if (INT_OCT.test(text)) return parseInt(text.substring(2), 8);
  if (INT.test(text)) return parseInt(text, 10);
  if (INT_HEX.test(text)) return parseInt(text.substring(2), 16);
  // .inf and .nan are refused by the Sigma reader with the scalar's source; leave that to the library.
  if (FLOAT_NAN.test(text)) return decline();
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** `'...'` starting at `start`, closed on the same line (`end` = the line's end); '' is one quote. */
export function singleQuoted(text: string, start: number, end: number): { value: string; close: number } {
  let i = start + 1;
  let value = '';
  let from = i;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0 || q >= end) return decline(); // multi-line: folding rules, left to the library
    if (text.charCodeAt(q + 1) === 39) {
      value += text.slice(from, q + 1);
      i = q + 2;
      from = i;
      continue;
    }
    return { value: value + text.slice(from, q), close: q + 1 };
  }
}

/** The one-character escapes of YAML 1.2 double-quoted scalars (§5.7). */
const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const HEX = /^[0-9a-fA-F]+$/;

/** `"..."` starting at `start`, closed on the same line, escapes resolved. */
export function doubleQuoted(text: string, start: number, end: number): { value: string; close: number } {
  let value = '';
  let from = start + 1;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return { value: value + text.slice(from, i), close: i + 1 };
    if (c !== 92) continue;
    value += text.slice(from, i);
    const next = text[i + 1] ?? '';
    const simple = Object.prototype.hasOwnProperty.call(ESCAPES, next) ? ESCAPES[next] : undefined;
    if (simple !== undefined) {
      value += simple;
      i += 1;
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const digits = text.slice(i + 2, i + 2 + length);
      if (digits.length !== length || i + 2 + length > end || !HEX.test(digits)) return decline();
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) return decline();
      value += String.fromCodePoint(code);
      i += 1 + length;
    } else {
      return decline(); // an invalid escape, or a line continuation
    }
    from = i + 1;
  }
  return decline(); // not closed on this line
}

/** One line of a block scalar: its indentation and its text after that (no line break). */
export interface BlockLine {
  readonly indent: number;
  readonly content: string;
}

/**
 * The value of a literal (`|`) or folded (`>`) block scalar whose lines all sit at the content
 * indentation or are empty (the caller declines anything else), with clip or strip chomping
 * (§8.1.1.2): lines joined by line breaks (literal) or folded to spaces, a run of k empty lines
 * between two text lines giving k line breaks (folded); clip keeps one final line break.
 */
export function blockValue(lines: readonly BlockLine[], folded: boolean, strip: boolean, contentIndent: number): string {
  let value = '';
  let sep = '';
  for (const { indent, content } of lines) {
    if (content === '') {
      if (!folded) {
        value += sep;
        sep = '\n';
      } else if (sep === '\n') value += '\n';
      else sep = '\n';
      continue;
    }
    if (indent !== contentIndent) return decline();
    value += sep + content;
    sep = folded ? ' ' : '\n';
  }
  return strip ? value : value + '\n';
}
