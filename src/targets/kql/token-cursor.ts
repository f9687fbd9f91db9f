import { SourceError } from '../../diagnostics.js';
import type { Token } from './lexer.js';

/** Walking a token list: look ahead, consume, expect, and fail at a token's line:col. */
export class TokenCursor {
  protected i = 0;
  constructor(
    protected readonly tokens: readonly Token[],
    protected readonly file: string,
  ) {}

  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)] as Token;
  }
  protected next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  protected fail(t: Token, message: string): never {
    throw SourceError.at(this.file, t.pos.line, t.pos.col, message);
  }
  protected is(text: string, kind?: Token['kind']): boolean {
    const t = this.peek();
    return t.text === text && (kind === undefined || t.kind === kind) && t.kind !== 'string';
  }
  protected expect(text: string): Token {
    const t = this.peek();
    if (t.text !== text || t.kind === 'string') this.fail(t, `expected ${JSON.stringify(text)}, found ${describe(t)}`);
    return this.next();
  }
  /** Two tokens written with nothing between them (`!has`, `in~`, `project-away`). */
  protected adjacent(a: Token, b: Token): boolean {
    return a.end === b.offset;
  }

  protected list<T>(item: () => T): T[] {
    const out = [item()];
    while (this.is(',')) {
      this.next();
      out.push(item());
    }
    return out;
  }

  protected identifier(what: string): string {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      return t.text;
    }
    if (t.text === '[' && t.kind === 'punct') {
      this.next();
      const s = this.next();
      if (s.kind !== 'string') this.fail(s, `expected a quoted name inside [...]`);
      this.expect(']');
      return s.value as string;
    }
    return this.fail(t, `expected ${what}, found ${describe(t)}`);
  }

}

export function describe(t: Token): string {
  if (t.kind === 'eof') return 'the end of the query';
  if (t.kind === 'string') return 'a string literal';
  return JSON.stringify(t.text);
}
