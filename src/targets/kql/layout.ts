/**
 * The shape of emitted KQL on the page, kept apart from what it says. The emitter builds a
 * small tree of layout pieces; `printQuery` writes each piece on one line when it fits in
 * `WIDTH` columns and otherwise breaks it the way the seed queries are written:
 * - a boolean chain puts each operand on its own line, led by its operator;
 * - a parenthesised chain opens `(`, holds its operands one indent deeper, closes `)` alone;
 * - a call's arguments go one per line, a `case(` one predicate/value pair per line;
 * - a value list (`dynamic([`, `in~ (`) fills lines one indent deeper;
 * - a column list (`project`) fills lines, continuing one indent deeper.
 * Only whitespace differs between the layouts (KQL reads line breaks as spaces, kql.md
 * "Query structure"), so the layout cannot change what the query means.
 */
export type Doc =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'concat'; readonly parts: readonly Doc[] }
  | { readonly kind: 'chain'; readonly op: 'and' | 'or'; readonly operands: readonly Doc[] }
  | { readonly kind: 'bracket'; readonly open: string; readonly items: readonly Doc[]; readonly close: string; readonly style: BracketStyle }
  | { readonly kind: 'columns'; readonly items: readonly string[] };

/** `lines`: one item a line; `pairs`: two a line (case's predicate and value), the odd last alone; `fill`: as many as fit. */
export type BracketStyle = 'lines' | 'pairs' | 'fill';

/** Lines up to this many columns stay whole. */
export const WIDTH = 100;
const INDENT = 4;

export const text = (t: string): Doc => ({ kind: 'text', text: t });
export const concat = (...parts: readonly Doc[]): Doc => ({ kind: 'concat', parts });
export const bracket = (open: string, items: readonly Doc[], close: string, style: BracketStyle): Doc => ({ kind: 'bracket', open, items, close, style });
/** A comma-separated column list continuing on indented lines (`project`, `sort by`). */
export const columns = (items: readonly string[]): Doc => ({ kind: 'columns', items });
/** A parenthesised value list: `("a", "b")`. */
export const valueList = (values: readonly string[]): Doc => bracket('(', values.map(text), ')', 'fill');
/** A call with its arguments: `name(a, b)`. */
export const call = (name: string, args: readonly Doc[]): Doc => bracket(`${name}(`, args, ')', 'lines');

/** Operands of the same operator join one chain, as `a and (b and c)` reads `a and b and c`. */
export function chain(op: 'and' | 'or', operands: readonly Doc[]): Doc {
  const flat = operands.flatMap((o) => (o.kind === 'chain' && o.op === op ? o.operands : [o]));
  return flat.length === 1 ? (flat[0] as Doc) : { kind: 'chain', op, operands: flat };
}

const flatCache = new WeakMap<Doc, string>();

/** The piece on one line. */
export function flat(doc: Doc): string {
  const cached = flatCache.get(doc);
  if (cached !== undefined) return cached;
  let s: string;
  switch (doc.kind) {
    case 'text':
      return doc.text;
    case 'concat':
      s = doc.parts.map(flat).join('');
      break;
    case 'chain':
      s = doc.operands.map(flat).join(` ${doc.op} `);
      break;
    case 'bracket':
      s = `${doc.open}${doc.items.map(flat).join(', ')}${doc.close}`;
      break;
    case 'columns':
      s = doc.items.join(', ');
      break;
  }
  flatCache.set(doc, s);
  return s;
}

/** A query: statements (lets, the source) each on its own line(s), then `| stage` lines. */
export function printQuery(statements: readonly Doc[], stages: readonly Doc[], width = WIDTH): string {
  const p = new Printer(width);
  for (const s of statements) p.line(s, '');
  for (const s of stages) p.line(s, '| ');
  return p.done();
}

class Printer {
  private readonly out: string[] = [];
  private col = 0;

  constructor(private readonly width: number) {}

  line(doc: Doc, lead: string): void {
    this.write(lead);
    this.print(doc, 0, 0, true);
    this.out.push('\n');
    this.col = 0;
  }

  done(): string {
    return this.out.join('');
  }

  private write(s: string): void {
    this.out.push(s);
    this.col += s.length;
  }

  private newline(indent: number): void {
    this.out.push('\n', ' '.repeat(indent));
    this.col = indent;
  }

  /**
   * `indent`: where lines this piece breaks onto start; `trail`: characters that follow it on
   * its last line; `hang`: a chain that starts mid-line continues one indent deeper (inside a
   * lone bracket it starts its own line and its operators align under it).
   */
  private print(doc: Doc, indent: number, trail: number, hang: boolean): void {
    const whole = flat(doc);
    if (doc.kind === 'text' || this.col + whole.length + trail <= this.width) {
      this.write(whole);
      return;
    }
    switch (doc.kind) {
      case 'concat': {
        let rest = doc.parts.reduce((n, p) => n + flat(p).length, 0);
        for (const part of doc.parts) {
          rest -= flat(part).length;
          this.print(part, indent, rest + trail, hang);
        }
        return;
      }
      case 'chain': {
        const inner = hang ? indent + INDENT : indent;
        doc.operands.forEach((o, i) => {
          if (i > 0) {
            this.newline(inner);
            this.write(`${doc.op} `);
          }
          this.print(o, inner, i === doc.operands.length - 1 ? trail : 0, true);
        });
        return;
      }
      case 'bracket':
        this.printBracket(doc, indent);
        return;
      case 'columns':
        this.fill(doc.items, indent + INDENT, trail);
        return;
    }
  }

  private printBracket(doc: Extract<Doc, { kind: 'bracket' }>, indent: number): void {
    const inner = indent + INDENT;
    this.write(doc.open);
    if (doc.style === 'fill') {
      this.newline(inner);
      this.fill(doc.items.map(flat), inner, 0);
    } else {
      const size = doc.style === 'pairs' ? 2 : 1;
      const rows: Doc[][] = [];
      for (let i = 0; i < doc.items.length; i += size) rows.push(doc.items.slice(i, i + size));
      rows.forEach((row, i) => {
        const comma = i === rows.length - 1 ? '' : ',';
        this.newline(inner);
        const [first, value] = row as [Doc, Doc?];
        if (value === undefined) this.print(first, inner, comma.length, doc.items.length > 1);
        else if (inner + flat(first).length + 2 + flat(value).length + comma.length <= this.width) this.write(`${flat(first)}, ${flat(value)}`);
        else {
          // A predicate too long to share its line with its value: the value hangs below it.
          this.print(first, inner, 1, true);
          this.write(',');
          this.newline(inner + INDENT);
          this.print(value, inner + INDENT, comma.length, true);
        }
        this.write(comma);
      });
    }
    this.newline(indent);
    this.write(doc.close);
  }

  /** Comma-separated items, as many a line as fit; the first continues the current line. */
  private fill(items: readonly string[], indent: number, trail: number): void {
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      const need = item.length + (last ? trail : 1);
      if (i > 0) {
        if (this.col + 1 + need <= this.width) this.write(' ');
        else this.newline(indent);
      }
      this.write(last ? item : `${item},`);
    });
  }
}
