import { LineCounter, parseAllDocuments, type Document, type Node, type YAMLMap } from 'yaml';
import { mapPacked } from '../../packed-map.js';
import { positionAt, SourceError, type Diagnostic, type SourcePosition } from '../../diagnostics.js';
import { MAX_RULE_FILE_BYTES } from '../../rule/yaml-source.js';
import type {
  SigmaCorrelationDocument,
  SigmaDocument,
  SigmaFilterDocument,
  SigmaLogsource,
  SigmaRelated,
  SigmaRuleDocument,
  SigmaRuleSet,
  SigmaValue,
} from './ast.js';
import type { Placeholders } from './item-values.js';
import { readDetection } from './read-detection.js';
import { readFastYaml } from './yaml-fast.js';
import { isMap, isScalar, isSeq, YamlDocumentReader } from './yaml-nodes.js';

export interface SigmaParseOptions {
  /** Values for `expand` placeholders (`%Servers%` → ['srv1', 'srv2']). */
  readonly placeholders?: Placeholders;
}

/** Most documents one file may hold; SigmaHQ's largest multi-document files hold a handful. */
export const MAX_DOCUMENTS = 1000;

/**
 * Reads a Sigma file: one or more YAML documents separated by `---`, each a detection rule, a
 * filter (`filter:`) or a correlation (`correlation:`, kept only to be refused later). The
 * limits are the rule loader's (src/rule/yaml-source.ts): 1 MB, valid UTF-8, duplicate keys
 * are errors, aliases capped. Every error is a SourceError at file:line:col.
 */
export function parseSigma(text: string, sourceName: string, options: SigmaParseOptions = {}): SigmaRuleSet {
  if (text.length > MAX_RULE_FILE_BYTES) throw SourceError.at(sourceName, 1, 1, `file is larger than ${MAX_RULE_FILE_BYTES} bytes`);
  if (text.includes('\uFFFD')) {
    const at = positionAt(text, text.indexOf('\uFFFD'));
    throw SourceError.at(sourceName, at.line, at.col, 'file is not valid UTF-8');
  }
  const { docs, lines } = readYaml(text, sourceName);
  if (docs.length > MAX_DOCUMENTS) throw SourceError.at(sourceName, 1, 1, `more than ${MAX_DOCUMENTS} documents in one file`);
  const documents: SigmaDocument[] = [];
  docs.forEach(({ doc, contents: node }, index) => {
    const r = new YamlDocumentReader(sourceName, text, doc, lines);
    const contents = r.resolve(node);
    // An empty document (two `---` in a row, or a trailing one) holds nothing to read.
    if (contents === null || (isScalar(contents) && contents.value === null)) return;
    documents.push(readDocument(r, r.asMap(contents, 'a Sigma document'), index, options.placeholders));
  });
  if (documents.length === 0) throw SourceError.at(sourceName, 1, 1, 'the file holds no Sigma document');
  return { sourceName, text, documents };
}

interface YamlDocuments {
  /** Each document's library Document (null from the fast front end, which has no aliases) and root node. */
  readonly docs: readonly { readonly doc: Document | null; readonly contents: unknown }[];
  readonly lines: LineCounter;
}

/**
 * The YAML documents of a file: by the fast front end when the file is inside the subset it
 * reads exactly (yaml-fast.ts), else by the `yaml` library, whose errors are reported here.
 */
function readYaml(text: string, sourceName: string): YamlDocuments {
  const fast = readFastYaml(text);
  if (fast) {
    const lines = new LineCounter();
    // The offsets addNewLine would push one by one, in the same ascending order; the fast
    // reader is done with its array.
    lines.lineStarts = fast.lineStarts as number[];
    return { docs: mapPacked(fast.documents, (contents) => ({ doc: null, contents })), lines };
  }
  const lines = new LineCounter();
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', lineCounter: lines }) as Document[];
  } catch (err) {
    if (err instanceof RangeError) throw SourceError.at(sourceName, 1, 1, 'nesting is deeper than this reader allows');
    throw err;
  }
  if (!Array.isArray(docs)) docs = [];
  const problems: Diagnostic[] = docs.flatMap((d) =>
    d.errors.map((e) => ({
      file: sourceName,
      position: positionAt(text, e.pos[0]),
      severity: 'error' as const,
      message: /call stack/i.test(e.message) ? 'nesting is deeper than this reader allows' : yamlMessage(e.message),
    })),
  );
  if (problems.length > 0) throw new SourceError(problems);
  return { docs: docs.map((doc) => ({ doc, contents: doc.contents })), lines };
}

