import type { Diagnostic } from '../../diagnostics.js';
import { and, constant, not, or, type Condition } from '../../ir/condition.js';
import { typeTestFromDefender } from './registry-value-type.js';
import type { DerivedExpr, DerivedField } from '../../ir/derived.js';
import type { EventKind } from '../../ir/event-kind.js';
import { simplify, specialise } from '../../ir/normalize.js';
import { canHoldOn } from '../../ir/kind-fields.js';
import type { Duration, Rule, SortKey } from '../../ir/rule.js';
import { importedRule } from '../../rule/imported-rule.js';
import type { Expr, KqlQuery } from './ast.js';
import { importCondition, importConjunction } from './import-condition.js';
import { ImportContext } from './import-context.js';
import { KIND_SCHEMAS, kindsOfTable } from './schema.js';
import { REGISTRY_PATH } from '../../ir/registry-path.js';
import { pathFormOf, REGISTRY_PATH_COLUMN, registryPathExprKinds, type RegistryPathKinds } from './registry-path.js';
import { isRegistryKind } from '../../ir/registry-path.js';
import { USER_QUALIFIED_NAME } from '../../ir/user-qualified-name.js';
import { isQualifiedNameExpr, USER_QUALIFIED_COLUMN } from './user-qualified-name.js';

/**
 * A parsed KQL query → a rule: tables → log sources, `let X = dynamic([...])` → lists,
 * `where` → the condition (a top-level `Time > ago(T)` → the window), `extend` → derived
 * fields (or aliases of a column, which `where` may test), `project`/`sort` → output.
 * Whatever the rule model cannot hold is a SourceError at its position.
 */
