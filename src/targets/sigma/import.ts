import { stableUuid, ruleSlug } from '../../rule/imported-rule.js';
import { mapPacked } from '../../packed-map.js';
import { importDate } from '../../rule/import-date.js';
import { SourceError, type Diagnostic, type SourcePosition } from '../../diagnostics.js';
import { and, eventKindIs, or, type Condition } from '../../ir/condition.js';
import { EVENT_KINDS, type EventKind } from '../../ir/event-kind.js';
import { simplify } from '../../ir/normalize.js';
import { SEVERITIES, STATUSES, type Rule, type RuleStatus, type Severity } from '../../ir/rule.js';
import type { SigmaFilterDocument, SigmaRuleDocument, SigmaRuleSet } from './ast.js';
import { filterTargets } from './evaluate.js';
import { importDetection, type Fail } from './import-condition.js';
import { hasPathInFileName, hasTypedValueFinding, lintImportedValues } from './import-lint.js';
import { attackOf, outputFieldsOf, relatedOf, splitAuthors, type Warn } from './import-metadata.js';
import { kindOfCategory } from './taxonomy.js';

/**
 * A Sigma file → one rule of the rule model.
 *
 * One Sigma rule has one logsource, so a detection over several event kinds is written as
 * several documents (sigma.md "A rule"). Documents import as ONE rule reading several kinds
 * when they are parts of one rule: each reads a different kind and is linked to the first
 * document by `related` (either direction) or has the same title. The imported condition is
 * then "kind is K1 and <document 1> or kind is K2 and <document 2> ...", which is exactly what
 * the documents say together. Any other document is a separate rule: only the first rule is
 * imported, and the imported rule's description says which documents were left out and why.
 * Filter documents are ANDed onto the rules they name, as in evaluation; a correlation
 * document is refused.
 */
export interface SigmaImport {
  readonly rule: Rule;
  /** Documents that are separate rules and were not imported, with the reason. */
  readonly leftOut: readonly { readonly title: string; readonly index: number; readonly reason: string }[];
  /** What did not carry over (tags, related types, fields) or can never match, at its position. */
  readonly warnings: readonly Diagnostic[];
}

/** `warn` receives each warning of the import (the Target contract's optional channel). */
export function importSigma(set: SigmaRuleSet, sourceName: string, warn?: (d: Diagnostic) => void): Rule {
  const { rule, leftOut, warnings } = importSigmaDocuments(set, sourceName);
  if (warn) warnings.forEach(warn);
  if (leftOut.length === 0) return rule;
  const note = `Only the first rule of ${baseName(sourceName)} was imported; left out: ${leftOut
    .map((d) => `document ${d.index + 1} "${d.title}" (${d.reason})`)
    .join('; ')}.`;
  return { ...rule, description: rule.description ? `${rule.description}\n\n${note}` : note };
}

