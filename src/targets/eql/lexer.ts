import { SourceError, positionAt } from '../../diagnostics.js';

/**
 * Tokens of Elasticsearch EQL (eql.md "Strings", "Query shape"). Strings are only
 * double-quoted; in `"..."` the escapes are `\\ \" \n \r \t \u{XX..XXXXXXXX}` and any other
 * backslash sequence is a syntax error, as in Elasticsearch. `"""..."""` is raw: no escapes,
 * no line break, no `"""` inside. Comments are `//` to end of line and `/* *\/`.
 */
export type TokenType =
  | 'ident' // name or keyword
  | 'tident' // name immediately followed by `~`: `in~`, `like~`, `startsWith~`
  | 'quoted' // `backtick` field name
  | 'string'
  | 'number'
  | 'punct' // includes `=`, legal only in `with maxspan=`; the parser rejects it elsewhere
  | 'eof';

export interface Token {
  readonly type: TokenType;
  /** Identifier text, punctuation, or decoded string contents. */
  readonly text: string;
  readonly number?: number;
  readonly at: number;
  readonly end: number;
}

const PUNCT = ['==', '!=', '<=', '>=', '=', '(', ')', '[', ']', ',', '.', ':', '<', '>', '+', '-', '*', '/', '%', '|', '?'];

export const MAX_QUERY_LENGTH = 1_000_000;

export function tokenize(text: string, file: string): Token[] {
  const fail = (offset: number, message: string): never => {
    const p = positionAt(text, offset);
    throw SourceError.at(file, p.line, p.col, message);
  };
  if (text.length > MAX_QUERY_LENGTH) fail(0, `query is longer than ${MAX_QUERY_LENGTH} characters`);
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\f') {
      i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      // Bracketed comments nest in ES's grammar.
      let depth = 0;
      let j = i;
      do {
        if (text.startsWith('/*', j)) {
          depth++;
          j += 2;
        } else if (text.startsWith('*/', j)) {
          depth--;
          j += 2;
        } else if (j >= text.length) {
          fail(i, 'unterminated /* comment');
        } else j++;
      } while (depth > 0);
      i = j;
      continue;
    }
    const start = i;
    if (ch === '"') {
      if (text.startsWith('"""', i)) {
        const close = text.indexOf('"""', i + 3);
        if (close < 0) fail(i, 'unterminated raw string """...');
        // ES's grammar: `"""` (no line break)*? `"""` `"`? `"`? — up to two quotes right before the
        // closing `"""` belong to the value, so a raw value may end with `"` or `""`.
        let end = close + 3;
        if (text[end] === '"') end++;
        if (text[end] === '"') end++;
        const body = text.slice(i + 3, end - 3);
        const nl = body.search(/[\r\n]/);
        if (nl >= 0) fail(i + 3 + nl, 'a raw string """...""" cannot hold a line break');
        i = end;
        tokens.push({ type: 'string', text: body, at: start, end: i });
        continue;
      }
      const { value, end } = readString(text, i, fail);
      i = end;
      tokens.push({ type: 'string', text: value, at: start, end: i });
      continue;
    }
    if (ch === "'") fail(i, 'single quotes are not EQL strings; use double quotes');
    if (ch === '`') {
      let name = '';
      i++;
      for (;;) {
        if (i >= text.length) fail(start, 'unterminated `quoted` field name');
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            name += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        name += text[i];
        i++;
      }
      if (name === '') fail(start, 'empty `` field name');
      tokens.push({ type: 'quoted', text: name, at: start, end: i });
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(text[i + 1]))) {
      const m = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?/.exec(text.slice(i, i + 400));
      const lexeme = (m as RegExpExecArray)[0];
      i += lexeme.length;
      const n = Number(lexeme);
      if (!Number.isFinite(n)) fail(start, `number ${lexeme} is out of range`);
      tokens.push({ type: 'number', text: lexeme, number: n, at: start, end: i });
      continue;
    }
    if (isIdentStart(ch)) {
      i++;
      while (i < text.length && isIdentPart(text[i] as string)) i++;
      const name = text.slice(start, i);
      if (text[i] === '~') {
        i++;
        tokens.push({ type: 'tident', text: name, at: start, end: i });
      } else {
        tokens.push({ type: 'ident', text: name, at: start, end: i });
      }
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (p) {
      i += p.length;
      tokens.push({ type: 'punct', text: p, at: start, end: i });
      continue;
    }
    fail(i, `unexpected character ${JSON.stringify(ch)}`);
  }
  tokens.push({ type: 'eof', text: '', at: text.length, end: text.length });
  return tokens;
}

function readString(text: string, from: number, fail: (offset: number, message: string) => never): { value: string; end: number } {
  let value = '';
  let i = from + 1;
  for (;;) {
    if (i >= text.length) fail(from, 'unterminated string');
    const ch = text[i] as string;
    if (ch === '"') return { value, end: i + 1 };
    if (ch === '\n' || ch === '\r') fail(i, 'a line break inside "..." must be written \\n');
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    switch (next) {
      case '\\':
      case '"':
        value += next;
        i += 2;
        continue;
      case 'n':
        value += '\n';
        i += 2;
        continue;
      case 'r':
        value += '\r';
        i += 2;
        continue;
      case 't':
        value += '\t';
        i += 2;
        continue;
      case 'u': {
        const m = /^\\u\{([0-9a-fA-F]{2,8})\}/.exec(text.slice(i, i + 13));
        if (!m) fail(i, 'a unicode escape is \\u{XX} with 2 to 8 hex digits');
        const code = parseInt((m as RegExpExecArray)[1] as string, 16);
        if (code > 0x10ffff) fail(i, `\\u{${(m as RegExpExecArray)[1]}} is beyond the last code point`);
        value += String.fromCodePoint(code);
        i += (m as RegExpExecArray)[0].length;
        continue;
      }
      default:
        // Elasticsearch rejects every other escape: "C:\Windows" must be written "C:\\Windows".
        fail(i, `illegal escape \\${next ?? ''} in a string (allowed: \\\\ \\" \\n \\r \\t \\u{XX}); write a backslash as \\\\`);
    }
  }
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}
// ES: IDENTIFIER is (LETTER | '_' | '@') (LETTER | DIGIT | '_')*, so `@timestamp` needs no backticks.
function isLetter(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
function isIdentStart(ch: string): boolean {
  return isLetter(ch) || ch === '_' || ch === '@';
}
function isIdentPart(ch: string): boolean {
  return isLetter(ch) || ch === '_' || isDigit(ch);
}
