import type { Assignment, Expr, KqlQuery, LetStatement, Literal, SortKey, Stage } from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { TokenCursor, describe } from './token-cursor.js';
import { parseDateTime } from './values.js';

/** Operators written as words, with their `!` and `_cs` forms (kql.md, "Other string operators"). */
const STRING_OPERATORS = new Set(
  ['contains', 'contains_cs', 'startswith', 'startswith_cs', 'endswith', 'endswith_cs', 'has', 'has_cs', 'hasprefix', 'hasprefix_cs', 'hassuffix', 'hassuffix_cs'].flatMap((o) => [o, `!${o}`]),
);
const COMPARISONS = new Set(['==', '!=', '=~', '!~', '<', '<=', '>', '>=']);

/** Functions the evaluator implements; any other call is an error at its position. */
export const FUNCTIONS = new Set([
  'extract', 'case', 'iff', 'iif', 'coalesce', 'tolower', 'toupper', 'strcat', 'strlen', 'substring', 'isempty', 'isnotempty', 'isnull',
  'isnotnull', 'ago', 'now', 'not', 'tostring', 'todouble', 'toreal', 'toint', 'tolong', 'tobool', 'ipv4_is_in_range', 'ipv6_is_in_range',
]);

const UNSUPPORTED_STAGES = new Set([
  'summarize', 'join', 'lookup', 'count', 'distinct', 'top', 'top-nested', 'mv-expand', 'mv-apply', 'parse', 'parse-where', 'parse-kv',
  'make-series', 'render', 'evaluate', 'as', 'invoke', 'serialize', 'sample', 'sample-distinct', 'getschema', 'fork', 'facet',
  'partition', 'scan', 'search', 'find', 'union', 'project-rename', 'project-reorder', 'project-keep', 'extend-schema', 'consume',
]);

const MAX_NESTING = 100;
/** A left-deep chain of `and`/`or` is as deep as it is long; the evaluator recurses through it. */
const MAX_CHAIN = 2000;

export function parseKql(text: string, sourceName: string): KqlQuery {
  return new Parser(tokenize(text, sourceName), sourceName).query();
}

class Parser extends TokenCursor {
  query(): KqlQuery {
    const lets: LetStatement[] = [];
    let body: Pick<KqlQuery, 'tables' | 'stages'> | undefined;
    while (this.peek().kind !== 'eof') {
      if (this.is(';')) {
        this.next();
        continue;
      }
      if (body) this.fail(this.peek(), 'only one tabular expression is supported, after the let statements');
      if (this.is('let', 'ident')) lets.push(this.letStatement());
      else body = this.tabular();
    }
    if (!body) this.fail(this.peek(), 'the query reads no table');
    return { sourceName: this.file, lets, ...body };
  }

  private letStatement(): LetStatement {
    const at = this.expect('let');
    const name = this.identifier('a name after let');
    this.expect('=');
    if (this.is('(')) {
      const save = this.i;
      this.next();
      if (this.peek().kind === 'ident' && this.peek(1).text === ':') this.fail(at, 'user-defined functions (let f = (...) {...}) are not supported');
      this.i = save;
    }
    const expr = this.expr();
    if (this.is('|')) this.fail(this.peek(), 'a let bound to a tabular expression is not supported');
    if (!this.is(';')) this.fail(this.peek(), `expected ";" after let ${name}, found ${describe(this.peek())}`);
    return { name, expr, pos: at.pos };
  }

  private tabular(): Pick<KqlQuery, 'tables' | 'stages'> {
    const tables: { name: string; pos: Token['pos'] }[] = [];
    const first = this.peek();
    if (this.is('union', 'ident')) {
      this.next();
      if (this.peek().kind === 'ident' && this.peek(1).text === '=') this.fail(this.peek(), `union option ${this.peek().text}= is not supported`);
      do {
        if (this.is('(')) this.fail(this.peek(), 'a sub-query inside union is not supported: name tables');
        const t = this.peek();
        tables.push({ name: this.identifier('a table name'), pos: t.pos });
      } while (this.is(',') && this.next());
    } else {
      if (first.kind !== 'ident') this.fail(first, `expected a table name, found ${describe(first)}`);
      if (['print', 'range', 'datatable', 'search', 'find', 'externaldata', 'evaluate'].includes(first.text)) {
        this.fail(first, `\`${first.text}\` is not supported: a query starts with a table or union`);
      }
      tables.push({ name: this.identifier('a table name'), pos: first.pos });
    }
    const stages: Stage[] = [];
    while (this.is('|')) {
      this.next();
      stages.push(this.stage());
    }
    if (!this.is(';') && this.peek().kind !== 'eof') this.fail(this.peek(), `expected "|" or the end of the query, found ${describe(this.peek())}`);
    return { tables, stages };
  }