export function importSigmaDocuments(set: SigmaRuleSet, sourceName: string): SigmaImport {
  const fail: Fail = (position: SourcePosition, message: string): never => {
    throw SourceError.at(sourceName, position.line, position.col, message);
  };
  const warnings: Diagnostic[] = [];
  const warn: Warn = (position, message) => {
    warnings.push({ file: sourceName, position, severity: 'warning', message });
  };
  // Plain loops, not callbacks and iterators: this runs once per rule, and each builtin the
  // engine expands in place (filter, slice, spread) makes its optimised code costlier to compile.
  const rules: SigmaRuleDocument[] = [];
  const filters: SigmaFilterDocument[] = [];
  for (let i = 0; i < set.documents.length; i++) {
    const d = set.documents[i] as SigmaRuleSet['documents'][number];
    if (d.kind === 'correlation') fail(d.position, `correlation rules are not supported yet (${d.correlationType ?? 'correlation'} "${d.title}")`);
    else if (d.kind === 'rule') rules.push(d);
    else filters.push(d);
  }
  const first = rules[0];
  if (!first) return fail(set.documents[0]?.position ?? { line: 1, col: 1 }, 'the file holds no detection rule (only filters)');

  const group: { doc: SigmaRuleDocument; kind: EventKind }[] = [];
  for (const kind of kindsOf(first, fail, warn)) group.push({ doc: first, kind });
  const leftOut: { title: string; index: number; reason: string }[] = [];
  for (let i = 1; i < rules.length; i++) {
    const doc = rules[i] as SigmaRuleDocument;
    const linked = group.some((m) => linkedDocuments(m.doc, doc));
    if (!linked) {
      leftOut.push({ title: doc.title, index: doc.index, reason: 'neither linked to the first by related nor of the same title' });
      continue;
    }
    const kinds = kindsOf(doc, fail, warn);
    const again = kinds.find((kind) => group.some((m) => m.kind === kind));
    if (again !== undefined) {
      leftOut.push({ title: doc.title, index: doc.index, reason: `a second ${again} rule` });
      continue;
    }
    for (const kind of kinds) group.push({ doc, kind });
  }

  const parts: { kind: EventKind; condition: Condition }[] = [];
  for (let i = 0; i < group.length; i++) {
    const { doc, kind } = group[i] as (typeof group)[number];
    const own = importDetection(doc.detection, kind, fail);
    const applied = filters.length === 0 ? [] : filters.filter((f) => filterTargets(f, [doc]).length > 0).map((f) => importDetection(f.detection, kind, fail));
    parts.push({ kind, condition: applied.length === 0 ? own : and([own, ...applied]) });
  }
  // A document over several kinds (registry_event) reads only the kinds its detection can
  // hold for: a test on Details or on EventType SetValue holds for value writes alone.
  if (parts.length > 1) {
    const never = parts.map((p) => {
      const c = simplify(p.condition);
      return c.kind === 'const' && !c.value;
    });
    if (never.some((n) => !n)) {
      for (let i = parts.length - 1; i >= 0; i--) {
        if (!never[i]) continue;
        parts.splice(i, 1);
        group.splice(i, 1);
      }
    }
  }
  const condition =
    parts.length === 1 ? simplify((parts[0] as { condition: Condition }).condition) : simplify(or(mapPacked(parts, (p) => and([eventKindIs(p.kind), p.condition]))));
  const members = new Set<string>();
  for (let i = 0; i < group.length; i++) {
    const id = (group[i] as (typeof group)[number]).doc.id;
    if (id !== undefined) members.add(id);
  }
  // Positions cost a second import per suspect value, so they are looked for only when the
  // imported condition has a file-name test that can never match, or a typed field's value
  // out of its range, at all (rare). A value a typed field never holds is an error, as in a
  // rule file: every one of them is reported, then the import stops.
  const typed = hasTypedValueFinding(condition, group.map((m) => m.kind));
  if (typed || hasPathInFileName(condition)) {
    const errors: Diagnostic[] = [];
    const error = (position: SourcePosition, message: string): void => {
      errors.push({ file: sourceName, position, severity: 'error', message });
    };
    for (const { doc, kind } of group) {
      lintImportedValues(doc, kind, warn, error, typed);
      // A filter's values are the rule's too, where the filter applies.
      if (typed) for (const f of filters) if (filterTargets(f, [doc]).length > 0) lintImportedValues(f, kind, warn, error, true);
    }
    // The warnings so far go with them, as a rule file's do (rule/load.ts).
    if (errors.length > 0) throw new SourceError([...errors, ...warnings.sort((x, y) => x.position.line - y.position.line || x.position.col - y.position.col)]);
  }
  const rule = ruleOf(set, sourceName, group, condition, members, warn);
  warnings.sort((x, y) => x.position.line - y.position.line || x.position.col - y.position.col);
  return { rule, leftOut, warnings };
}

/**
 * The event kinds a rule document's logsource names: one, or for Sigma's registry_event
 * (Sysmon events 12, 13 and 14) a value written, a key created and a key or value deleted.
 * Event 14 (a key or value renamed) has no kind in the rule model: the import says so.
 */
function kindsOf(d: SigmaRuleDocument, fail: Fail, warn: Warn): readonly EventKind[] {
  const category = d.logsource.category?.toLowerCase();
  if (category === 'registry_event') {
    if (d.logsource.product !== undefined && d.logsource.product.toLowerCase() !== 'windows') kindOf(d, fail);
    warn(d.logsource.position, 'category registry_event also reads Sysmon event 14 (a key or value renamed), which has no event kind in the rule model: the imported rule reads values written, keys created and keys or values deleted only (an approximation)');
    return REGISTRY_EVENT_KINDS;
  }
  return [kindOf(d, fail)];
}

const REGISTRY_EVENT_KINDS: readonly EventKind[] = ['registry_set', 'registry_add', 'registry_delete'];

/** The event kind a rule document's logsource names; anything else is refused at the logsource. */
function kindOf(d: SigmaRuleDocument, fail: Fail): EventKind {
  const ls = d.logsource;
  // Names are caseless; lower-casing is asked only of names not already written in lower case
  // (it is a call into the runtime, dearer than reading the rest of the logsource).
  if (ls.product !== undefined && ls.product !== 'windows' && ls.product.toLowerCase() !== 'windows') fail(ls.position, `product ${ls.product}: the rule model reads Windows (Sysmon) events`);
  if (ls.category === undefined) return fail(ls.position, 'a logsource without a category has no event kind in the rule model');
  const kind = kindOfCategory(ls.category) ?? kindOfCategory(ls.category.toLowerCase());
  if (!kind) return fail(ls.position, `logsource category ${ls.category} has no event kind in the rule model (${EVENT_KINDS.join(', ')})`);
  return kind;
}

