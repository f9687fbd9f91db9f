import { SourceError } from '../../diagnostics.js';
import { assertNever } from '../../ir/condition.js';
import type { NativeEvent, TargetEvalOptions, TargetVerdict } from '../contract.js';
import type { SigmaCondition, SigmaDetection, SigmaFilterDocument, SigmaRuleDocument, SigmaRuleSet, SigmaSearch } from './ast.js';
import { compileItem, type EventTest } from './compile-item.js';
import { eventLogsource, logsourceSelector, type EventLogsource } from './event-logsource.js';

/**
 * Sigma's semantics over Sysmon-shaped events (sigma.md). A set matches an event when one of
 * its detection rules does: the rule's logsource selects the event (event-logsource.ts), its
 * condition holds, and so does the condition of every filter document naming it. Sigma rules
 * compute nothing, so `derived` is always empty. Time windows are the SIEM's schedule, not the
 * rule's (`windowInQuery: false`), so `options.now` is not read.
 */
const NO_DERIVED: TargetVerdict['derived'] = Object.freeze({});
const MATCH: TargetVerdict = Object.freeze({ matched: true, derived: NO_DERIVED });
const NO_MATCH: TargetVerdict = Object.freeze({ matched: false, derived: NO_DERIVED });

export interface CompiledSigmaRule {
  readonly document: SigmaRuleDocument;
  /** Whether an event's logsource is one the document selects. */
  readonly fits: (event: EventLogsource | undefined) => boolean;
  readonly test: EventTest;
}

export function compileSigma(set: SigmaRuleSet, options?: TargetEvalOptions): (event: NativeEvent) => TargetVerdict {
  void options;
  const rules = compileSigmaRules(set);
  return (event) => {
    const logsource = eventLogsource(event);
    for (const r of rules) if (r.fits(logsource) && r.test(event)) return MATCH;
    return NO_MATCH;
  };
}

/** Each detection rule of the set with its filters applied, in file order. */
export function compileSigmaRules(set: SigmaRuleSet): CompiledSigmaRule[] {
  const fail = (position: { line: number; col: number }, message: string): never => {
    throw SourceError.at(set.sourceName, position.line, position.col, message);
  };
  for (const d of set.documents) {
    if (d.kind === 'correlation') fail(d.position, `correlation rules are not supported yet (${d.correlationType ?? 'correlation'} "${d.title}")`);
  }
  const ruleDocs = set.documents.filter((d): d is SigmaRuleDocument => d.kind === 'rule');
  if (ruleDocs.length === 0) fail(set.documents[0]?.position ?? { line: 1, col: 1 }, 'the file holds no detection rule (only filters)');
  const filtersOf = new Map<SigmaRuleDocument, EventTest[]>(ruleDocs.map((d) => [d, []]));
  for (const f of set.documents.filter((d): d is SigmaFilterDocument => d.kind === 'filter')) {
    const targets = filterTargets(f, ruleDocs);
    if (targets.length === 0) {
      fail(f.rules[0]?.position ?? f.position, `filter "${f.title}" applies to no rule of this file: none has the id or name ${f.rules.map((r) => String(r.value)).join(', ')}${f.logsource ? ' with a fitting logsource' : ''}`);
    }
    const test = compileDetection(f.detection);
    for (const t of targets) (filtersOf.get(t) as EventTest[]).push(test);
  }
  return ruleDocs.map((document) => {
    const tests = [compileDetection(document.detection), ...(filtersOf.get(document) as EventTest[])];
    const test: EventTest = tests.length === 1 ? (tests[0] as EventTest) : (e) => tests.every((t) => t(e));
    return { document, fits: logsourceSelector(document.logsource), test };
  });
}

/**
 * The rules a filter is ANDed onto (sigma.md "Filters"): those named by id or name, whose
 * logsource agrees with the filter's in each part the filter names.
 */
export function filterTargets(f: SigmaFilterDocument, rules: readonly SigmaRuleDocument[]): SigmaRuleDocument[] {
  const names = new Set(f.rules.map((r) => String(r.value)));
  return rules.filter((r) => {
    if (!((r.id !== undefined && names.has(r.id)) || (r.name !== undefined && names.has(r.name)))) return false;
    const ls = f.logsource;
    if (!ls) return true;
    const same = (a: string | undefined, b: string | undefined): boolean => a === undefined || a.toLowerCase() === b?.toLowerCase();
    return same(ls.category, r.logsource.category) && same(ls.product, r.logsource.product) && same(ls.service, r.logsource.service);
  });
}

/** A detection's conditions (a legacy list means any of them) over its compiled identifiers. */
export function compileDetection(detection: SigmaDetection): EventTest {
  const searches = new Map<string, EventTest>();
  for (const [name, id] of detection.identifiers) searches.set(name, compileSearch(id.search));
  const conditions = detection.conditions.map((c) => compileCondition(c, searches));
  return conditions.length === 1 ? (conditions[0] as EventTest) : (e) => conditions.some((c) => c(e));
}

function compileSearch(search: SigmaSearch): EventTest {
  switch (search.kind) {
    case 'map': {
      const items = search.items.map(compileItem);
      return items.length === 1 ? (items[0] as EventTest) : (e) => items.every((t) => t(e));
    }
    case 'keywords':
      return compileItem(search.item);
    case 'list': {
      const alternatives = search.alternatives.map(compileSearch);
      return (e) => alternatives.some((t) => t(e));
    }
    default:
      return assertNever(search, 'search');
  }
}

function compileCondition(c: SigmaCondition, searches: ReadonlyMap<string, EventTest>): EventTest {
  const lookup = (name: string): EventTest => {
    const t = searches.get(name);
    if (!t) throw new Error(`unknown search identifier ${name}`);
    return t;
  };
  switch (c.kind) {
    case 'and': {
      const children = c.children.map((x) => compileCondition(x, searches));
      return (e) => children.every((t) => t(e));
    }
    case 'or': {
      const children = c.children.map((x) => compileCondition(x, searches));
      return (e) => children.some((t) => t(e));
    }
    case 'not': {
      const inner = compileCondition(c.operand, searches);
      return (e) => !inner(e);
    }
    case 'identifier':
      return lookup(c.name);
    case 'selector': {
      // A selector that names no identifier is false for `1 of` and `all of` alike.
      if (c.names.length === 0) return () => false;
      const members = c.names.map(lookup);
      return c.quantifier === 'all' ? (e) => members.every((t) => t(e)) : (e) => members.some((t) => t(e));
    }
    default:
      return assertNever(c, 'condition');
  }
}