  private operatorName(): { name: string; token: Token } {
    const t = this.next();
    if (t.kind !== 'ident') this.fail(t, `expected a query operator after "|", found ${describe(t)}`);
    let name = t.text;
    // Dashed operator names: project-away, mv-expand, ...
    while (this.is('-') && this.adjacent(this.tokens[this.i - 1] as Token, this.peek()) && this.peek(1).kind === 'ident' && this.adjacent(this.peek(), this.peek(1))) {
      this.next();
      name += `-${this.next().text}`;
    }
    return { name, token: t };
  }

  private stage(): Stage {
    const { name, token } = this.operatorName();
    const pos = token.pos;
    switch (name) {
      case 'where':
      case 'filter':
        return { kind: 'where', predicate: this.expr(), pos };
      case 'extend':
        return { kind: 'extend', assignments: this.list(() => this.assignment(true)), pos };
      case 'project':
        return {
          kind: 'project',
          items: this.list(() => {
            const a = this.assignment(false);
            return a.expr.kind === 'column' && a.expr.name === a.name && !this.wasAssigned ? { name: a.name, pos: a.pos } : a;
          }),
          pos,
        };
      case 'project-away':
        return { kind: 'project-away', names: this.list(() => this.identifier('a column name')), pos };
      case 'sort':
      case 'order':
        this.expect('by');
        return { kind: 'sort', keys: this.list(() => this.sortKey()), pos };
      case 'take':
      case 'limit':
        return { kind: 'take', count: this.expr(), pos };
      default:
        if (UNSUPPORTED_STAGES.has(name)) this.fail(token, `the KQL operator \`${name}\` is not supported (supported: where, extend, project, project-away, sort/order by, take/limit)`);
        return this.fail(token, `unknown query operator \`${name}\``);
    }
  }

  private wasAssigned = false;

  private assignment(requireName: boolean): Assignment {
    const t = this.peek();
    this.wasAssigned = false;
    if ((t.kind === 'ident' || t.text === '[') && this.looksLikeAssignment()) {
      const name = this.identifier('a column name');
      this.expect('=');
      this.wasAssigned = true;
      return { name, expr: this.expr(), pos: t.pos };
    }
    const expr = this.expr();
    if (expr.kind === 'column') return { name: expr.name, expr, pos: t.pos };
    if (requireName) this.fail(t, 'extend needs a name: Name = expression');
    return this.fail(t, 'project of an expression needs a name: Name = expression');
  }

  private looksLikeAssignment(): boolean {
    const save = this.i;
    try {
      this.identifier('a name');
      return this.is('=');
    } catch {
      return false;
    } finally {
      this.i = save;
    }
  }

  private sortKey(): SortKey {
    const expr = this.expr();
    let order: 'asc' | 'desc' = 'desc';
    if (this.is('asc') || this.is('desc')) order = this.next().text as 'asc' | 'desc';
    let nulls: 'first' | 'last' | undefined;
    if (this.is('nulls')) {
      this.next();
      const n = this.next();
      if (n.text !== 'first' && n.text !== 'last') this.fail(n, 'expected first or last after nulls');
      nulls = n.text;
    }
    return { expr, order, ...(nulls ? { nulls } : {}) };
  }

  private depth = 0;

  // Expressions, loosest first.
  expr(): Expr {
    // Untrusted text: bound the nesting rather than overflow the stack.
    if (++this.depth > MAX_NESTING) this.fail(this.peek(), `expressions nest deeper than ${MAX_NESTING} levels`);
    try {
      return this.orExpr();
    } finally {
      this.depth--;
    }
  }