/** One names the other in `related`, or both have the same title. */
function linkedDocuments(a: SigmaRuleDocument, b: SigmaRuleDocument): boolean {
  const names = (d: SigmaRuleDocument): string[] => [d.id, d.name].filter((x): x is string => x !== undefined).map((x) => x.toLowerCase());
  const points = (from: SigmaRuleDocument, to: SigmaRuleDocument): boolean => from.related.some((r) => names(to).includes(r.id.toLowerCase()));
  return points(a, b) || points(b, a) || a.title === b.title;
}

function ruleOf(
  set: SigmaRuleSet,
  sourceName: string,
  group: readonly { doc: SigmaRuleDocument; kind: EventKind }[],
  condition: Condition,
  members: ReadonlySet<string>,
  warn: Warn,
): Rule {
  const doc = (group[0] as { doc: SigmaRuleDocument }).doc;
  const kinds: EventKind[] = [];
  const titles: string[] = [];
  const docs: SigmaRuleDocument[] = [];
  const tags: { tag: string; position: SourcePosition }[] = [];
  for (let g = 0; g < group.length; g++) {
    const m = group[g] as (typeof group)[number];
    kinds.push(m.kind);
    // One document may stand for several kinds (registry_event): its parts are read once.
    if (docs.includes(m.doc)) continue;
    titles.push(m.doc.title);
    docs.push(m.doc);
    for (let i = 0; i < m.doc.tags.length; i++) tags.push({ tag: m.doc.tags[i] as string, position: m.doc.tagPositions[i] ?? m.doc.position });
  }
  const title = commonTitle(titles);
  const related = relatedOf(docs, members, warn);
  const fields = outputFieldsOf(doc, kinds, warn);
  const modified = dateOf(doc.modified);
  // Built by assignment in the key order of the literal it replaces: a spread in the middle of
  // a literal (for the optional `modified`) made every property after it a slow define, and
  // this runs once per rule, mostly before it is optimised.
  const rule: Partial<Writable<Rule>> = {
    id: doc.id !== undefined && UUID.test(doc.id) ? doc.id.toLowerCase() : stableUuid(set.text),
    name: ruleSlug(doc.name ?? '') || ruleSlug(title) || ruleSlug(baseName(sourceName).replace(/\.[^.]*$/, '')) || 'imported-sigma-rule',
    title: title.slice(0, 256) || `Imported from ${baseName(sourceName)}`,
    description: doc.description ?? `Imported from the Sigma rule ${baseName(sourceName)}.`,
    author: splitAuthors(doc.author ?? ''),
    date: dateOf(doc.date) ?? importDate(),
  };
  if (modified !== undefined) rule.modified = modified;
  rule.status = (STATUSES as readonly string[]).includes(doc.status ?? '') ? (doc.status as RuleStatus) : 'experimental';
  rule.severity = (SEVERITIES as readonly string[]).includes(doc.level ?? '') ? (doc.level as Severity) : 'medium';
  rule.confidence = 'medium';
  rule.attack = attackOf(tags, warn);
  rule.references = [...doc.references];
  const falsePositives: string[] = [];
  for (let i = 0; i < doc.falsepositives.length; i++) {
    const f = doc.falsepositives[i] as string;
    if (f.toLowerCase() !== 'unknown') falsePositives.push(f);
  }
  rule.falsePositives = falsePositives;
  rule.dataSources = [];
  rule.related = related;
  rule.notes = {};
  rule.logsources = kinds;
  rule.lists = new Map();
  rule.condition = condition;
  rule.derived = [];
  rule.output = { fields, sort: [] };
  rule.tests = { now: EPOCH, cases: [] };
  return rule as Rule;
}

/** A rule under construction: its fields are assigned one by one, in order. */
type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** `new Date(0).toISOString()`: an imported rule has no tests, hence no clock of its own. */
const EPOCH = '1970-01-01T00:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** SigmaHQ writes YYYY-MM-DD (older rules YYYY/MM/DD). */
function dateOf(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})$/.exec(text.trim());
  return m ? `${m[1] as string}-${m[2] as string}-${m[3] as string}` : undefined;
}

/** The title the documents share: the same title, or the part before each one's " - <kind>". */
function commonTitle(titles: readonly string[]): string {
  const firstTitle = titles[0] as string;
  if (titles.every((t) => t === firstTitle)) return firstTitle;
  const stems = titles.map((t) => (t.includes(' - ') ? t.slice(0, t.lastIndexOf(' - ')) : t));
  return stems.every((s) => s === stems[0]) ? (stems[0] as string) : firstTitle;
}

function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '');
}