export function importKql(query: KqlQuery, sourceName: string, warn?: (d: Diagnostic) => void): Rule {
  const kinds: EventKind[] = [];
  const pathForms: { form: RegistryPathKinds; at: Expr }[] = [];
  for (const t of query.tables) {
    const tableKinds = kindsOfTable(t.name);
    if (tableKinds.length === 0) throw new ImportContext(sourceName, [], new Map(), new Map()).fail(t, `the table ${t.name} has no event kind in the rule model (known: ${[...new Set(Object.values(KIND_SCHEMAS).map((s) => s.table))].join(', ')})`);
    for (const kind of tableKinds) if (!kinds.includes(kind)) kinds.push(kind);
  }
  const lists = new Map<string, readonly string[]>();
  const scalars = new Map<string, string>();
  const probe = new ImportContext(sourceName, kinds, lists, scalars);
  for (const l of query.lets) {
    if (l.expr.kind === 'dynamic') lists.set(l.name, flatLiterals(l.expr, probe));
    else if (l.expr.kind === 'literal' && l.expr.literal.kind === 'string') scalars.set(l.name, l.expr.literal.value);
    else probe.fail(l, `let ${l.name}: only dynamic([...]) lists and string values are imported`);
  }
  const ctx = new ImportContext(sourceName, kinds, lists, scalars);
  ctx.report = warn;

  let window: Duration | undefined;
  const conditions: Condition[] = [];
  const derived: DerivedField[] = [];
  let fields: string[] = [];
  let sort: SortKey[] = [];
  for (const stage of query.stages) {
    switch (stage.kind) {
      case 'where': {
        const rest: Expr[] = [];
        for (const conjunct of conjuncts(stage.predicate)) {
          const w = windowOf(conjunct);
          if (w) {
            if (window && window.ms !== w.ms) ctx.fail(conjunct, 'a second, different time window');
            window = w;
          } else {
            if (mentionsTime(conjunct)) ctx.fail(conjunct, 'a time filter other than `Timestamp > ago(...)` is not imported');
            rest.push(conjunct);
          }
        }
        if (rest.length > 0) conditions.push(importConjunction(rest, ctx));
        break;
      }
      case 'extend':
        for (const a of stage.assignments) {
          // The path as unirule computes it (registry-path.ts) is registry.path, not a derived field.
          const form = kinds.some(isRegistryKind) ? registryPathExprKinds(a.expr) : undefined;
          if (form !== undefined) {
            pathForms.push({ form, at: a.expr });
            ctx.extended.set(a.name, { kind: 'alias', column: REGISTRY_PATH_COLUMN });
            continue;
          }
          // Likewise the qualified name as user-qualified-name.ts computes it for these kinds.
          if (isQualifiedNameExpr(a.expr, kinds)) {
            ctx.extended.set(a.name, { kind: 'alias', column: USER_QUALIFIED_COLUMN });
            continue;
          }
          const column = aliasedColumn(a.expr);
          ctx.inDerived = true;
          derived.push({ name: a.name, expr: importExpr(a.expr, ctx) });
          ctx.inDerived = false;
          // Set after importing: the expression reads the names defined before it.
          if (column !== undefined) ctx.extended.set(a.name, { kind: 'alias', column: ctx.resolveColumn(column) });
          else ctx.extended.set(a.name, { kind: 'derived' });
        }
        break;
      case 'project':
        fields = stage.items.map((i) => {
          if (i.expr && !(i.expr.kind === 'column' && i.expr.name === i.name)) ctx.fail(i, 'project with a computed column is not imported: use extend, then project the name');
          return outputField(i.name, i, ctx);
        }).filter((f): f is string => f !== undefined);
        break;
      case 'sort':
        sort = stage.keys.map((k) => {
          if (k.expr.kind !== 'column') return ctx.fail(k.expr, 'sort by an expression is not imported');
          const field = outputField(k.expr.name, k.expr, ctx);
          if (field === undefined) return ctx.fail(k.expr, `sort by ${k.expr.name} has no field in the rule model`);
          return { field, order: k.order };
        });
        break;
      case 'project-away':
      case 'take':
        ctx.fail(stage, `${stage.kind} has no counterpart in the rule model`);
    }
  }
  const imported = overWindowsTypes(conditions.length === 0 ? constant(true) : simplify(and(conditions)), lists);
  warnOnMiscellaneousTable(query, kinds, ctx);
  const { logsources, condition } = narrowSharedTables(kinds, imported);
  // The path is computed for the rows the rule reads: value writes, key events, or both.
  const expected = pathFormOf(logsources);
  for (const p of pathForms) if (p.form !== expected) ctx.fail(p.at, `this ${REGISTRY_PATH_COLUMN} is computed for ${FORM_ROWS[p.form]}, but the query reads ${FORM_ROWS[expected]}`);
  const rule = importedRule({
    idSource: JSON.stringify(query.tables) + JSON.stringify(query.stages),
    sourceName,
    language: 'KQL',
    logsources,
    condition,
  });
  // A KQL query says less about how sure it is than a Sigma or EQL rule: low until edited.
  return { ...rule, confidence: 'low', ...(window ? { window } : {}), lists, derived, output: { fields, sort } };
}

/**
 * DeviceEvents holds dozens of ActionTypes besides driver loads (Microsoft Learn: the
 * miscellaneous device events table), so a query on it that never keeps the driver-load
 * ActionType reads rows the imported driver_load rule does not: the import says so at the
 * table. (An `ActionType == "DriverLoad"` test settles to true on import, so it is looked for
 * in the query's text, not in the condition.)
 */
function warnOnMiscellaneousTable(query: KqlQuery, kinds: readonly EventKind[], ctx: ImportContext): void {
  if (!kinds.includes('driver_load')) return;
  const action = KIND_SCHEMAS.driver_load.actionType;
  const stages = JSON.stringify(query.stages);
  if (stages.includes('"kind":"column","name":"ActionType"') && stages.toLowerCase().includes(`"value":"${action.toLowerCase()}"`)) return;
  const table = query.tables.find((t) => t.name === KIND_SCHEMAS.driver_load.table);
  if (table) ctx.warn(table, `${table.name} also holds events other than driver loads; without an ActionType == "${action}" test the query reads them too, while the imported rule reads driver loads only (an approximation)`);
}

const FORM_ROWS: Readonly<Record<RegistryPathKinds, string>> = {
  set: 'registry value writes',
  keys: 'registry keys created or deleted',
  both: 'registry value writes and keys created or deleted',
};

