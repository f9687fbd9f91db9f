import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { SourceError, type Diagnostic, type SourcePosition } from '../../diagnostics.js';
import type { SigmaCondition, SigmaRuleDocument } from './ast.js';
import { isModifierProblem, planModifiers } from './modifiers.js';
import { parseSigma } from './parse.js';
import { CATEGORY_EVENT_IDS, kindOfCategory, sysmonFieldsOf, unplacedSysmonFields } from './taxonomy.js';

/**
 * Checks a Sigma file the way a SigmaHQ reviewer's tools would (sigma.md "Validation"): the
 * shape of every document by schemas/sigma-rule.schema.json, and what the schema cannot see —
 * the condition parses, every identifier it names exists (the reader refuses the file
 * otherwise), every modifier chain is valid and in a valid order, every identifier is used, no
 * `1 of` / `all of` pattern matches nothing, the fields exist in the category's Sysmon event,
 * and ids are not shared between documents.
 */
export function lintSigma(text: string, sourceName: string): Diagnostic[] {
  const out: Diagnostic[] = [...schemaProblems(text, sourceName)];
  let set;
  try {
    set = parseSigma(text, sourceName);
  } catch (err) {
    if (err instanceof SourceError) return [...out, ...err.diagnostics];
    throw err;
  }
  const ids = new Map<string, number>();
  for (const doc of set.documents) {
    if (doc.id !== undefined) {
      const seen = ids.get(doc.id);
      if (seen !== undefined) out.push(error(sourceName, doc.position, `id ${doc.id} is also the id of document ${seen + 1}`));
      else ids.set(doc.id, doc.index);
    }
    if (doc.kind === 'rule') out.push(...lintRule(doc, sourceName));
  }
  return out;
}

function lintRule(doc: SigmaRuleDocument, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { category, product } = doc.logsource;
  const kind = category !== undefined ? kindOfCategory(category) : undefined;
  if (product === 'windows' && category !== undefined && CATEGORY_EVENT_IDS[category] === undefined) {
    out.push({ file, position: doc.logsource.position, severity: 'warning', message: `logsource category ${category} is not one this project knows the fields of` });
  }
  const fields = kind !== undefined && product === 'windows' ? new Set([...sysmonFieldsOf(kind), ...unplacedSysmonFields(kind)]) : undefined;
  for (const ident of doc.detection.identifiers.values()) {
    const search = ident.search;
    const maps = search.kind === 'list' ? search.alternatives : [search];
    for (const m of maps) {
      const items = m.kind === 'map' ? m.items : [m.item];
      for (const it of items) {
        const plan = planModifiers(it.modifiers, it.field === null);
        if (isModifierProblem(plan)) out.push(error(file, plan.position, plan.message));
        if (fields && it.field !== null && !fields.has(it.field)) {
          out.push(error(file, it.position, `${it.field} is not a field of Sysmon's ${category as string} events (${[...fields].join(', ')})`));
        }
      }
    }
  }
  const used = new Set<string>();
  for (const c of doc.detection.conditions) {
    visit(c, (node) => {
      if (node.kind === 'identifier') used.add(node.name);
      if (node.kind === 'selector') {
        node.names.forEach((n) => used.add(n));
        if (node.names.length === 0) {
          const what = node.target.kind === 'them' ? 'them' : node.target.pattern;
          out.push(error(file, node.position, `${node.quantifier === 'all' ? 'all' : '1'} of ${what} matches no search identifier`));
        }
      }
    });
  }
  for (const ident of doc.detection.identifiers.values()) {
    if (!used.has(ident.name)) out.push(error(file, ident.position, `search identifier ${ident.name} is not used in the condition`));
  }
  return out;
}

function visit(c: SigmaCondition, f: (c: SigmaCondition) => void): void {
  f(c);
  if (c.kind === 'and' || c.kind === 'or') c.children.forEach((x) => visit(x, f));
  else if (c.kind === 'not') visit(c.operand, f);
}

function error(file: string, position: SourcePosition, message: string): Diagnostic {
  return { file, position, severity: 'error', message };
}

let validator: ValidateFunction | undefined;

/** The compiled schema, shared by lint and tests. */
export function sigmaSchemaValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(new URL('../../../schemas/sigma-rule.schema.json', import.meta.url), 'utf8')) as object;
    validator = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true }).compile(schema);
  }
  return validator;
}

/** Schema problems of every document, each at the node it concerns. */
function schemaProblems(text: string, file: string): Diagnostic[] {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, version: '1.2' });
  if (!Array.isArray(docs)) return [];
  const validate = sigmaSchemaValidator();
  const out: Diagnostic[] = [];
  for (const doc of docs as Document[]) {
    if (doc.errors.length > 0 || doc.contents === null) continue; // the reader reports those
    if (validate(doc.toJS({ maxAliasCount: 100 }))) continue;
    for (const e of validate.errors ?? []) out.push(error(file, nodePosition(doc, lines, e), describe(e)));
  }
  return out;
}

function nodePosition(doc: Document, lines: LineCounter, e: ErrorObject): SourcePosition {
  const path = e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node = (doc.getIn(path, true) as Node | undefined) ?? (doc.contents as Node);
  const p = lines.linePos(node?.range?.[0] ?? 0);
  return { line: p.line, col: p.col };
}

function describe(e: ErrorObject): string {
  const where = e.instancePath === '' ? 'the document' : e.instancePath.slice(1).replace(/\//g, '.');
  return `${where} ${e.message ?? 'is invalid'}${e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : ''}`;
}
