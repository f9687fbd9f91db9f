import {
  readsField,
  type ArithmeticOp,
  type ComparisonOp,
  type EqlExpr,
  type EqlQuery,
  type EventFilter,
  type PatternOp,
  type Pipe,
  type SequenceTerm,
} from './ast.js';
import { ENDGAME_ONLY_FUNCTIONS, FUNCTION_SIGNATURES } from './functions.js';
import { ecsNonStringType, STRING_FUNCTIONS } from './ecs-types.js';
import { compileLuceneRegex } from './lucene-regex.js';
import { RegexSyntaxError } from './regex-ast.js';
import { TokenCursor, describeToken } from './token-cursor.js';

/**
 * A recursive-descent parser for Elasticsearch EQL, following the precedence of the ES
 * grammar (EqlBase.g4): `or` < `and` < `not` < comparison < `+ -` < `* / %` < unary minus <
 * a primary with its predicate (`in`, `not in`, `in~`, `:`, `like`, `like~`, `regex`,
 * `regex~`). Endgame-only forms (`join`, `child of`, pipes other than head/tail, `wildcard()`)
 * are syntax errors here, as they are in Elasticsearch.
 */
export function parseEql(text: string, file: string): EqlQuery {
  const p = new Parser(text, file);
  return p.statement();
}

const TIME_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const RESERVED = new Set(['and', 'or', 'not', 'where', 'in', 'like', 'regex', 'true', 'false', 'null', 'by', 'with', 'until', 'sequence', 'sample', 'join', 'of', 'any']);

const MAX_DEPTH = 200;
/**
 * Operators (and, or, + - * / %) one query may hold. Chains build left-deep trees that
 * compile and import walk recursively, so an unbounded chain overflows the stack (8,000 `or`
 * operands did); like the nesting depth, bound it and say so.
 */
const MAX_OPERATORS = 2000;

class Parser extends TokenCursor {
  private depth = 0;
  private operators = 0;

  statement(): EqlQuery {
    const first = this.peek();
    let query: EqlQuery['query'];
    if (this.isWord('sequence')) query = this.sequence();
    else if (this.isWord('sample')) query = this.sample();
    else if (this.isWord('join')) return this.fail(first, 'join is not in Elasticsearch EQL (Endgame only); use sequence');
    else query = { kind: 'event', filter: this.eventFilter() };
    const pipes: Pipe[] = [];
    while (this.isPunct('|')) {
      this.next();
      const name = this.next();
      if (name.type !== 'ident' || (name.text !== 'head' && name.text !== 'tail')) {
        return this.fail(name, `unknown pipe ${JSON.stringify(name.text)}: Elasticsearch EQL has only head and tail`);
      }
      const n = this.next();
      if (n.type !== 'number' || !Number.isInteger(n.number) || (n.number as number) <= 0) {
        return this.fail(n, `${name.text} needs a positive whole number`);
      }
      pipes.push({ kind: name.text, count: n.number as number, at: name.at });
    }
    const end = this.peek();
    if (end.type !== 'eof') this.fail(end, `unexpected ${describeToken(end)} after the query`);
    return { source: this.text, sourceName: this.file, query, pipes };
  }

  private sequence(): EqlQuery['query'] {
    this.next();
    let by: EqlExpr[] = [];
    let maxspanMs: number | undefined;
    if (this.isWord('by')) by = this.joinKeys();
    if (this.isWord('with')) {
      this.next();
      this.expectWord('maxspan');
      this.expectPunct('=');
      const n = this.next();
      if (n.type !== 'number' || (n.number as number) < 0) return this.fail(n, 'maxspan needs a duration such as 5m');
      const unit = this.peek();
      if (unit.type !== 'ident' || unit.at !== n.end || TIME_UNITS[unit.text] === undefined) {
        return this.fail(unit, 'maxspan needs a time unit right after the number: ms, s, m, h or d');
      }
      this.next();
      maxspanMs = (n.number as number) * (TIME_UNITS[unit.text] as number);
      if (this.isWord('by')) this.fail(this.peek(), 'write sequence by ... before with maxspan=..., not after');
    }
    const terms = this.terms(true);
    let until: SequenceTerm | undefined;
    if (this.isWord('until')) {
      this.next();
      until = this.term();
    }
    return { kind: 'sequence', by, maxspanMs, terms, until };
  }

