import { stringify } from 'yaml';
import { assertNever, type Condition } from '../ir/condition.js';
import type { DerivedExpr } from '../ir/derived.js';
import type { Rule } from '../ir/rule.js';
import type { EmitResult } from '../targets/contract.js';

type Yaml = string | number | boolean | null | readonly Yaml[] | { readonly [k: string]: Yaml };

/**
 * The rule model written back as a unirule rule file (`translate --to ir`), in the README's
 * key order and with its defaults left out, so an imported KQL/Sigma/EQL rule becomes a file a
 * person edits — and `loadRuleText` reads back to the same rule.
 */
export function emitRuleYaml(rule: Rule): EmitResult {
  const doc: Record<string, Yaml> = {
    id: rule.id,
    name: rule.name,
    title: rule.title,
    description: rule.description,
    author: [...rule.author],
    date: rule.date,
    ...(rule.modified ? { modified: rule.modified } : {}),
    status: rule.status,
    severity: rule.severity,
    confidence: rule.confidence,
    attack: {
      version: rule.attack.version,
      techniques: [...rule.attack.techniques],
      ...(rule.attack.tactics !== undefined && rule.attack.tactics.length > 0 ? { tactics: [...rule.attack.tactics] } : {}),
    },
    references: [...rule.references],
    false_positives: [...rule.falsePositives],
    data_sources: [...rule.dataSources],
    related: rule.related.map((r) => ({ ref: r.ref, type: r.type })),
    ...(rule.notes.investigation || rule.notes.tuning ? { notes: { ...(rule.notes.investigation ? { investigation: rule.notes.investigation } : {}), ...(rule.notes.tuning ? { tuning: rule.notes.tuning } : {}) } } : {}),
    logsources: [...rule.logsources],
    ...(rule.window ? { window: rule.window.text } : {}),
    ...(rule.lists.size > 0 ? { lists: Object.fromEntries([...rule.lists].map(([k, v]) => [k, [...v]])) } : {}),
    condition: conditionYaml(rule.condition),
    ...(rule.derived.length > 0 ? { derived: rule.derived.map((d) => ({ name: d.name, expr: exprYaml(d.expr) })) } : {}),
    ...(rule.output.fields.length > 0 || rule.output.sort.length > 0
      ? { output: { fields: [...rule.output.fields], sort: rule.output.sort.map((s) => ({ field: s.field, order: s.order })) } }
      : {}),
    tests: {
      now: rule.tests.now,
      cases: rule.tests.cases.map((c) => ({
        name: c.name,
        expect: c.expect,
        ...(c.reason ? { reason: c.reason } : {}),
        event: eventYaml(c.event),
        ...(c.derived ? { derived: { ...c.derived } as Yaml } : {}),
      })),
    },
  };
  return { text: stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false }), approximations: [] };
}

/** `kind` first, as people write it. */
function eventYaml(event: Rule['tests']['cases'][number]['event']): Yaml {
  const out: Record<string, Yaml> = { kind: event.kind };
  for (const [k, v] of Object.entries(event)) if (k !== 'kind' && v !== undefined) out[k] = v as Yaml;
  return out;
}

function conditionYaml(c: Condition): Yaml {
  switch (c.kind) {
    case 'const':
      return c.value;
    case 'eventKind':
      return { kind: c.eventKind };
    case 'not':
      return { not: conditionYaml(c.child) };
    case 'and':
      return { all: c.children.map(conditionYaml) };
    case 'or':
      return { any: c.children.map(conditionYaml) };
    case 'match': {
      const values: Record<string, Yaml> =
        c.op === 'exists' ? {} : c.values.kind === 'list' ? { list: c.values.name } : c.values.values.length === 1 ? { value: c.values.values[0] as string } : { values: [...c.values.values] };
      return {
        field: c.field,
        op: c.op,
        ...values,
        ...(c.quantifier !== 'any' ? { match: c.quantifier } : {}),
        ...(c.caseRule !== 'insensitive' ? { case: c.caseRule } : {}),
        ...(c.regexFlags && (c.regexFlags.multiline || c.regexFlags.dotAll) ? { flags: [...(c.regexFlags.multiline ? ['m'] : []), ...(c.regexFlags.dotAll ? ['s'] : [])] } : {}),
      };
    }
    default:
      return assertNever(c, 'condition');
  }
}

function exprYaml(e: DerivedExpr): Yaml {
  switch (e.kind) {
    case 'field':
      return { field: e.field };
    case 'literal':
      return { value: e.value };
    case 'coalesce':
      return { coalesce: e.args.map(exprYaml) };
    case 'extract':
      return { extract: { pattern: e.pattern, group: e.group, from: exprYaml(e.source), ...(e.caseRule !== 'sensitive' ? { case: e.caseRule } : {}) } };
    case 'case':
      return { case: [...e.branches.map((b) => ({ when: conditionYaml(b.when), then: exprYaml(b.then) })), { else: exprYaml(e.otherwise) }] };
    case 'condition':
      return { condition: conditionYaml(e.condition) };
    default:
      return assertNever(e, 'derived expression');
  }
}
