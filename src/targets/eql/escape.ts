/**
 * Writing EQL literals (eql.md "Strings"). In `"..."` only `\\ \" \n \r \t \u{..}` exist, so
 * every backslash is doubled and every other control character becomes `\u{XX}`. Wildcards
 * cannot be escaped at all: callers decide whether a value may go into `:`/`like` (see
 * emit.ts); this module only makes the string itself say the value.
 */
export function eqlString(value: string): string {
  return `"${escaped(value)}"`;
}

/**
 * The literal of `before + value + after`, where `before` and `after` need no escape (`*`
 * wildcards, fixed regex pieces): only the value is scanned. Scanning the joined text instead
 * would first copy it flat, which costs several times the scan.
 */
export function eqlAffixed(before: string, value: string, after: string): string {
  return `"${before}${escaped(value)}${after}"`;
}

/** The value as the inside of a `"..."` literal. */
function escaped(value: string): string {
  // Most values need no escape or only backslashes and quotes (paths): native scans and
  // replaces instead of a walk in script.
  if (!NEEDS_ESCAPE.test(value)) return value;
  if (!NEEDS_CODE.test(value)) {
    // Paths: backslashes only, doubled without a pattern to run.
    if (!value.includes('"')) return doubleBackslashes(value);
    return value.replace(BACKSLASH_OR_QUOTE, '\\$&');
  }
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || code === 0x2028 || code === 0x2029) {
      out += `\\u{${code.toString(16).toUpperCase().padStart(2, '0')}}`;
    } else out += ch;
  }
  return out;
}

/**
 * Each backslash doubled, the text appended run by run up to each backslash: cheaper than
 * replaceAll's general search and replace for the few backslashes of a path.
 */
function doubleBackslashes(value: string): string {
  let out = '';
  let from = 0;
  for (let i = value.indexOf('\\'); i >= 0; i = value.indexOf('\\', i + 1)) {
    out += value.slice(from, i + 1) + '\\';
    from = i + 1;
  }
  return out + value.slice(from);
}

/** What the loop above writes other than as itself; of that, what it writes as more than a backslash before it. */
const NEEDS_ESCAPE = /[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]/;
const NEEDS_CODE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
const BACKSLASH_OR_QUOTE = /[\\"]/g;

/**
 * A raw string `"""..."""` says the value without escapes; legal only when the value has no
 * line break and no `"""` (ES's grammar lets up to two quotes sit before the closing `"""`).
 */
export function rawStringIsLegal(value: string): boolean {
  return !/[\r\n]/.test(value) && !value.includes('"""');
}

export function eqlRawString(value: string): string {
  if (!rawStringIsLegal(value)) throw new Error(`value cannot be a raw EQL string: ${JSON.stringify(value)}`);
  return `"""${value}"""`;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'where', 'in', 'like', 'regex', 'true', 'false', 'null', 'by', 'with', 'until', 'sequence', 'sample', 'join', 'of', 'any']);

/** A name whose every segment is an identifier, and one with a keyword for a segment. */
const PLAIN_FIELD = /^[A-Za-z_@][A-Za-z0-9_]*(?:\.[A-Za-z_@][A-Za-z0-9_]*)*$/;
const KEYWORD_SEGMENT = new RegExp(`(?:^|\\.)(?:${[...KEYWORDS].join('|')})(?:\\.|$)`);

/** A field reference: dotted identifiers as they are, any odd segment in backticks. */
export function eqlField(name: string): string {
  // The usual case, plain dotted identifiers none of which is a keyword, is the name itself.
  if (PLAIN_FIELD.test(name) && !KEYWORD_SEGMENT.test(name)) return name;
  return name
    .split('.')
    .map((seg) => (/^[A-Za-z_@][A-Za-z0-9_]*$/.test(seg) && !KEYWORDS.has(seg) ? seg : '`' + seg.replace(/`/g, '``') + '`'))
    .join('.');
}