/**
 * A table two kinds share (DeviceFileEvents: file_event, file_delete) gives both as log
 * sources, and its ActionType test imports as a kind test; the kinds of such a table that the
 * condition can never hold for are dropped, and one kind left settles the kind tests. Kinds of
 * a table of their own stay as the query names them.
 */
function narrowSharedTables(kinds: readonly EventKind[], condition: Condition): { logsources: EventKind[]; condition: Condition } {
  const kept = kinds.filter((k) => kindsOfTable(KIND_SCHEMAS[k].table).length === 1 || canHoldOn(condition, k));
  if (kept.length === kinds.length || kept.length === 0) return { logsources: [...kinds], condition };
  return { logsources: kept, condition: kept.length === 1 ? specialise(condition, kept[0] as EventKind) : simplify(withinKinds(condition, kept)) };
}

/**
 * Kind tests read knowing the rule reads only `kept`: a test of another kind never holds, and
 * a disjunction of kind tests naming every kept kind always does (the ActionType guard of a
 * union that also reads a shared table).
 */
function withinKinds(c: Condition, kept: readonly EventKind[]): Condition {
  switch (c.kind) {
    case 'eventKind':
      return kept.includes(c.eventKind) ? c : constant(false);
    case 'or':
      if (c.children.every((x) => x.kind === 'eventKind') && kept.every((k) => c.children.some((x) => x.kind === 'eventKind' && x.eventKind === k))) return constant(true);
      return or(c.children.map((x) => withinKinds(x, kept)));
    case 'and':
      return and(c.children.map((x) => withinKinds(x, kept)));
    case 'not':
      return not(withinKinds(c.child, kept));
    case 'match':
    case 'const':
      return c;
  }
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === 'logical' && e.op === 'and' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

const TIME_COLUMNS = ['Timestamp', 'TimeGenerated'];

/** `Timestamp > ago(24h)` (or TimeGenerated, or `>=`) → the window. */
function windowOf(e: Expr): Duration | undefined {
  if (e.kind !== 'binary' || (e.op !== '>' && e.op !== '>=')) return undefined;
  if (e.left.kind !== 'column' || !TIME_COLUMNS.includes(e.left.name)) return undefined;
  const r = e.right;
  if (r.kind !== 'call' || r.name !== 'ago' || r.args.length !== 1) return undefined;
  const span = r.args[0];
  if (span?.kind !== 'literal' || span.literal.kind !== 'timespan') return undefined;
  return { ms: span.literal.ms, text: span.literal.text };
}

function mentionsTime(e: Expr): boolean {
  return JSON.stringify(e).includes('"name":"ago"') || TIME_COLUMNS.some((c) => JSON.stringify(e).includes(`"kind":"column","name":"${c}"`));
}

/** `X` or `coalesce(X, "")` (the same thing: strings are never null) names the column X. */
function aliasedColumn(e: Expr): string | undefined {
  if (e.kind === 'column') return e.name;
  if (e.kind === 'call' && e.name === 'coalesce' && e.args.length === 2) {
    const [a, b] = e.args as [Expr, Expr];
    if (a.kind === 'column' && b.kind === 'literal' && b.literal.kind === 'string' && b.literal.value === '') return a.name;
  }
  return undefined;
}

function importExpr(e: Expr, ctx: ImportContext): DerivedExpr {
  switch (e.kind) {
    case 'literal': {
      const l = e.literal;
      if (l.kind === 'string' || l.kind === 'bool' || l.kind === 'number') return { kind: 'literal', value: l.value };
      return ctx.fail(e, `a ${l.kind} literal has no counterpart in derived fields`);
    }
    case 'column':
      if (ctx.scalars.has(e.name)) return { kind: 'literal', value: ctx.scalars.get(e.name) as string };
      if (ctx.extended.has(e.name) && ctx.extended.get(e.name)?.kind === 'derived') return { kind: 'field', field: e.name };
      return ctx.columnExpr(e.name, e);
    case 'call': {
      // coalesce(Column, "") is the column itself: strings are never null.
      const alias = aliasedColumn(e);
      if (alias !== undefined) return importExpr({ kind: 'column', name: alias, pos: e.pos }, ctx);
      switch (e.name) {
        case 'coalesce':
          return { kind: 'coalesce', args: e.args.map((a) => importExpr(a, ctx)) };
        case 'extract': {
          const [re, group, source] = e.args;
          if (re?.kind !== 'literal' || re.literal.kind !== 'string' || group?.kind !== 'literal' || group.literal.kind !== 'number' || !source) {
            return ctx.fail(e, 'extract() is imported with a constant pattern and group');
          }
          const m = /^\(\?i\)/.exec(re.literal.value);
          return { kind: 'extract', pattern: re.literal.value.slice(m ? 4 : 0), group: group.literal.value, source: importExpr(source, ctx), caseRule: m ? 'insensitive' : 'sensitive' };
        }
        case 'case':
        case 'iff': {
          const a = e.args;
          const branches: { when: Condition; then: DerivedExpr }[] = [];
          for (let i = 0; i + 1 < a.length; i += 2) branches.push({ when: importCondition(a[i] as Expr, ctx), then: importExpr(a[i + 1] as Expr, ctx) });
          return { kind: 'case', branches, otherwise: importExpr(a[a.length - 1] as Expr, ctx) };
        }
        case 'not':
        case 'isempty':
        case 'isnotempty':
        case 'isnull':
        case 'isnotnull':
        case 'ipv4_is_in_range':
        case 'ipv6_is_in_range':
          return { kind: 'condition', condition: importCondition(e, ctx) };
        default:
          return ctx.fail(e, `${e.name}() has no counterpart in the rule model's derived fields`);
      }
    }
    case 'logical':
    case 'binary':
    case 'setop':
    case 'between':
      return { kind: 'condition', condition: importCondition(e, ctx) };
    default:
      return ctx.fail(e, 'this expression has no counterpart in derived fields');
  }
}

/** The columns a custom detection must return; they carry no field of the rule model. */
const DETECTION_COLUMNS = new Set(['DeviceId', 'ReportId']);

function outputField(name: string, at: { readonly pos: Expr['pos'] }, ctx: ImportContext): string | undefined {
  if (ctx.resolveColumn(name) === REGISTRY_PATH_COLUMN && ctx.extended.has(name)) return REGISTRY_PATH;
  if (ctx.resolveColumn(name) === USER_QUALIFIED_COLUMN && ctx.extended.has(name)) return USER_QUALIFIED_NAME;
  if (ctx.extended.has(name)) return name;
  if (TIME_COLUMNS.includes(name)) return '@timestamp';
  if (DETECTION_COLUMNS.has(name)) return undefined;
  for (const kind of ctx.kinds) {
    const field = Object.entries(KIND_SCHEMAS[kind].columns).find(([f, c]) => c === name && f !== 'registry.hive')?.[0];
    if (field) return field;
  }
  return ctx.fail(at, `the column ${name} has no field in the rule model for ${ctx.kinds.join(', ')}`);
}

function flatLiterals(e: Expr, ctx: ImportContext): string[] {
  if (e.kind === 'dynamic') return e.items.flatMap((i) => flatLiterals(i, ctx));
  if (e.kind === 'literal' && (e.literal.kind === 'string' || e.literal.kind === 'number')) return [String(e.literal.value)];
  return ctx.fail(e, 'a list holds strings or numbers');
}

/**
 * Tests on `RegistryValueType` read Defender's names (`Dword`); the rule model's type is the
 * Windows constant (`REG_DWORD`): each test is said over the constants (registry-value-type.ts).
 */
function overWindowsTypes(c: Condition, lists: ReadonlyMap<string, readonly string[]>): Condition {
  switch (c.kind) {
    case 'and':
      return and(c.children.map((x) => overWindowsTypes(x, lists)));
    case 'or':
      return or(c.children.map((x) => overWindowsTypes(x, lists)));
    case 'not':
      return not(overWindowsTypes(c.child, lists));
    case 'match': {
      if (c.field !== 'registry.data.type') return c;
      const values = c.values.kind === 'literals' ? c.values.values : (lists.get(c.values.name) ?? []);
      return typeTestFromDefender(c, values);
    }
    default:
      return c;
  }
}
