import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { positionAt, SourceError, type Diagnostic, type SourcePosition } from '../diagnostics.js';
import type { JsonValue } from '../ir/value.js';

/**
 * A YAML file read for its data *and* its positions, so every later complaint (schema,
 * semantics) can point at the line and column the author wrote. Untrusted input: the size is
 * bounded, duplicate keys are errors (YAML says keys are unique; a silent "last one wins"
 * would drop what the author wrote), and alias expansion is capped against billion-laughs.
 */
export const MAX_RULE_FILE_BYTES = 1_000_000;
const MAX_ALIAS_COUNT = 100;
/** Far beyond any real rule (conditions nest a handful of levels), far below any stack limit. */
export const MAX_NESTING = 64;

export type PathSegment = string | number;

export interface YamlSource {
  readonly file: string;
  readonly text: string;
  readonly value: JsonValue;
  /** Where the node at `path` starts; with `key`, where its key in the parent map starts. */
  positionOf(path: readonly PathSegment[], key?: boolean): SourcePosition;
}

export function readYamlSource(text: string, file: string): YamlSource {
  if (text.length > MAX_RULE_FILE_BYTES) {
    throw SourceError.at(file, 1, 1, `file is larger than ${MAX_RULE_FILE_BYTES} bytes`);
  }
  if (text.includes('\uFFFD')) {
    // The decoder replaced bytes that were not UTF-8; say so rather than read mangled values.
    const at = positionAt(text, text.indexOf('\uFFFD'));
    throw SourceError.at(file, at.line, at.col, 'file is not valid UTF-8');
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  const problems: Diagnostic[] = doc.errors.map((e) => {
    const at = positionAt(text, e.pos[0]);
    const tooDeep = /call stack/i.test(e.message);
    return { file, position: at, severity: 'error', message: tooDeep ? `nesting is deeper than this reader allows` : yamlMessage(e.message) };
  });
  if (problems.some((p) => p.message.startsWith('nesting'))) throw new SourceError(problems.slice(0, 1));
  if (problems.length > 0) throw new SourceError(problems);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    throw SourceError.at(file, 1, 1, `cannot read YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const deep = firstTooDeep(value, MAX_NESTING);
  if (deep) throw SourceError.at(file, ...lineCol(text, offsetOf(doc, deep, false)), `nesting is deeper than ${MAX_NESTING} levels`);
  return {
    file,
    text,
    value: (value ?? null) as JsonValue,
    positionOf: (path, key = false) => positionAt(text, offsetOf(doc, path, key)),
  };
}

/** The first line of the yaml library's message, without its own position suffix. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function offsetOf(doc: Document, path: readonly PathSegment[], key: boolean): number {
  let node: Node | null | undefined = doc.contents as Node | null;
  let keyOffset: number | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyOffset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      keyOffset = undefined;
      node = item as Node | null;
    } else {
      break;
    }
  }
  if (key && keyOffset !== undefined) return keyOffset;
  return node?.range?.[0] ?? keyOffset ?? 0;
}

function lineCol(text: string, offset: number): [number, number] {
  const p = positionAt(text, offset);
  return [p.line, p.col];
}

/** The path of the first node nested deeper than `max`, found without recursion. */
function firstTooDeep(value: unknown, max: number): PathSegment[] | undefined {
  const stack: { v: unknown; path: PathSegment[] }[] = [{ v: value, path: [] }];
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: PathSegment[] };
    if (v === null || typeof v !== 'object') continue;
    if (path.length > max) return path;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push({ v: x, path: [...path, i] }));
    else for (const [k, x] of Object.entries(v)) stack.push({ v: x, path: [...path, k] });
  }
  return undefined;
}
