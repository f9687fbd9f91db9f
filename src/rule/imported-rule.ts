import { createHash } from 'node:crypto';
import { latestAttackVersion } from '../attack/index.js';
import type { Condition } from '../ir/condition.js';
import type { EventKind } from '../ir/event-kind.js';
import type { Rule } from '../ir/rule.js';
import { importDate } from './import-date.js';

/**
 * What every importer fills the same way: a rule read from a query carries no metadata of its
 * own, so it gets an id that is stable for the same source text (importing twice gives one
 * id), a name from the file name, and neutral defaults that the user edits afterwards.
 */

/** A UUID (version 4 layout) derived from text, so the same text always gives the same id. */
export function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16] as string, 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A rule name (lower-case words joined by `-`, at most 128 characters) from free text. */
export function ruleSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 128).replace(/-+$/, '');
}

/** The file name without folders and without its extension. */
export function sourceStem(sourceName: string): string {
  return sourceName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

export interface ImportedRuleCore {
  /** The text the id is derived from (the query, or a canonical form of it). */
  readonly idSource: string;
  readonly sourceName: string;
  /** `KQL`, `EQL`, ...: said in the title and description. */
  readonly language: string;
  readonly logsources: readonly EventKind[];
  readonly condition: Condition;
}

/** A complete rule around an imported condition; callers spread their own extras over it. */
export function importedRule(core: ImportedRuleCore): Rule {
  const stem = sourceStem(core.sourceName);
  return {
    id: stableUuid(core.idSource),
    name: ruleSlug(stem) || `imported-${core.language.toLowerCase()}-query`,
    title: `Imported from ${stem || `a ${core.language} query`}`,
    description: `Imported from the ${core.language} query in ${core.sourceName}.`,
    author: [],
    date: importDate(),
    status: 'experimental',
    severity: 'medium',
    confidence: 'medium',
    attack: { version: latestAttackVersion(), techniques: [] },
    references: [],
    falsePositives: [],
    dataSources: [],
    related: [],
    notes: {},
    logsources: core.logsources,
    lists: new Map(),
    condition: core.condition,
    derived: [],
    output: { fields: [], sort: [] },
    tests: { now: new Date(0).toISOString(), cases: [] },
  };
}
