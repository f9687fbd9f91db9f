import type { SourcePosition } from '../../diagnostics.js';
import { MAX_NESTING } from '../../rule/yaml-source.js';
import { compileGlob, parseGlob } from '../../semantics/wildcard.js';
import type { SigmaCondition, SigmaSelectorTarget } from './ast.js';

/**
 * The condition grammar (sigma.md "Condition grammar"), loosest first:
 *
 *   condition := or ;  or := and ("or" and)* ;  and := not ("and" not)* ;
 *   not := "not" not | operand ;  operand := selector | identifier | "(" or ")"
 *   selector := ("1" | "any" | "all") "of" (pattern | "them")
 *
 * Keywords are lower case. Identifiers are resolved here: an unknown one is an error at its
 * position; a selector keeps the identifiers it stands for (`them` = every identifier not
 * starting with `_`; a pattern is a glob over names, case-sensitive). A selector that stands
 * for nothing is kept with no names and evaluates to false, for `1 of` and `all of` alike: a
 * rule must not fire because a filter group it refers to happens to be empty.
 */
export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

interface Token {
  readonly text: string;
  readonly offset: number;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them']);

/** A word character: [A-Za-z0-9_*\-.], tested on the char code (this runs per character). */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 42 || c === 45 || c === 46;
}

/** JavaScript's `\s`: ASCII space, tab, line feed, vertical tab, form feed, CR, or a Unicode space. */
const NON_ASCII_SPACE = /\s/;
export function isSpaceCode(c: number, ch: string): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return NON_ASCII_SPACE.test(ch);
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const ch = text[i] as string;
    if (isSpaceCode(c, ch)) {
      i++;
    } else if (c === 40 || c === 41) {
      tokens.push({ text: ch, offset: i });
      i++;
    } else if (isWordCode(c)) {
      const start = i;
      while (i < text.length && isWordCode(text.charCodeAt(i))) i++;
      tokens.push({ text: text.slice(start, i), offset: start });
    } else if (ch === '|') {
      throw new ConditionSyntaxError('aggregations after | (count(), near) are Sigma 1.0; write a correlation rule instead', i);
    } else {
      throw new ConditionSyntaxError(`unexpected character ${JSON.stringify(ch)} in the condition`, i);
    }
  }
  return tokens;
}

/**
 * Parses one condition. `names` are the detection's identifiers in file order; `at` turns an
 * offset in the condition text into a file position.
 */
export function parseCondition(text: string, names: readonly string[], at: (offset: number) => SourcePosition): SigmaCondition {
  const tokens = tokenize(text);
  let pos = 0;
  const known = new Set(names);
  const peek = (): Token | undefined => tokens[pos];
  const endOffset = text.trimEnd().length;

  const expectWord = (what: string): Token => {
    const t = peek();
    if (!t || t.text === '(' || t.text === ')') throw new ConditionSyntaxError(`expected ${what}`, t ? t.offset : endOffset);
    pos++;
    return t;
  };

  const parseOr = (depth: number): SigmaCondition => {
    const first = parseAnd(depth);
    const children = [first];
    while (peek()?.text === 'or') {
      pos++;
      children.push(parseAnd(depth));
    }
    return children.length === 1 ? first : { kind: 'or', children, position: first.position };
  };

  const parseAnd = (depth: number): SigmaCondition => {
    const first = parseNot(depth);
    const children = [first];
    while (peek()?.text === 'and') {
      pos++;
      children.push(parseNot(depth));
    }
    return children.length === 1 ? first : { kind: 'and', children, position: first.position };
  };

  const parseNot = (depth: number): SigmaCondition => {
    if (depth > MAX_NESTING) throw new ConditionSyntaxError(`the condition nests deeper than ${MAX_NESTING} levels`, peek()?.offset ?? endOffset);
    const t = peek();
    if (t?.text === 'not') {
      pos++;
      return { kind: 'not', operand: parseNot(depth + 1), position: at(t.offset) };
    }
    return parseOperand(depth);
  };

  const parseOperand = (depth: number): SigmaCondition => {
    const t = peek();
    if (!t) throw new ConditionSyntaxError('the condition ends where an identifier, selector or ( was expected', endOffset);
    if (t.text === '(') {
      pos++;
      const inner = parseOr(depth + 1);
      const close = peek();
      if (close?.text !== ')') throw new ConditionSyntaxError('expected ) to close the ( here', close ? close.offset : t.offset);
      pos++;
      return inner;
    }
    if (t.text === ')') throw new ConditionSyntaxError('unexpected )', t.offset);
    pos++;
    if ((t.text === '1' || t.text === 'any' || t.text === 'all') && peek()?.text === 'of') {
      pos++;
      const targetToken = expectWord('an identifier pattern or them after "of"');
      return selector(t, targetToken);
    }
    return identifier(t);
  };

  const identifier = (t: Token): SigmaCondition => {
    // The usual case first: a known name that is no keyword and no pattern passes every check below.
    if (known.has(t.text) && !KEYWORDS.has(t.text) && !t.text.includes('*')) return { kind: 'identifier', name: t.text, position: at(t.offset) };
    if (KEYWORDS.has(t.text)) throw new ConditionSyntaxError(`unexpected keyword ${t.text}`, t.offset);
    const lower = t.text.toLowerCase();
    if (!known.has(t.text) && KEYWORDS.has(lower)) throw new ConditionSyntaxError(`keywords are lower case: write ${lower}`, t.offset);
    if (t.text.includes('*')) throw new ConditionSyntaxError(`a pattern such as ${t.text} needs a selector: write "1 of ${t.text}" or "all of ${t.text}"`, t.offset);
    if (!known.has(t.text)) throw new ConditionSyntaxError(`unknown search identifier ${t.text}${hint(names)}`, t.offset);
    return { kind: 'identifier', name: t.text, position: at(t.offset) };
  };

  const selector = (q: Token, target: Token): SigmaCondition => {
    let spec: SigmaSelectorTarget;
    // A loop, not filter with a closure: most rules have a selector, and the optimising
    // compiler builds filter out in full in every function that calls it.
    const matched: string[] = [];
    if (target.text === 'them') {
      spec = { kind: 'them' };
      for (let i = 0; i < names.length; i++) if (!(names[i] as string).startsWith('_')) matched.push(names[i] as string);
    } else {
      if (KEYWORDS.has(target.text)) throw new ConditionSyntaxError(`expected an identifier pattern or them after "of", found ${target.text}`, target.offset);
      spec = { kind: 'pattern', pattern: target.text };
      const test = compileGlob(parseGlob(target.text));
      for (let i = 0; i < names.length; i++) if (test(names[i] as string)) matched.push(names[i] as string);
    }
    return { kind: 'selector', quantifier: q.text === 'all' ? 'all' : 'one', target: spec, names: matched, position: at(q.offset) };
  };

  const result = parseOr(0);
  const rest = peek();
  if (rest) {
    const lower = rest.text.toLowerCase();
    const message =
      rest.text === ')'
        ? 'unexpected ) without a matching ('
        : KEYWORDS.has(lower) && lower !== rest.text
          ? `keywords are lower case: write ${lower}`
          : `expected and, or or the end of the condition, found ${rest.text}`;
    throw new ConditionSyntaxError(message, rest.offset);
  }
  return result;
}

function hint(names: readonly string[]): string {
  return names.length > 0 ? ` (the detection defines ${names.join(', ')})` : ' (the detection defines none)';
}
