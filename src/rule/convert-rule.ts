import { EVENT_KINDS, isEventKind, type EventKind } from '../ir/event-kind.js';
import { FIELDS_BY_KIND } from '../ir/fields.js';
import type { Confidence, RelatedRule, RelationType, Rule, RuleStatus, Severity, SortKey } from '../ir/rule.js';
import { parseDuration } from '../semantics/duration.js';
import { convertAttack } from './convert-attack.js';
import { scalarText, convertCondition } from './convert-condition.js';
import { ConvertContext } from './convert-context.js';
import { convertDerivedFields } from './convert-derived.js';
import { convertTests } from './convert-tests.js';
import type { RawRule } from './raw-rule.js';
import type { YamlSource } from './yaml-source.js';

export interface ConvertResult {
  readonly rule: Rule | undefined;
  readonly diagnostics: ConvertContext['diagnostics'];
}

/** A schema-valid rule file → the IR, with every semantic problem collected (not just the first). */
export function convertRule(raw: RawRule, source: YamlSource): ConvertResult {
  const logsources = raw.logsources.filter(isEventKind);
  const fields = new Set<string>(['@timestamp']);
  for (const kind of logsources) for (const f of FIELDS_BY_KIND[kind]) fields.add(f.name);
  const lists = new Map<string, readonly string[]>();
  for (const [name, values] of Object.entries(raw.lists ?? {})) lists.set(name, Object.freeze(values.map(scalarText)));
  const ctx = new ConvertContext(source, logsources, lists, fields);

  raw.logsources.forEach((k, i) => {
    if (!isEventKind(k)) ctx.error(['logsources', i], `unknown event kind \`${k}\`; known: ${EVENT_KINDS.join(', ')}`);
  });
  checkDate(raw.date, 'date', ctx);
  if (raw.modified !== undefined) {
    checkDate(raw.modified, 'modified', ctx);
    if (raw.modified < raw.date) ctx.error(['modified'], '`modified` is before `date`');
  }
  let window: Rule['window'];
  if (raw.window !== undefined) {
    const ms = parseDuration(raw.window);
    if (ms === undefined) ctx.error(['window'], `\`window\` must be a duration like 30m, 24h or 7d, not ${JSON.stringify(raw.window)}`);
    else window = Object.freeze({ ms, text: raw.window.trim() });
  }
  for (const [name, values] of Object.entries(raw.lists ?? {})) {
    if (values.length === 0) ctx.warn(['lists', name], `list \`${name}\` is empty: nothing can match it`);
  }

  const attack = convertAttack(raw.attack, ctx);
  const condition = convertCondition(raw.condition, ['condition'], ctx);
  const derived = convertDerivedFields(raw.derived ?? [], ctx);
  const derivedNames = new Set(derived.map((d) => d.name));
  for (const name of lists.keys()) {
    if (!ctx.usedLists.has(name)) ctx.warn(['lists', name], `list \`${name}\` is declared but not used`, true);
  }
  const outputFields = raw.output?.fields ?? [];
  outputFields.forEach((f, i) => {
    if (!fields.has(f) && !derivedNames.has(f)) ctx.error(['output', 'fields', i], `output field \`${f}\` is neither a logical field of the rule's event kinds nor a derived field`);
  });
  const sort: SortKey[] = (raw.output?.sort ?? []).map((s, i) => {
    if (!fields.has(s.field) && !derivedNames.has(s.field)) ctx.error(['output', 'sort', i, 'field'], `sort field \`${s.field}\` is unknown`);
    return Object.freeze({ field: s.field, order: s.order ?? 'asc' });
  });
  const tests = convertTests(raw.tests, derivedNames, ctx);
  if (tests.cases.length === 0) ctx.warn(['tests', 'cases'], 'the rule has no tests: nothing proves its forms agree');

  if (ctx.hasErrors) return { rule: undefined, diagnostics: ctx.diagnostics };
  const rule: Rule = {
    id: raw.id.toLowerCase(),
    name: raw.name,
    title: raw.title,
    description: raw.description ?? '',
    author: Object.freeze([...(raw.author ?? [])]),
    date: raw.date,
    ...(raw.modified !== undefined ? { modified: raw.modified } : {}),
    status: raw.status as RuleStatus,
    severity: raw.severity as Severity,
    confidence: raw.confidence as Confidence,
    attack,
    references: Object.freeze([...(raw.references ?? [])]),
    falsePositives: Object.freeze([...(raw.false_positives ?? [])]),
    dataSources: Object.freeze([...(raw.data_sources ?? [])]),
    related: Object.freeze((raw.related ?? []).map((r): RelatedRule => Object.freeze({ ref: r.ref, type: r.type as RelationType }))),
    notes: Object.freeze({
      ...(raw.notes?.investigation !== undefined ? { investigation: raw.notes.investigation } : {}),
      ...(raw.notes?.tuning !== undefined ? { tuning: raw.notes.tuning } : {}),
    }),
    logsources: Object.freeze([...logsources] as EventKind[]),
    ...(window ? { window } : {}),
    lists,
    condition,
    derived: Object.freeze(derived),
    output: Object.freeze({ fields: Object.freeze([...outputFields]), sort: Object.freeze(sort) }),
    tests,
  };
  return { rule: Object.freeze(rule), diagnostics: ctx.diagnostics };
}

function checkDate(text: string, key: string, ctx: ConvertContext): void {
  const d = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) ctx.error([key], `\`${key}\` ${text} is not a calendar date`);
}
