import type { Node, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { newMap, newPair, newScalar, newSeq } from './yaml-fast-nodes.js';
import { blockValue, decline, DECLINE, doubleQuoted, singleQuoted, typedPlain, type BlockLine } from './yaml-fast-scalars.js';

/**
 * A fast front end for the YAML that Sigma rules are written in: block maps and sequences,
 * plain and quoted scalars on one line, `|`/`>` block scalars, one-line flow sequences of
 * scalars, comments and `---` separators. It builds the same nodes, with the same offsets,
 * as the `yaml` library (parseAllDocuments, YAML 1.2, core schema), which costs about as much
 * as everything else in reading a Sigma rule. Whatever it does not read exactly — anchors,
 * aliases, tags, flow maps, multi-line plain or quoted scalars, explicit or complex keys,
 * directives, duplicate keys, tabs, CR, BOM, control characters, odd indentation — makes it
 * decline (undefined), and the caller reads the file with the library, so the values and
 * every error message stay the library's. test/targets/sigma/reader/yaml-fast.test.ts
 * checks it against the library on generated documents.
 *
 * Offsets: a scalar's range[0] and range[1] are the library's (start, end of the value);
 * a collection's range[0] is its first key or `-` (`[` for a flow sequence). range[2] (the
 * end with trailing comments) is not reproduced; the Sigma reader does not read it.
 */
export interface FastYaml {
  /** One entry per YAML document, as the library counts them; null for an empty document. */
  readonly documents: readonly (YAMLMap | null)[];
  /** Offsets at which lines start, as the library's LineCounter records them. */
  readonly lineStarts: readonly number[];
}

/** Characters the fast path does not read: tab, CR, other controls, C1, LS/PS, BOM, non-characters. */
const UNREAD = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/**
 * Characters that cannot start a plain scalar here (YAML indicators, §5.3: any of
 * -?:,[]{}#&*!|>'"%@`), read by the library; by char code, as this is asked of every key and value.
 */
const INDICATORS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const ch of "-?:,[]{}#&*!|>'\"%@`") table[ch.charCodeAt(0)] = 1;
  return table;
})();
function isIndicator(c: number): boolean {
  return c < 128 && INDICATORS[c] === 1;
}
/** The spec's limit on an implicit key (§7.4.2); the library refuses longer ones. */
const MAX_KEY_LENGTH = 1024;
/** Deeper nesting than any Sigma rule has goes to the library (and its depth guard). */
const MAX_DEPTH = 64;