  private sample(): EqlQuery['query'] {
    this.next();
    const by = this.isWord('by') ? this.joinKeys() : [];
    return { kind: 'sample', by, terms: this.terms() };
  }

  private terms(allowRuns = false): SequenceTerm[] {
    const terms: SequenceTerm[] = [];
    while (this.isPunct('[')) {
      const term = this.term();
      terms.push(term);
      // ES 8: `[q] with runs=N` is the same term N times in a row.
      if (allowRuns && this.isWord('with')) {
        const w = this.next();
        this.expectWord('runs');
        this.expectPunct('=');
        const n = this.next();
        if (n.type !== 'number' || !Number.isInteger(n.number) || (n.number as number) < 1 || (n.number as number) > 100) {
          this.fail(n, 'runs must be a whole number from 1 to 100');
        }
        if (terms.length + (n.number as number) - 1 > 256) this.fail(w, 'a sequence holds at most 256 terms');
        for (let k = 1; k < (n.number as number); k++) terms.push(term);
      }
    }
    if (terms.length < 2) this.fail(this.peek(), 'a sequence or sample needs at least two [ ... ] queries');
    return terms;
  }

  private term(): SequenceTerm {
    this.expectPunct('[');
    const filter = this.eventFilter();
    this.expectPunct(']');
    const by = this.isWord('by') ? this.joinKeys() : [];
    return { filter, by };
  }

  private joinKeys(): EqlExpr[] {
    this.next();
    const keys = [this.expression()];
    while (this.isPunct(',')) {
      this.next();
      keys.push(this.expression());
    }
    return keys;
  }

  private eventFilter(): EventFilter {
    const t = this.next();
    let category: string | undefined;
    if (t.type === 'ident' && t.text === 'any') category = undefined;
    else if (t.type === 'ident' && !RESERVED.has(t.text)) category = t.text;
    else if (t.type === 'string') category = t.text;
    else return this.fail(t, `expected an event category (process, registry, ... or any) before where, found ${describeToken(t)}`);
    this.expectWord('where');
    return { category, condition: this.expression(), at: t.at };
  }

  private expression(): EqlExpr {
    if (++this.depth > MAX_DEPTH) this.fail(this.peek(), `expression nested deeper than ${MAX_DEPTH} levels`);
    const e = this.or();
    this.depth--;
    return e;
  }

  private or(): EqlExpr {
    let left = this.and();
    while (this.isWord('or')) {
      const t = this.next();
      if (++this.operators > MAX_OPERATORS) this.fail(t, `more than ${MAX_OPERATORS} and/or/arithmetic operators in one query`);
      left = { kind: 'or', left, right: this.and(), at: t.at };
    }
    return left;
  }

  private and(): EqlExpr {
    let left = this.not();
    while (this.isWord('and')) {
      const t = this.next();
      if (++this.operators > MAX_OPERATORS) this.fail(t, `more than ${MAX_OPERATORS} and/or/arithmetic operators in one query`);
      left = { kind: 'and', left, right: this.not(), at: t.at };
    }
    return left;
  }

  private not(): EqlExpr {
    if (this.isWord('not')) {
      const t = this.next();
      if (++this.depth > MAX_DEPTH) this.fail(t, `expression nested deeper than ${MAX_DEPTH} levels`);
      const operand = this.not();
      this.depth--;
      return { kind: 'not', operand, at: t.at };
    }
    return this.comparison();
  }

  private comparison(): EqlExpr {
    const left = this.additive();
    const t = this.peek();
    if (t.type === 'punct' && (t.text === '==' || t.text === '!=' || t.text === '<' || t.text === '<=' || t.text === '>' || t.text === '>=')) {
      this.next();
      const right = this.additive();
      // eql.md "Operators": field-to-field comparison is not supported; one side must be constant.
      if (readsField(left) && readsField(right)) this.fail(t, 'field-to-field comparison is not supported: compare a field with a constant');
      return { kind: 'compare', op: t.text as ComparisonOp, left, right, at: t.at };
    }
    if (this.isPunct('=')) this.fail(t, 'use == for equality; a single = is not EQL');
    return left;
  }

