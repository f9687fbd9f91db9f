import { SourceError, type SourcePosition } from '../../diagnostics.js';

/**
 * Tokens of KQL text. String literals are decoded here, in every form kql.md lists:
 * `"..."`/`'...'` with backslash escapes, verbatim `@"..."`, multi-line ```` ```...``` ````,
 * obfuscated `h"..."`; adjacent literals are joined by the parser.
 */
export type TokenKind = 'ident' | 'string' | 'number' | 'timespan' | 'punct' | 'raw' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Decoded value of a string literal; the numeric value of a number; ms of a timespan. */
  readonly value?: string | number;
  readonly offset: number;
  readonly end: number;
  readonly pos: SourcePosition;
}

const PUNCT = ['==', '!=', '=~', '!~', '<=', '>=', '..', '|', '(', ')', '[', ']', '{', '}', ',', ';', '=', '<', '>', '+', '-', '*', '/', '%', '.', '!', '~', ':'];

const TIMESPAN_UNITS: Readonly<Record<string, number>> = {
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  microsecond: 0.001, microseconds: 0.001, tick: 0.0001, ticks: 0.0001,
};

/** Line and column of offsets, by binary search over line starts (a long query stays linear). */
function positionFinder(text: string): (offset: number) => SourcePosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - (starts[lo] as number) + 1 };
  };
}

export const MAX_QUERY_LENGTH = 1_000_000;

export function tokenize(text: string, file: string): Token[] {
  const positionAt = positionFinder(text);
  if (text.length > MAX_QUERY_LENGTH) throw SourceError.at(file, 1, 1, `the query is longer than ${MAX_QUERY_LENGTH} characters`);
  const tokens: Token[] = [];
  const fail = (offset: number, message: string): never => {
    const p = positionAt(offset);
    throw SourceError.at(file, p.line, p.col, message);
  };
  let i = 0;
  const push = (kind: TokenKind, start: number, value?: string | number): void => {
    tokens.push({ kind, text: text.slice(start, i), ...(value !== undefined ? { value } : {}), offset: start, end: i, pos: positionAt(start) });
  };
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    const start = i;
    // String literal forms, optionally obfuscated (h/H) and/or verbatim (@).
    const m = /^([hH])?(@)?(["'])/.exec(text.slice(i, i + 3));
    if (text.startsWith('```', i)) {
      const close = text.indexOf('```', i + 3);
      if (close < 0) fail(start, 'unterminated ``` string literal');
      i = close + 3;
      push('string', start, text.slice(start + 3, close));
      continue;
    }
    if (m) {
      const quote = m[3] as string;
      i += m[0].length;
      let value = '';
      if (m[2] !== undefined) {
        for (;;) {
          if (i >= text.length || text[i] === '\n') fail(start, 'unterminated verbatim string literal');
          if (text[i] === quote) {
            if (text[i + 1] === quote) {
              value += quote;
              i += 2;
              continue;
            }
            i++;
            break;
          }
          value += text[i];
          i++;
        }
      } else {
        for (;;) {
          if (i >= text.length || text[i] === '\n') fail(start, 'unterminated string literal (a line break needs \\n or a ``` literal)');
          const c = text[i] as string;
          if (c === quote) {
            i++;
            break;
          }
          if (c === '\\') {
            const e = text[i + 1];
            const simple: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", t: '\t', n: '\n', r: '\r' };
            if (e !== undefined && Object.prototype.hasOwnProperty.call(simple, e)) {
              value += simple[e];
              i += 2;
              continue;
            }
            if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
              value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
              i += 6;
              continue;
            }
            fail(i, `unknown escape \\${e ?? ''} in a string literal (use @"..." for backslashes)`);
          }
          value += c;
          i++;
        }
      }
      push('string', start, value);
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i] as string)) i++;
      push('ident', start);
      // `datetime(2026-11-20T10:00:00Z)` holds raw text that is not made of tokens.
      if (text.slice(start, i) === 'datetime') {
        const open = /^\s*\(/.exec(text.slice(i));
        if (open) {
          i += open[0].length;
          tokens.push({ kind: 'punct', text: '(', offset: i - 1, end: i, pos: positionAt(i - 1) });
          const close = text.indexOf(')', i);
          if (close < 0) fail(i, 'unterminated datetime(...)');
          const rawStart = i;
          i = close;
          push('raw', rawStart, text.slice(rawStart, close).trim());
        }
      }
      continue;
    }
    if (/[0-9]/.test(ch)) {
      while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      }
      if (/[eE]/.test(text[i] ?? '') && /^[eE][-+]?[0-9]/.test(text.slice(i, i + 3))) {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        while (i < text.length && /[0-9]/.test(text[i] as string)) i++;
      }
      const numberText = text.slice(start, i);
      const unit = /^[A-Za-z]+/.exec(text.slice(i))?.[0];
      if (unit !== undefined) {
        const size = Object.prototype.hasOwnProperty.call(TIMESPAN_UNITS, unit) ? TIMESPAN_UNITS[unit] : undefined;
        if (size === undefined) fail(start, `unknown timespan unit "${unit}" (d, h, m, s, ms, ...; there is no w)`);
        i += unit.length;
        push('timespan', start, Number(numberText) * (size as number));
        continue;
      }
      push('number', start, Number(numberText));
      continue;
    }
    const p = PUNCT.find((x) => text.startsWith(x, i));
    if (p === undefined) fail(start, `unexpected character ${JSON.stringify(ch)}`);
    i += (p as string).length;
    push('punct', start);
  }
  tokens.push({ kind: 'eof', text: '', offset: text.length, end: text.length, pos: positionAt(text.length) });
  return tokens;
}