export function readFastYaml(text: string): FastYaml | undefined {
  if (UNREAD.test(text) || LONE_SURROGATE.test(text)) return undefined;
  try {
    return new FastReader(text).read();
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

/** A node read, and the first line after it: where reading goes on. */
interface Read<T> {
  readonly node: T;
  readonly next: number;
}

class FastReader {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Columns of each line's first non-space character; -1 for blank and comment-only lines. */
  private readonly indents: number[] = [];
  /** The end (exclusive line index) of the document being read. */
  private limit = 0;
  private depth = 0;
  /** The last plainEnd asked (`end` is always the end of the offset's line). */
  private plainFrom = -1;
  private plainTo = -1;

  constructor(private readonly text: string) {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      this.starts.push(start);
      this.ends.push(end);
      let i = start;
      while (i < end && text.charCodeAt(i) === 32) i++;
      this.indents.push(i === end || text.charCodeAt(i) === 35 ? -1 : i - start);
      if (nl < 0) break;
      start = nl + 1;
    }
  }

  read(): FastYaml {
    const { text, starts, ends } = this;
    const documents: (YAMLMap | null)[] = [];
    let from = 0;
    let explicit = false;
    for (let line = 0; line <= starts.length; line++) {
      if (line < starts.length) {
        const s = starts[line] as number;
        if (this.indents[line] !== 0) continue;
        const marker = text.startsWith('---', s) && (ends[line] === s + 3 || text.charCodeAt(s + 3) === 32);
        // Document end markers and directives are left to the library, as is `---` followed by more.
        if (marker && !this.onlyComment(s + 3, ends[line] as number)) decline();
        if (!marker && (text.startsWith('...', s) || text.startsWith('---', s) || text.charCodeAt(s) === 37)) decline();
        if (!marker) continue;
      }
      // A document ends here, at a `---` or at the end of the text.
      this.limit = line;
      const first = this.nextContent(from);
      // Comments and blank lines before the first `---` make no document of their own.
      if (explicit || first < line) documents.push(first < line ? this.root(first) : null);
      explicit = true;
      from = line + 1;
    }
    return { documents, lineStarts: starts };
  }

  private root(line: number): YAMLMap {
    if (this.indents[line] !== 0 || !this.keyAt(this.starts[line] as number, line)) decline();
    const { node, next } = this.map(line, 0);
    if (this.nextContent(next) < this.limit) decline();
    return node;
  }

  /** The first line at or after `line` (in this document) that holds more than a comment. */
  private nextContent(line: number): number {
    while (line < this.limit && this.indents[line] === -1) line++;
    return line;
  }

  private onlyComment(from: number, end: number): boolean {
    let i = from;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    return i === end || (i > from && this.text.charCodeAt(i) === 35);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) decline();
  }

  /** A block map whose keys sit at column `col`, the first on `line`. */
  private map(line: number, col: number): Read<YAMLMap> {
    this.enter();
    const map = newMap();
    map.range = [(this.starts[line] as number) + col, 0, 0];
    const seen = new Set<string>();
    let next: number;
    for (;;) {
      const start = (this.starts[line] as number) + col;
      const key = this.key(start, line);
      // Duplicate keys are errors in the library (uniqueKeys); it reports them.
      const name = String(key.node.value);
      if (seen.has(name)) decline();
      seen.add(name);
      const value = this.value(line, key.after, col, true);
      map.items.push(newPair(key.node, value.node));
      next = this.nextContent(value.next);
      if (next >= this.limit || (this.indents[next] as number) < col) break;
      if (this.indents[next] !== col) decline();
      line = next;
    }
    this.depth--;
    return { node: map, next };
  }

  /** A block sequence whose `-` sit at column `col`, the first on `line`. */
  private seq(line: number, col: number): Read<YAMLSeq> {
    this.enter();
    const seq = newSeq();
    seq.range = [(this.starts[line] as number) + col, 0, 0];
    let next: number;
    for (;;) {
      const dash = (this.starts[line] as number) + col;
      const value = this.value(line, dash + 1, col, false);
      seq.items.push(value.node);
      next = this.nextContent(value.next);
      if (next >= this.limit || (this.indents[next] as number) < col) break;
      if (this.indents[next] !== col) decline();
      // At the same column, a line that is no entry ends the sequence (a map key after an
      // indentless sequence); the caller checks that it may.
      if (!this.dashAt((this.starts[next] as number) + col, next)) break;
      line = next;
    }
    this.depth--;
    return { node: seq, next };
  }

  private dashAt(offset: number, line: number): boolean {
    return this.text.charCodeAt(offset) === 45 && (offset + 1 === this.ends[line] || this.text.charCodeAt(offset + 1) === 32);
  }

  /**
   * The value after a key's `:` or an entry's `-` at `from` on `line`, owned by the collection
   * at column `col`: on the same line, on the lines below (more indented), or an indentless
   * sequence below a key; nothing at all is a null scalar where the value would start.
   */
  private value(line: number, from: number, col: number, ofKey: boolean): Read<Node> {
    const { text } = this;
    const end = this.ends[line] as number;
    let p = from;
    while (p < end && text.charCodeAt(p) === 32) p++;
    if (p === end || (p > from && text.charCodeAt(p) === 35)) {
      const below = this.nextContent(line + 1);
      if (below < this.limit) {
        const indent = this.indents[below] as number;
        const at = (this.starts[below] as number) + indent;
        if (indent > col) return this.blockNode(below, indent);
        if (ofKey && indent === col && this.dashAt(at, below)) return this.seq(below, col);
      }
      return { node: this.scalar(null, p, p), next: line + 1 };
    }
    if (p === from) decline(); // `-x` is no entry; a key's `:` is always followed by a space here
    if (!ofKey) {
      if (this.dashAt(p, line)) decline(); // `- - x`: compact nested sequences
      if (this.keyAt(p, line)) return this.map(line, p - (this.starts[line] as number));
    }
    const read = this.inline(line, p, col);
    // A more-indented line after a value would continue it or be an error: the library's call.
    const below = this.nextContent(read.next);
    if (below < this.limit && (this.indents[below] as number) > col) decline();
    return read;
  }

  /** A map or sequence starting a line of its own. */
  private blockNode(line: number, col: number): Read<Node> {
    const at = (this.starts[line] as number) + col;
    if (this.dashAt(at, line)) return this.seq(line, col);
    if (this.keyAt(at, line)) return this.map(line, col);
    return decline(); // a scalar on the line below its key
  }

  /** Whether a key (a scalar followed by `: ` or `:` at the end of the line) starts at `offset`. */
  private keyAt(offset: number, line: number): boolean {
    const { text } = this;
    const end = this.ends[line] as number;
    const c = text.charCodeAt(offset);
    let colon: number;
    if (c === 39 || c === 34) {
      // Where the quotes close is enough here; the value is read by key() or inline(), which
      // decline whatever these scans let through (a bad escape).
      colon = c === 39 ? singleQuotedClose(text, offset, end) : doubleQuotedClose(text, offset, end);
    } else {
      if (isIndicator(c)) return false;
      colon = this.plainEnd(offset, end);
    }
    return text.charCodeAt(colon) === 58 && (colon + 1 === end || text.charCodeAt(colon + 1) === 32);
  }

  /** Where a plain scalar starting at `offset` stops: at `: `, a final `:`, ` #` or the line's end. */
  private plainEnd(offset: number, end: number): number {
    // A list entry is scanned by keyAt (is it a map?) and then read by inline: the same scan.
    if (offset === this.plainFrom) return this.plainTo;
    const { text } = this;
    let i = offset;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 58 && (i + 1 === end || text.charCodeAt(i + 1) === 32)) break;
      if (c === 35 && text.charCodeAt(i - 1) === 32) break;
    }
    this.plainFrom = offset;
    this.plainTo = i;
    return i;
  }

  private key(start: number, line: number): { node: Scalar; after: number } {
    const { text } = this;
    const end = this.ends[line] as number;
    const c = text.charCodeAt(start);
    let node: Scalar;
    let close: number;
    if (c === 39 || c === 34) {
      const quoted = c === 39 ? singleQuoted(text, start, end) : doubleQuoted(text, start, end);
      close = quoted.close;
      node = this.scalar(quoted.value, start, close);
    } else {
      if (isIndicator(c)) decline();
      close = this.plainEnd(start, end);
      // `key :` (space before the colon) is left to the library.
      if (text.charCodeAt(close - 1) === 32) decline();
      node = this.scalar(typedPlain(text.slice(start, close)), start, close);
    }
    if (close - start > MAX_KEY_LENGTH) decline();
    if (text.charCodeAt(close) !== 58 || (close + 1 !== end && text.charCodeAt(close + 1) !== 32)) decline();
    return { node, after: close + 1 };
  }

  /** A value that starts on its line at `p`: a scalar, a one-line flow sequence or a block scalar. */
  private inline(line: number, p: number, col: number): Read<Node> {
    const { text } = this;
    const end = this.ends[line] as number;
    const c = text.charCodeAt(p);
    let node: Node;
    let close: number;
    if (c === 39 || c === 34) {
      const quoted = c === 39 ? singleQuoted(text, p, end) : doubleQuoted(text, p, end);
      close = quoted.close;
      node = this.scalar(quoted.value, p, close);
    } else if (c === 91) {
      const flow = this.flowSeq(p, end);
      close = flow.close;
      node = flow.node;
    } else if (c === 124 || c === 62) {
      return this.blockScalar(line, p, col);
    } else {
      // `-` may start a plain scalar (`-1`, `-foo`) when no space follows it.
      if (isIndicator(c) && !(c === 45 && p + 1 < end && text.charCodeAt(p + 1) !== 32)) decline();
      close = this.plainEnd(p, end);
      while (text.charCodeAt(close - 1) === 32) close--;
      node = this.scalar(typedPlain(text.slice(p, close)), p, close);
    }
    if (!this.onlyComment(close, end)) decline();
    return { node, next: line + 1 };
  }

  /** `[a, 'b', "c"]` on one line: scalars only, no empty entries. */
  private flowSeq(open: number, end: number): { node: YAMLSeq; close: number } {
    const { text } = this;
    const seq = newSeq();
    seq.flow = true;
    seq.range = [open, 0, 0];
    let i = open + 1;
    const skip = (): void => {
      while (i < end && text.charCodeAt(i) === 32) i++;
    };
    skip();
    if (text.charCodeAt(i) === 93) return { node: seq, close: i + 1 };
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 39 || c === 34) {
        const quoted = c === 39 ? singleQuoted(text, i, end) : doubleQuoted(text, i, end);
        seq.items.push(this.scalar(quoted.value, i, quoted.close));
        i = quoted.close;
      } else {
        if (i >= end || isIndicator(c)) decline();
        let j = i;
        // Flow plain scalars stop at `,` and `]`; `:`, `#`, brackets and braces are declined.
        while (j < end && !isFlowStop(text.charCodeAt(j))) j++;
        if (j === end || text.charCodeAt(j) === 58 || text.charCodeAt(j) === 35 || text.charCodeAt(j) === 91 || text.charCodeAt(j) === 123 || text.charCodeAt(j) === 125) decline();
        let k = j;
        while (text.charCodeAt(k - 1) === 32) k--;
        seq.items.push(this.scalar(typedPlain(text.slice(i, k)), i, k));
        i = j;
      }
      skip();
      const sep = text.charCodeAt(i);
      if (sep === 93) return { node: seq, close: i + 1 };
      if (sep !== 44) decline();
      i++;
      skip();
      if (text.charCodeAt(i) === 93) decline(); // a trailing comma
    }
  }

  /**
   * `|`, `|-`, `>` or `>-` (then maybe a comment) ending the line, then lines indented alike below (empty
   * lines allowed between them). Other headers, leading empty lines, lines with only spaces and
   * more-indented lines are declined.
   */
  private blockScalar(line: number, p: number, col: number): Read<Node> {
    const { text } = this;
    const end = this.ends[line] as number;
    const folded = text.charCodeAt(p) === 62;
    const strip = text.charCodeAt(p + 1) === 45;
    if (!this.onlyComment(strip ? p + 2 : p + 1, end)) decline();
    const first = line + 1;
    if (first >= this.limit) decline();
    // Measured here: a first line starting with `#` is content, which `indents` counts as a comment.
    let contentIndent = 0;
    const firstStart = this.starts[first] as number;
    while (text.charCodeAt(firstStart + contentIndent) === 32) contentIndent++;
    if (contentIndent <= col || firstStart + contentIndent === this.ends[first]) decline();
    const lines: BlockLine[] = [];
    let last = first;
    let i = first;
    for (; i < this.limit; i++) {
      const s = this.starts[i] as number;
      const e = this.ends[i] as number;
      if (s === e) {
        lines.push({ indent: 0, content: '' });
        continue;
      }
      let indent = 0;
      while (s + indent < e && text.charCodeAt(s + indent) === 32) indent++;
      if (s + indent === e) decline(); // a line of spaces only
      if (indent < contentIndent) break;
      lines.push({ indent, content: text.slice(s + indent, e) });
      last = i;
    }
    // The block ends at a line less indented than its content: a comment, or a line of a
    // collection around it, not text between the two indentations.
    if (i < this.limit && (this.indents[i] as number) > col) decline();
    lines.length = last - first + 1;
    const value = blockValue(lines, folded, strip, contentIndent);
    const valueEnd = last + 1 < this.starts.length ? (this.starts[last + 1] as number) : text.length;
    return { node: this.scalar(value, p, valueEnd), next: last + 1 };
  }

  private scalar(value: string | number | boolean | null, start: number, end: number): Scalar {
    return newScalar(value, [start, end, end]);
  }
}

/** One of `,]:#[{}`, where a flow plain scalar stops (or is declined). */
function isFlowStop(c: number): boolean {
  return c === 44 || c === 93 || c === 58 || c === 35 || c === 91 || c === 123 || c === 125;
}

/** Just after the `'` closing the single-quoted scalar at `start` (`''` is one quote); declined unless on this line. */
function singleQuotedClose(text: string, start: number, end: number): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0 || q >= end) return decline();
    if (text.charCodeAt(q + 1) !== 39) return q + 1;
    i = q + 2;
  }
}

/**
 * Just after the `"` closing the double-quoted scalar at `start`, a backslash taking the next
 * character with it (an escape's further characters are hex digits, never a quote); declined
 * unless on this line. Whether the escapes are valid is doubleQuoted's question.
 */
function doubleQuotedClose(text: string, start: number, end: number): number {
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i + 1;
    if (c === 92) i++;
  }
  return decline();
}
