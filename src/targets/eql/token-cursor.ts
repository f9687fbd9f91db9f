import { SourceError, positionAt } from '../../diagnostics.js';
import { tokenize, type Token } from './lexer.js';

/** Walking the tokens of one query, with errors that point at a token's line and column. */
export class TokenCursor {
  protected readonly tokens: Token[];
  protected pos = 0;

  constructor(
    protected readonly text: string,
    protected readonly file: string,
  ) {
    this.tokens = tokenize(text, file);
  }

  protected peek(): Token {
    return this.tokens[this.pos] as Token;
  }
  protected peekAt(k: number): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)] as Token;
  }
  protected next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.pos++;
    return t;
  }
  protected isWord(word: string): boolean {
    const t = this.peek();
    return t.type === 'ident' && t.text === word;
  }
  protected isPunct(p: string): boolean {
    const t = this.peek();
    return t.type === 'punct' && t.text === p;
  }
  protected expectWord(word: string): void {
    const t = this.next();
    if (!(t.type === 'ident' && t.text === word)) this.fail(t, `expected ${word}, found ${describeToken(t)}`);
  }
  protected expectPunct(p: string): void {
    const t = this.next();
    if (!(t.type === 'punct' && t.text === p)) this.fail(t, `expected ${p}, found ${describeToken(t)}`);
  }
  protected fail(t: Token, message: string): never {
    const pos = positionAt(this.text, t.at);
    throw SourceError.at(this.file, pos.line, pos.col, message);
  }
}

/** A token as an error message names it. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'eof':
      return 'the end of the query';
    case 'string':
      return `string ${JSON.stringify(t.text)}`;
    case 'quoted':
      return `\`${t.text}\``;
    case 'tident':
      return `${t.text}~`;
    default:
      return JSON.stringify(t.text);
  }
}
