import { isAlias, isMap, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { mapPacked } from '../../packed-map.js';
import { SourceError, type SourcePosition } from '../../diagnostics.js';
import type { SigmaScalar } from './ast.js';

/** Aliases are resolved, but only this many per document (billion-laughs guard, as src/rule/yaml-source.ts). */
export const MAX_ALIASES_PER_DOCUMENT = 100;

/**
 * One YAML document of a Sigma file, read node by node so that every value keeps the position
 * the author wrote it at. Errors are SourceErrors at that position.
 */
export class YamlDocumentReader {
  private aliases = 0;
  /** The line (0-based) of the last position asked: positions are mostly asked in file order. */
  private lastLine = 0;

  constructor(
    readonly sourceName: string,
    readonly text: string,
    /** Null when the fast front end read the file: it declines any file with aliases. */
    private readonly doc: Document | null,
    private readonly lines: LineCounter,
  ) {}

  /**
   * The library's LineCounter.linePos (1-based line and column), found from the line of the
   * last position asked instead of by a binary search from scratch: a rule asks some 65
   * positions, nearly all on that line or a few lines after or before it (a collection's own
   * position is asked after its entries'). Only for the fast front end's line starts, which
   * strictly ascend by construction; the library's are searched by linePos.
   */
  positionAt(offset: number): SourcePosition {
    const at = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lines.lineStarts;
    const n = starts.length;
    // Offsets before the first line start (line 0 in linePos's terms) are left to linePos too.
    if (this.doc !== null || n === 0 || at < (starts[0] as number)) return this.lines.linePos(at);
    // The last line starting at or before the offset: a few steps from the hint, else a search
    // on that side of it.
    let line = Math.min(this.lastLine, n - 1);
    if ((starts[line] as number) > at) {
      for (let steps = 0; (starts[line] as number) > at; steps++) {
        if (steps === 8) {
          line = lastStartAtOrBefore(starts, at, 0, line);
          break;
        }
        line--;
      }
    } else {
      for (let steps = 0; line + 1 < n && (starts[line + 1] as number) <= at; steps++) {
        if (steps === 8) {
          line = lastStartAtOrBefore(starts, at, line + 1, n);
          break;
        }
        line++;
      }
    }
    this.lastLine = line;
    return { line: line + 1, col: at - (starts[line] as number) + 1 };
  }

  positionOf(node: Node | null | undefined, fallback = 0): SourcePosition {
    return this.positionAt(node?.range?.[0] ?? fallback);
  }

  fail(at: Node | SourcePosition | null | undefined, message: string): never {
    const p = at && 'line' in at ? at : this.positionOf(at as Node | null | undefined);
    throw SourceError.at(this.sourceName, p.line, p.col, message);
  }

  /** The node behind an alias (`*x`), counted against the cap. */
  resolve(node: unknown): Node | null {
    if (node === null || node === undefined) return null;
    // The fast front end declines every file with an alias: none of its nodes is one.
    if (this.doc === null) return node as Node;
    if (isAlias(node)) {
      this.aliases++;
      if (this.aliases > MAX_ALIASES_PER_DOCUMENT) this.fail(node, `more than ${MAX_ALIASES_PER_DOCUMENT} aliases in one document`);
      const target = this.doc ? node.resolve(this.doc) : undefined;
      if (!target) this.fail(node, `alias *${node.source} has no anchor`);
      return this.resolve(target);
    }
    return node as Node;
  }

  /** The pairs of a map with their keys as text; a key that is not a scalar is an error. */
  pairs(map: YAMLMap): { key: string; keyNode: Scalar; value: Node | null; pair: Pair }[] {
    // A loop, not mapPacked with a closure: every map of every rule comes here.
    const out: { key: string; keyNode: Scalar; value: Node | null; pair: Pair }[] = [];
    const items = map.items;
    for (let i = 0; i < items.length; i++) {
      const pair = items[i] as Pair;
      const keyNode = this.resolve(pair.key);
      if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) this.fail(keyNode, 'a map key must be a plain value');
      const key = keyNode.value === null ? '' : String(keyNode.value);
      out.push({ key, keyNode, value: this.resolve(pair.value), pair });
    }
    return out;
  }

  asMap(node: Node | null, what: string, at?: Node | SourcePosition): YAMLMap {
    if (!isMap(node)) this.fail(node ?? at, `${what} must be a map`);
    return node;
  }

  asSeq(node: Node | null): YAMLSeq | undefined {
    return isSeq(node) ? node : undefined;
  }

  /** A scalar's value as YAML 1.2 typed it (strings, numbers, booleans, null). */
  scalar(node: Node | null, what: string, at?: Node | SourcePosition): SigmaScalar {
    if (node === null) return null;
    if (!isScalar(node)) this.fail(node ?? at, `${what} must be a single value, not a ${isMap(node) ? 'map' : 'list'}`);
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) this.fail(node, `${what}: ${String(node.source)} is not a finite number`);
      return v;
    }
    if (typeof v === 'bigint') return Number(v);
    return this.fail(node, `${what} has a value this reader does not understand`);
  }

  string(node: Node | null, what: string, at?: Node | SourcePosition): string {
    const v = this.scalar(node, what, at);
    if (typeof v !== 'string') this.fail(node ?? at, `${what} must be text`);
    return v;
  }

  /** A string, or a list of strings (Sigma accepts both for `author`, `falsepositives`, ...). */
  strings(node: Node | null, what: string, at?: Node | SourcePosition): string[] {
    if (node === null) return [];
    const seq = this.asSeq(node);
    if (!seq) return [this.textOf(node, what, at)];
    return mapPacked(seq.items, (item) => this.textOf(this.resolve(item), `an entry of ${what}`, at));
  }

  /** A scalar written as text; numbers and booleans as their string forms. */
  textOf(node: Node | null, what: string, at?: Node | SourcePosition): string {
    const v = this.scalar(node, what, at);
    if (v === null) this.fail(node ?? at, `${what} is empty`);
    return String(v);
  }

  /**
   * Where the character at `index` of a scalar's value sits in the file: exact when the value
   * appears verbatim in its source (plain, or quoted without escapes on one line), otherwise
   * the scalar's start.
   */
  positionInScalar(node: Node, value: string, index: number): SourcePosition {
    return this.scalarPositions(node, value)(index);
  }

  /**
   * positionInScalar for many indexes of one value: the value is found in the file once, so a
   * condition of thousands of identifiers costs one search, not one per identifier.
   */
  scalarPositions(node: Node, value: string): (index: number) => SourcePosition {
    const [start, end] = node.range ?? [0, 0];
    const found = this.text.slice(start, end).indexOf(value);
    return found < 0 ? () => this.positionAt(start) : (index) => this.positionAt(start + found + index);
  }
}

/** The last index in [from, to) of the sorted `starts` whose value is at most `at` (starts[from] <= at). */
function lastStartAtOrBefore(starts: readonly number[], at: number, from: number, to: number): number {
  let low = from;
  let high = to;
  // Invariant: starts[low] <= at, and every index at or past `high` starts after `at`.
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if ((starts[mid] as number) <= at) low = mid;
    else high = mid;
  }
  return low;
}

export { isMap, isScalar, isSeq, Scalar };
