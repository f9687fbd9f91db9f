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
  | { readonly kind: 'text'; readonly text: string; readonly flat: string }
  | { readonly kind: 'concat'; readonly parts: readonly Doc[]; readonly flat: string }
  | { readonly kind: 'chain'; readonly op: 'and' | 'or'; readonly operands: readonly Doc[]; readonly flat: string }
  | { readonly kind: 'bracket'; readonly open: string; readonly items: readonly Doc[]; readonly close: string; readonly style: BracketStyle; readonly flat: string }
  | { readonly kind: 'columns'; readonly items: readonly string[]; readonly flat: string };

/** `lines`: one item a line; `pairs`: two a line (case's predicate and value), the odd last alone; `fill`: as many as fit. */
export type BracketStyle = 'lines' | 'pairs' | 'fill';

/** Lines up to this many columns stay whole. */
export const WIDTH = 100;
const INDENT = 4;

/*
 * Every piece carries its one-line text (`flat`), made when the piece is made from its
 * children's: the printer asks each piece whether it fits, and most do, so the text is
 * needed anyway, and building it bottom-up writes each character once per level.
 */
export const text = (t: string): Doc => ({ kind: 'text', text: t, flat: t });
export const concat = (...parts: readonly Doc[]): Doc => ({ kind: 'concat', parts, flat: joinFlat(parts, '') });
export const bracket = (open: string, items: readonly Doc[], close: string, style: BracketStyle): Doc => ({
  kind: 'bracket',
  open,
  items,
  close,
  style,
  flat: open + joinFlat(items, ', ') + close,
});
/** A comma-separated column list continuing on indented lines (`project`, `sort by`). */
export const columns = (items: readonly string[]): Doc => ({ kind: 'columns', items, flat: items.join(', ') });
/** A parenthesised value list: `("a", "b")`. */
export const valueList = (values: readonly string[]): Doc => bracket('(', values.map(text), ')', 'fill');
/** A call with its arguments: `name(a, b)`. */
export const call = (name: string, args: readonly Doc[]): Doc => bracket(`${name}(`, args, ')', 'lines');

/** Operands of the same operator join one chain, as `a and (b and c)` reads `a and b and c`. */
export function chain(op: 'and' | 'or', operands: readonly Doc[]): Doc {
  // Most chains have no operand to merge: the operands as given, no copy.
  if (!holdsChain(operands, op)) return operands.length === 1 ? (operands[0] as Doc) : { kind: 'chain', op, operands, flat: joinFlat(operands, op === 'and' ? ' and ' : ' or ') };
  const flat: Doc[] = [];
  for (let i = 0; i < operands.length; i++) {
    const o = operands[i] as Doc;
    if (o.kind !== 'chain' || o.op !== op) flat.push(o);
    else for (let j = 0; j < o.operands.length; j++) flat.push(o.operands[j] as Doc);
  }
  return flat.length === 1 ? (flat[0] as Doc) : { kind: 'chain', op, operands: flat, flat: joinFlat(flat, op === 'and' ? ' and ' : ' or ') };
}

function holdsChain(operands: readonly Doc[], op: 'and' | 'or'): boolean {
  for (let i = 0; i < operands.length; i++) {
    const o = operands[i] as Doc;
    if (o.kind === 'chain' && o.op === op) return true;
  }
  return false;
}

function joinFlat(docs: readonly Doc[], separator: string): string {
  let s = '';
  for (let i = 0; i < docs.length; i++) s += i === 0 ? (docs[i] as Doc).flat : separator + (docs[i] as Doc).flat;
  return s;
}

/** The piece on one line. */
export function flat(doc: Doc): string {
  return doc.flat;
}

/** A query: statements (lets, the source) each on its own line(s), then `| stage` lines. */
export function printQuery(statements: readonly Doc[], stages: readonly Doc[], width = WIDTH): string {
  const p = new Printer(width);
  for (const s of statements) p.line(s, '');
  for (const s of stages) p.line(s, '| ');
  return p.done();
}

/** A line break and the next line's indentation: made once for the indentations a query reaches. */
function lineBreak(indent: number): string {
  return LINE_BREAKS[indent] ?? '\n' + ' '.repeat(indent);
}

const LINE_BREAKS: readonly string[] = Array.from({ length: 64 }, (_, indent) => '\n' + ' '.repeat(indent));

class Printer {
  /**
   * The pieces, joined once at the end into one flat string: appending to a string instead
   * would return a tree of every piece (V8 flattens only when the text is read), which a
   * caller keeping many queries would keep alive, several times the text's size.
   */
  private readonly out: string[] = [];
  private col = 0;

  constructor(private readonly width: number) {}

  line(doc: Doc, lead: string): void {
    this.out.push(lead);
    this.col = lead.length;
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
    this.out.push(lineBreak(indent));
    this.col = indent;
  }

  /**
   * `indent`: where lines this piece breaks onto start; `trail`: characters that follow it on
   * its last line; `hang`: a chain that starts mid-line continues one indent deeper (inside a
   * lone bracket it starts its own line and its operators align under it).
   */
  private print(doc: Doc, indent: number, trail: number, hang: boolean): void {
    const flat = doc.flat;
    if (doc.kind === 'text' || this.col + flat.length + trail <= this.width) {
      // write(), said here: most pieces fit, and this runs for every one of them.
      this.out.push(flat);
      this.col += flat.length;
      return;
    }
    switch (doc.kind) {
      case 'concat': {
        let rest = doc.flat.length;
        for (let i = 0; i < doc.parts.length; i++) {
          const part = doc.parts[i] as Doc;
          rest -= part.flat.length;
          this.print(part, indent, rest + trail, hang);
        }
        return;
      }
      case 'chain': {
        const inner = hang ? indent + INDENT : indent;
        const operands = doc.operands;
        const lead = `${doc.op} `;
        for (let i = 0; i < operands.length; i++) {
          if (i > 0) {
            this.newline(inner);
            this.write(lead);
          }
          this.print(operands[i] as Doc, inner, i === operands.length - 1 ? trail : 0, true);
        }
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
    const items = doc.items;
    this.write(doc.open);
    if (doc.style === 'fill') {
      this.newline(inner);
      this.fill(items.map(flat), inner, 0);
    } else {
      // One item a row (`lines`) or two (`pairs`: a predicate and its value, the odd last alone).
      const size = doc.style === 'pairs' ? 2 : 1;
      for (let i = 0; i < items.length; i += size) {
        const comma = i + size >= items.length ? '' : ',';
        this.newline(inner);
        const first = items[i] as Doc;
        const value = size === 2 ? items[i + 1] : undefined;
        if (value === undefined) this.print(first, inner, comma.length, items.length > 1);
        else if (inner + first.flat.length + 2 + value.flat.length + comma.length <= this.width) this.write(`${first.flat}, ${value.flat}`);
        else {
          // A predicate too long to share its line with its value: the value hangs below it.
          this.print(first, inner, 1, true);
          this.write(',');
          this.newline(inner + INDENT);
          this.print(value, inner + INDENT, comma.length, true);
        }
        this.write(comma);
      }
    }
    this.newline(indent);
    this.write(doc.close);
  }

  /** Comma-separated items, as many a line as fit; the first continues the current line. */
  private fill(items: readonly string[], indent: number, trail: number): void {
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as string;
      const last = i === items.length - 1;
      const need = item.length + (last ? trail : 1);
      if (i > 0) {
        if (this.col + 1 + need <= this.width) this.write(' ');
        else this.newline(indent);
      }
      this.write(last ? item : `${item},`);
    }
  }
}