  private additive(): EqlExpr {
    let left = this.multiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const t = this.next();
      if (++this.operators > MAX_OPERATORS) this.fail(t, `more than ${MAX_OPERATORS} and/or/arithmetic operators in one query`);
      left = { kind: 'arithmetic', op: t.text as ArithmeticOp, left, right: this.multiplicative(), at: t.at };
    }
    return left;
  }

  private multiplicative(): EqlExpr {
    let left = this.unary();
    while (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) {
      const t = this.next();
      if (++this.operators > MAX_OPERATORS) this.fail(t, `more than ${MAX_OPERATORS} and/or/arithmetic operators in one query`);
      left = { kind: 'arithmetic', op: t.text as ArithmeticOp, left, right: this.unary(), at: t.at };
    }
    return left;
  }

  private unary(): EqlExpr {
    if (this.isPunct('-') || this.isPunct('+')) {
      const t = this.next();
      if (++this.depth > MAX_DEPTH) this.fail(t, `expression nested deeper than ${MAX_DEPTH} levels`);
      const operand = this.unary();
      this.depth--;
      if (t.text === '+') return operand;
      if (operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value, at: t.at };
      return { kind: 'negate', operand, at: t.at };
    }
    return this.predicate(this.primary());
  }

  /** The ES grammar's `predicate`: what may follow a primary expression. */
  private predicate(subject: EqlExpr): EqlExpr {
    const t = this.peek();
    if (this.isWord('not') && this.peekAt(1).type !== 'eof') {
      const after = this.peekAt(1);
      if ((after.type === 'ident' && after.text === 'in') || (after.type === 'tident' && after.text === 'in')) {
        this.next();
        return this.inList(subject, true);
      }
      return subject;
    }
    if ((t.type === 'ident' || t.type === 'tident') && t.text === 'in') return this.inList(subject, false);
    let op: PatternOp | undefined;
    if (t.type === 'punct' && t.text === ':') op = ':';
    else if (t.type === 'ident' && (t.text === 'like' || t.text === 'regex')) op = t.text;
    else if (t.type === 'tident' && (t.text === 'like' || t.text === 'regex')) op = `${t.text}~`;
    else if (t.type === 'tident') this.fail(t, `${t.text}~ is not an EQL operator`);
    if (op === undefined) return subject;
    if (subject.kind === 'field' && ecsNonStringType(subject.name)) this.fail(t, typedFieldMessage(op, subject.name));
    this.next();
    const patterns: string[] = [];
    if (this.isPunct('(')) {
      this.next();
      patterns.push(this.patternConstant(op));
      while (this.isPunct(',')) {
        this.next();
        patterns.push(this.patternConstant(op));
      }
      this.expectPunct(')');
    } else {
      patterns.push(this.patternConstant(op));
    }
    return { kind: 'pattern', op, subject, patterns, at: t.at };
  }

  private patternConstant(op: PatternOp): string {
    const t = this.next();
    // The right side of `:`, like and regex must be a constant string (eql.md "Operators").
    if (t.type !== 'string') return this.fail(t, `the right side of ${op} must be a string constant (field-to-field comparison is not supported)`);
    if (op === 'regex' || op === 'regex~') {
      // Compiled here once so that every bad pattern is a syntax error with a position.
      try {
        compileLuceneRegex(t.text, op === 'regex~');
      } catch (err) {
        if (err instanceof RegexSyntaxError) this.fail(t, `bad Lucene regex: ${err.message} (at offset ${err.offset} of the pattern)`);
        this.fail(t, `regex cannot be compiled: ${(err as Error).message}`);
      }
    }
    return t.text;
  }

  private inList(subject: EqlExpr, negated: boolean): EqlExpr {
    const t = this.next();
    this.expectPunct('(');
    const items = [this.expression()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.expression());
    }
    this.expectPunct(')');
    const fieldItem = items.find(readsField);
    if (fieldItem && readsField(subject)) this.fail(t, 'field-to-field comparison is not supported: list constants after in');
    return { kind: 'in', negated, insensitive: t.type === 'tident', subject, items, at: t.at };
  }

  private primary(): EqlExpr {
    const t = this.peek();
    if (t.type === 'string') {
      this.next();
      return { kind: 'literal', value: t.text, at: t.at };
    }
    if (t.type === 'number') {
      this.next();
      return { kind: 'literal', value: t.number as number, at: t.at };
    }
    if (this.isPunct('(')) {
      this.next();
      const e = this.expression();
      this.expectPunct(')');
      return e;
    }
    if (t.type === 'ident' && (t.text === 'true' || t.text === 'false')) {
      this.next();
      return { kind: 'literal', value: t.text === 'true', at: t.at };
    }
    if (t.type === 'ident' && t.text === 'null') {
      this.next();
      return { kind: 'literal', value: null, at: t.at };
    }
    if ((t.type === 'ident' || t.type === 'tident') && this.peekAt(1).type === 'punct' && this.peekAt(1).text === '(') {
      return this.call();
    }
    if (t.type === 'tident') return this.fail(t, `${t.text}~ must be a function call`);
    let optional = false;
    if (this.isPunct('?')) {
      this.next();
      optional = true;
      const f = this.peek();
      if (f.at !== t.end) this.fail(f, 'write ?field with no space after ?');
    }
    return this.field(optional, t.at);
  }

  private field(optional: boolean, at: number): EqlExpr {
    const parts: string[] = [];
    for (;;) {
      const t = this.next();
      if (t.type === 'quoted') parts.push(t.text);
      else if (t.type === 'ident' && !RESERVED.has(t.text)) parts.push(t.text);
      else return this.fail(t, `expected a field name, a constant or a function, found ${describeToken(t)}`);
      const dot = this.peek();
      if (!(dot.type === 'punct' && dot.text === '.' && dot.at === t.end)) break;
      this.next();
    }
    return { kind: 'field', name: parts.join('.'), optional, at };
  }

  private call(): EqlExpr {
    const t = this.next();
    const name = t.text.toLowerCase();
    const spec = FUNCTION_SIGNATURES[name];
    if (!spec) {
      if (ENDGAME_ONLY_FUNCTIONS.has(name)) return this.fail(t, `${t.text}() is not in Elasticsearch EQL (Endgame only)`);
      return this.fail(t, `unknown function ${t.text}()`);
    }
    const insensitive = t.type === 'tident';
    if (insensitive && !spec.tilde) this.fail(t, `${t.text}() has no case-insensitive ~ form`);
    this.expectPunct('(');
    const args: EqlExpr[] = [];
    if (!this.isPunct(')')) {
      args.push(this.expression());
      while (this.isPunct(',')) {
        this.next();
        args.push(this.expression());
      }
    }
    this.expectPunct(')');
    if (args.length < spec.min || args.length > spec.max) {
      const want = spec.max === Infinity ? `at least ${spec.min}` : spec.min === spec.max ? `${spec.min}` : `${spec.min} to ${spec.max}`;
      this.fail(t, `${t.text}() takes ${want} arguments, not ${args.length}`);
    }
    const first = args[0];
    if (STRING_FUNCTIONS.has(name) && first?.kind === 'field' && ecsNonStringType(first.name)) this.fail(t, typedFieldMessage(`${t.text}()`, first.name));
    return { kind: 'call', name, insensitive, args, at: t.at };
  }

}

/** Elasticsearch's verifier refuses a string test on an ECS ip or long field (ecs-types.ts). */
function typedFieldMessage(what: string, field: string): string {
  const type = ecsNonStringType(field) as string;
  return `${what} takes a string field, and ECS types ${field} as ${type} (Elasticsearch rejects the query); use ==, in${type === 'ip' ? ' or cidrMatch()' : ' or an ordering'} on it`;
}