function yamlMessage(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function readDocument(r: YamlDocumentReader, map: YAMLMap, index: number, placeholders: Placeholders | undefined): SigmaDocument {
  const fields = new Map<string, MapEntry>();
  for (const p of r.pairs(map)) fields.set(p.key, p);
  const node = (key: string): Node | null => fields.get(key)?.value ?? null;
  const keyOf = (key: string): Node | undefined => fields.get(key)?.keyNode;
  const optionalText = (key: string): string | undefined => {
    const entry = fields.get(key);
    return entry ? r.textOf(entry.value, key, entry.keyNode) : undefined;
  };
  const action = fields.get('action');
  if (action) r.fail(action.keyNode, 'Sigma 1.0 collection actions (action: global / reset / repeat) are not supported; write each rule in full');
  const position = r.positionOf(map);
  const titleNode = fields.get('title');
  if (!titleNode) r.fail(map, 'a Sigma document needs a title');
  // Built by assignment, keys in the order the document type lists them, optional ones only
  // when present: one object per document instead of a spread copy per optional field.
  const title = r.string(titleNode.value, 'title', titleNode.keyNode);
  const id = optionalText('id');
  const name = optionalText('name');
  // The fields every document kind has after its kind and title, in that order (one key order,
  // so one object shape per kind).
  const stampHeader = (doc: Writable<Pick<SigmaDocument, 'id' | 'name' | 'position' | 'index'>>): void => {
    if (id !== undefined) doc.id = id;
    if (name !== undefined) doc.name = name;
    doc.position = position;
    doc.index = index;
  };
  if (fields.has('correlation')) {
    const body = r.asMap(node('correlation'), 'correlation', keyOf('correlation'));
    const typePair = r.pairs(body).find((p) => p.key === 'type');
    const doc = { kind: 'correlation', title } as Writable<SigmaCorrelationDocument>;
    stampHeader(doc);
    if (typePair) doc.correlationType = r.textOf(typePair.value, 'correlation type', typePair.keyNode);
    return doc;
  }
  if (fields.has('filter')) {
    if (fields.has('detection')) r.fail(keyOf('detection'), 'a filter document has its search identifiers under filter, not detection');
    const body = r.asMap(node('filter'), 'filter', keyOf('filter'));
    const rulesPair = r.pairs(body).find((p) => p.key === 'rules');
    if (!rulesPair) r.fail(body, 'a filter needs rules: the ids or names of the rules it applies to');
    const rulesNode = rulesPair.value;
    const ruleNodes = isSeq(rulesNode) ? rulesNode.items.map((i) => r.resolve(i)) : [rulesNode];
    const rules: SigmaValue[] = ruleNodes.map((n) => ({ value: r.textOf(n, 'a rule of the filter', rulesPair.keyNode), position: r.positionOf(n ?? rulesPair.keyNode) }));
    if (rules.length === 0) r.fail(rulesNode ?? rulesPair.keyNode, 'a filter needs at least one rule id or name');
    const doc = { kind: 'filter', title } as Writable<SigmaFilterDocument>;
    stampHeader(doc);
    const description = optionalText('description');
    if (description !== undefined) doc.description = description;
    if (fields.has('logsource')) doc.logsource = readLogsource(r, node('logsource'), keyOf('logsource'));
    doc.rules = rules;
    doc.detection = readDetection(r, body, placeholders, new Set(['rules']));
    return doc;
  }
  if (!fields.has('logsource')) r.fail(map, 'a Sigma rule needs a logsource');
  if (!fields.has('detection')) r.fail(map, 'a Sigma rule needs a detection');
  const detectionMap = r.asMap(node('detection'), 'detection', keyOf('detection'));
  const doc = { kind: 'rule', title } as Writable<SigmaRuleDocument>;
  stampHeader(doc);
  // Read in the order the fields were read before (the first error found is the same one).
  const status = optionalText('status');
  if (status !== undefined) doc.status = status;
  const description = optionalText('description');
  if (description !== undefined) doc.description = description;
  const license = optionalText('license');
  if (license !== undefined) doc.license = license;
  const author = optionalText('author');
  if (author !== undefined) doc.author = author;
  doc.references = r.strings(node('references'), 'references', keyOf('references'));
  const date = optionalText('date');
  if (date !== undefined) doc.date = date;
  const modified = optionalText('modified');
  if (modified !== undefined) doc.modified = modified;
  const tags = node('tags');
  doc.tags = r.strings(tags, 'tags', keyOf('tags'));
  doc.tagPositions = entryPositions(r, tags);
  doc.related = readRelated(r, node('related'), keyOf('related'));
  doc.logsource = readLogsource(r, node('logsource'), keyOf('logsource'));
  doc.detection = readDetection(r, detectionMap, placeholders);
  const fieldList = node('fields');
  doc.fields = r.strings(fieldList, 'fields', keyOf('fields'));
  doc.fieldPositions = entryPositions(r, fieldList);
  doc.falsepositives = r.strings(node('falsepositives'), 'falsepositives', keyOf('falsepositives'));
  const level = optionalText('level');
  if (level !== undefined) doc.level = level;
  if (fields.has('scope')) doc.scope = r.strings(node('scope'), 'scope', keyOf('scope'));
  return doc;
}

/** A document under construction: its fields are assigned one by one, in order. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };
type MapEntry = ReturnType<YamlDocumentReader['pairs']>[number];

function readLogsource(r: YamlDocumentReader, node: Node | null, at: Node | undefined): SigmaLogsource {
  const map = r.asMap(node, 'logsource', at);
  // The keys in the order written, then the position, set in place: a spread copy of an
  // object whose keys vary from rule to rule is the engine's slowest way to make one.
  const out: { category?: string; product?: string; service?: string; position?: SourcePosition } = {};
  const pairs = r.pairs(map);
  for (let i = 0; i < pairs.length; i++) {
    const { key, keyNode, value } = pairs[i] as (typeof pairs)[number];
    if (key === 'category' || key === 'product' || key === 'service') out[key] = r.textOf(value, `logsource ${key}`, keyNode);
  }
  if (out.category === undefined && out.product === undefined && out.service === undefined) {
    r.fail(map, 'logsource needs a category, product or service');
  }
  out.position = r.positionOf(map);
  return out as SigmaLogsource;
}

function readRelated(r: YamlDocumentReader, node: Node | null, at: Node | undefined): SigmaRelated[] {
  if (node === null) return [];
  if (!isSeq(node)) r.fail(node, 'related must be a list of {id, type}');
  return node.items.map((i) => {
    const item = r.resolve(i);
    if (!isMap(item)) r.fail(item ?? at, 'an entry of related must be a map {id, type}');
    const pairs = new Map(r.pairs(item).map((p) => [p.key, p] as const));
    const id = pairs.get('id');
    const type = pairs.get('type');
    if (!id || !type) r.fail(item, 'an entry of related needs id and type');
    return {
      id: r.textOf(id.value, 'related id', id.keyNode),
      type: r.textOf(type.value, 'related type', type.keyNode),
      typePosition: r.positionOf(type.value ?? type.keyNode),
    };
  });
}

/** Where each entry of a string-or-list value is written, in the order `r.strings` reads them. */
function entryPositions(r: YamlDocumentReader, node: Node | null): SourcePosition[] {
  if (node === null) return [];
  const seq = r.asSeq(node);
  // The item node itself (an alias where one is written): resolving again would count the
  // alias against the document's cap a second time.
  return seq ? mapPacked(seq.items, (item) => r.positionOf((item as Node | null) ?? node)) : [r.positionOf(node)];
}