  private orExpr(): Expr {
    let left = this.andExpr();
    let count = 0;
    while (this.is('or', 'ident')) {
      const t = this.next();
      if (++count > MAX_CHAIN) this.fail(t, `more than ${MAX_CHAIN} operands joined by or`);
      left = { kind: 'logical', op: 'or', left, right: this.andExpr(), pos: t.pos };
    }
    return left;
  }

  private andExpr(): Expr {
    let left = this.relation();
    let count = 0;
    while (this.is('and', 'ident')) {
      const t = this.next();
      if (++count > MAX_CHAIN) this.fail(t, `more than ${MAX_CHAIN} operands joined by and`);
      left = { kind: 'logical', op: 'and', left, right: this.relation(), pos: t.pos };
    }
    return left;
  }

  /** Reads a word operator (`!has`, `in~`, `has_any`, `matches regex`, `between`) if one follows. */
  private wordOperator(): { op: string; token: Token } | undefined {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '!' && this.peek(1).kind === 'ident' && this.adjacent(t, this.peek(1))) {
      const word = this.peek(1);
      let op = `!${word.text}`;
      let n = 2;
      if (word.text === 'in' && this.peek(2).text === '~' && this.adjacent(word, this.peek(2))) {
        op = '!in~';
        n = 3;
      }
      if (STRING_OPERATORS.has(op) || op === '!in' || op === '!in~' || op === '!between') {
        this.i += n;
        return { op, token: t };
      }
      return this.fail(word, `unknown operator ${op}`);
    }
    if (t.kind !== 'ident') return undefined;
    if (STRING_OPERATORS.has(t.text) || ['has_any', 'has_all', 'between'].includes(t.text)) {
      this.next();
      return { op: t.text, token: t };
    }
    if (t.text === 'in') {
      this.next();
      if (this.is('~') && this.adjacent(t, this.peek())) {
        this.next();
        return { op: 'in~', token: t };
      }
      return { op: 'in', token: t };
    }
    if (t.text === 'matches' && this.peek(1).text === 'regex') {
      this.i += 2;
      return { op: 'matches regex', token: t };
    }
    if (['has_any_cs', 'has_all_cs', 'contains_any', 'like', 'notlike'].includes(t.text)) this.fail(t, `the operator ${t.text} is not supported`);
    return undefined;
  }

  private relation(): Expr {
    const left = this.additive();
    const t = this.peek();
    if (t.kind === 'punct' && COMPARISONS.has(t.text)) {
      this.next();
      return { kind: 'binary', op: t.text, left, right: this.additive(), pos: t.pos };
    }
    const w = this.wordOperator();
    if (!w) return left;
    const { op, token } = w;
    if (op === 'between' || op === '!between') {
      this.expect('(');
      const low = this.additive();
      this.expect('..');
      const high = this.additive();
      this.expect(')');
      return { kind: 'between', negated: op === '!between', left, low, high, pos: token.pos };
    }
    if (['in', '!in', 'in~', '!in~', 'has_any', 'has_all'].includes(op)) {
      this.expect('(');
      const items = this.is(')') ? [] : this.list(() => this.expr());
      this.expect(')');
      return { kind: 'setop', op, left, items, pos: token.pos };
    }
    return { kind: 'binary', op, left, right: this.additive(), pos: token.pos };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while ((this.is('+') || this.is('-')) && !this.is('..')) {
      const t = this.next();
      left = { kind: 'binary', op: t.text, left, right: this.multiplicative(), pos: t.pos };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.is('*') || this.is('/') || this.is('%')) {
      const t = this.next();
      left = { kind: 'binary', op: t.text, left, right: this.unary(), pos: t.pos };
    }
    return left;
  }

  private unary(): Expr {
    if (this.is('-')) {
      const t = this.next();
      if (++this.depth > MAX_NESTING) this.fail(t, `expressions nest deeper than ${MAX_NESTING} levels`);
      try {
        return { kind: 'negate', operand: this.unary(), pos: t.pos };
      } finally {
        this.depth--;
      }
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.peek();
    const lit = (literal: Literal): Expr => ({ kind: 'literal', literal, pos: t.pos });
    switch (t.kind) {
      case 'string': {
        let value = '';
        // Adjacent literals concatenate.
        while (this.peek().kind === 'string') value += this.next().value as string;
        return lit({ kind: 'string', value });
      }
      case 'number':
        this.next();
        return lit({ kind: 'number', value: t.value as number, isReal: /[.eE]/.test(t.text) });
      case 'timespan':
        this.next();
        return lit({ kind: 'timespan', ms: t.value as number, text: t.text });
      case 'punct':
        if (t.text === '(') {
          this.next();
          const e = this.expr();
          this.expect(')');
          return e;
        }
        if (t.text === '[') return { kind: 'column', name: this.identifier('a column name'), pos: t.pos };
        return this.fail(t, `unexpected ${describe(t)}`);
      case 'ident':
        return this.identifierExpr(t, lit);
      default:
        return this.fail(t, `unexpected ${describe(t)}`);
    }
  }

  private identifierExpr(t: Token, lit: (l: Literal) => Expr): Expr {
    this.next();
    switch (t.text) {
      case 'true':
        return lit({ kind: 'bool', value: true });
      case 'false':
        return lit({ kind: 'bool', value: false });
      case 'dynamic':
        return this.dynamicLiteral(t);
      case 'datetime':
        return this.datetimeLiteral(lit);
      case 'timespan': {
        this.expect('(');
        const v = this.next();
        if (v.kind !== 'timespan') this.fail(v, 'expected a timespan such as 1d or 30m inside timespan(...)');
        this.expect(')');
        return lit({ kind: 'timespan', ms: v.value as number, text: v.text });
      }
      default:
        break;
    }
    if (!this.is('(')) return { kind: 'column', name: t.text, pos: t.pos };
    if (!FUNCTIONS.has(t.text)) {
      if (['typeof', 'bool', 'int', 'long', 'real', 'double', 'decimal', 'guid', 'string'].includes(t.text)) this.fail(t, `the literal ${t.text}(...) is not supported`);
      this.fail(t, `the function ${t.text}() is not supported`);
    }
    this.next();
    const args = this.is(')') ? [] : this.list(() => this.expr());
    this.expect(')');
    return { kind: 'call', name: t.text === 'iif' ? 'iff' : t.text, args, pos: t.pos };
  }

  private dynamicLiteral(t: Token): Expr {
    this.expect('(');
    const value = this.jsonValue();
    this.expect(')');
    return value.kind === 'dynamic' ? value : { kind: 'dynamic', items: [value], pos: t.pos };
  }

  /** The inside of dynamic(...): arrays of literals, nested arrays flattened later. */
  private jsonValue(): Expr {
    const t = this.peek();
    if (this.is('[')) {
      this.next();
      if (++this.depth > MAX_NESTING) this.fail(t, `arrays nest deeper than ${MAX_NESTING} levels`);
      const items = this.is(']') ? [] : this.list(() => this.jsonValue());
      this.depth--;
      this.expect(']');
      return { kind: 'dynamic', items, pos: t.pos };
    }
    if (this.is('{')) this.fail(t, 'property bags in dynamic(...) are not supported');
    if (t.kind === 'ident' && t.text === 'null') {
      this.next();
      return { kind: 'literal', literal: { kind: 'null' }, pos: t.pos };
    }
    if (this.is('-')) {
      this.next();
      const n = this.next();
      if (n.kind !== 'number') this.fail(n, 'expected a number');
      return { kind: 'literal', literal: { kind: 'number', value: -(n.value as number), isReal: /[.eE]/.test(n.text) }, pos: t.pos };
    }
    const e = this.primary();
    if (e.kind !== 'literal') this.fail(t, 'expected a literal inside dynamic(...)');
    return e;
  }

  private datetimeLiteral(lit: (l: Literal) => Expr): Expr {
    this.expect('(');
    const raw = this.next();
    if (raw.kind !== 'raw') this.fail(raw, 'expected a date inside datetime(...)');
    this.expect(')');
    const text = (raw.value as string).replace(/^["']|["']$/g, '');
    if (text === 'null') return lit({ kind: 'null' });
    const ms = parseDateTime(text);
    if (ms === undefined) this.fail(raw, `not a date: ${text}`);
    return lit({ kind: 'datetime', ms, text });
  }
}
