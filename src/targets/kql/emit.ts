import { assertNever, constant, type Condition, type MatchNode } from '../../ir/condition.js';
import { isNumericOperator } from '../../ir/match-operator.js';
import { typeTestForDefender } from './registry-value-type.js';
import type { DerivedExpr } from '../../ir/derived.js';
import type { EventKind } from '../../ir/event-kind.js';
import { simplify, specialise } from '../../ir/normalize.js';
import type { Rule } from '../../ir/rule.js';
import { computedReads } from './computed-columns.js';
import { LOGON_ID } from '../../ir/logon-id.js';
import type { EmitOptions, EmitResult } from '../contract.js';
import { EmitContext } from './emit-context.js';
import { checkNegatedOperand, emitNegatedMatch } from './emit-negated.js';
import { fieldsTestedForPresence, nonEmptyPairs } from './non-empty.js';
import { atom, atomDoc, emitMatch, joinEmitted, kindGuard, type Emitted } from './emit-match.js';
import { bracket, call, columns, concat, printQuery, text, type Doc } from './layout.js';
import { kqlIdentifier, kqlString } from './escape.js';
import { parseDuration } from '../../semantics/duration.js';
import { toKustoRegex } from './regex-dialect.js';
import { asciiBothCases } from '../../semantics/ascii-caseless.js';
import { tableHasColumn } from './tables.js';
import { HIVES, KIND_SCHEMAS, columnFor, fullHive, tablesOf } from './schema.js';
import { pathFormOf, REGISTRY_PATH_COLUMN, registryPathStage } from './registry-path.js';
import { isRegistryKind } from '../../ir/registry-path.js';
import { USER_QUALIFIED_COLUMN, qualifiedNameStage } from './user-qualified-name.js';

export type KqlFlavour = 'defender' | 'sentinel';

export interface KqlEmitOptions extends EmitOptions {
  /**
   * Defender custom detection: no time filter (the schedule sets the look-back) and the
   * result carries Timestamp, ReportId and DeviceId.
   */
  readonly customDetection?: boolean;
  /** Columns an envelope maps to entities: added to `project` when the rule projects. */
  readonly ensureColumns?: readonly string[];
  /** Lines longer than this break (layout.ts); the default suits a reader. */
  readonly lineWidth?: number;
}

export function flavourOf(options: EmitOptions): KqlFlavour {
  const f = options.flavour ?? 'defender';
  if (f !== 'defender' && f !== 'sentinel') throw new Error(`unknown KQL flavour ${JSON.stringify(f)}: defender | sentinel`);
  return f;
}

/**
 * The rule as one KQL query in the shape people write: lets, table(s), where, extend, project,
 * sort. This runs once per rule, mostly before the engine has optimised it: the stages most
 * rules lack (computed columns, extend, project, sort, lets) are made by functions of their
 * own, called only when the rule has them, and no callback is made for the rest.
 */
export function emitKql(rule: Rule, options: KqlEmitOptions): EmitResult {
  const flavour = flavourOf(options);
  const timeColumn = flavour === 'sentinel' ? 'TimeGenerated' : 'Timestamp';
  const kinds = rule.logsources.slice();
  const ctx = new EmitContext(rule, kinds, options.lenient);
  const condition = prepareCondition(rule.condition, kinds);
  const read = computedReads(rule);

  const stages: Doc[] = [];
  if (rule.window && !options.customDetection) stages.push(text(`where ${timeColumn} > ago(${timespan(rule.window)})`));
  if (holdsOtherActions(kinds)) stages.push(concat(text('where '), kindGuard(kinds).doc));
  // Defender has no path column: computed once, before anything reads it (registry-path.ts).
  if (read.registryPath && kinds.some(isRegistryKind)) {
    if (derives(rule, REGISTRY_PATH_COLUMN)) {
      ctx.approximate(`derived field ${REGISTRY_PATH_COLUMN}`, `the query computes registry.path as ${REGISTRY_PATH_COLUMN}; a derived field of that name replaces it`);
    }
    stages.push(registryPathStage(pathFormOf(kinds)));
  }
  // Nor a DOMAIN\name column: likewise computed (user-qualified-name.ts).
  if (read.qualifiedName) {
    if (derives(rule, USER_QUALIFIED_COLUMN)) {
      ctx.approximate(`derived field ${USER_QUALIFIED_COLUMN}`, `the query computes user.qualified_name as ${USER_QUALIFIED_COLUMN}; a derived field of that name replaces it`);
    }
    stages.push(qualifiedNameStage(kinds));
  }
  const where = emitCondition(condition, ctx, false).doc;
  if (where.flat !== 'true') stages.push(concat(text('where '), where));
  if (rule.derived.length > 0) extendStages(rule, ctx, stages);
  if (rule.output.fields.length > 0 || options.customDetection === true) projectStage(rule, kinds, timeColumn, ctx, options, stages);
  if (rule.output.sort.length > 0) sortStage(rule, kinds, timeColumn, ctx, stages);

  // Two kinds may share a table (file_event and file_delete: DeviceFileEvents), read once.
  const tables = kinds.length === 1 ? [KIND_SCHEMAS[kinds[0] as EventKind].table] : tablesOf(kinds);
  const source = tables.length === 1 ? (tables[0] as string) : `union ${tables.join(', ')}`;
  const statements = ctx.usedLists.size > 0 ? letStatements(rule, ctx) : [];
  statements.push(text(source));
  const query = printQuery(statements, stages, options.lineWidth);
  return { text: query, approximations: ctx.approximations };
}

/** Whether a kind the query reads has a table that holds other actions too, so rows need a kind test. */
function holdsOtherActions(kinds: readonly EventKind[]): boolean {
  for (let i = 0; i < kinds.length; i++) if (KIND_SCHEMAS[kinds[i] as EventKind].tableHoldsOtherActions) return true;
  return false;
}

function derives(rule: Rule, name: string): boolean {
  for (let i = 0; i < rule.derived.length; i++) if ((rule.derived[i] as Rule['derived'][number]).name === name) return true;
  return false;
}

function extendStages(rule: Rule, ctx: EmitContext, stages: Doc[]): void {
  for (const d of rule.derived) stages.push(concat(text(`extend ${kqlIdentifier(d.name)} = `), emitExpr(d.expr, ctx)));
}

function projectStage(rule: Rule, kinds: readonly EventKind[], timeColumn: string, ctx: EmitContext, options: KqlEmitOptions, stages: Doc[]): void {
  const projected = projectColumns(rule, kinds, timeColumn, ctx, options.customDetection === true);
  if (projected.length > 0) for (const c of options.ensureColumns ?? []) if (!projected.includes(c)) projected.push(c);
  if (projected.length > 0) stages.push(concat(text('project '), columns(projected)));
}

function sortStage(rule: Rule, kinds: readonly EventKind[], timeColumn: string, ctx: EmitContext, stages: Doc[]): void {
  const sort = rule.output.sort.flatMap((s) => outputColumns(s.field, kinds, timeColumn, ctx).map((c) => `${c} ${s.order}`));
  if (sort.length > 0) stages.push(concat(text('sort by '), columns(sort)));
}

/** A `let` for each list the condition names, in the rule's order of lists. */
function letStatements(rule: Rule, ctx: EmitContext): Doc[] {
  const lets: Doc[] = [];
  rule.lists.forEach((values, name) => {
    if (ctx.usedLists.has(name)) lets.push(concat(text(`let ${kqlIdentifier(name)} = `), bracket('dynamic([', values.map((v) => text(kqlString(v))), '])', 'fill'), text(';')));
  });
  return lets;
}

/** Type tests already said over Defender's names (registry-value-type.ts), emitted as they are. */
const overDefenderNames = new WeakSet<Condition>();

/**
 * A test on registry.data.type, said over Defender's names (`Dword` for REG_DWORD). Exact when
 * case-insensitive; a case-sensitive one reads the constant as written, which Defender does not
 * keep (`reg_dword` and `REG_DWORD` are both `Dword` there).
 */
function emitValueType(node: MatchNode, ctx: EmitContext, negated: boolean): Emitted {
  const values = node.values.kind === 'literals' ? node.values.values : ctx.listValues(node.values.name);
  if (node.caseRule === 'sensitive' && node.op !== 'exists' && !isNumericOperator(node.op) && node.op !== 'cidr') {
    ctx.approximate(`registry.data.type ${node.op} (case-sensitive) ${JSON.stringify(values)}`, 'Defender names the type Dword, String, ... whatever case the Windows constant had: a case-sensitive test on REG_* cannot be carried over');
  }
  const over = typeTestForDefender(node, values);
  const mark = (c: Condition): void => {
    if (c.kind === 'match') overDefenderNames.add(c);
    else if (c.kind === 'and' || c.kind === 'or') c.children.forEach(mark);
    else if (c.kind === 'not') mark(c.child);
  };
  mark(over);
  return emitCondition(over, ctx, negated);
}

/** Kind tests become constants where the answer is known: kinds the rule does not read are false. */
function prepareCondition(condition: Condition, kinds: readonly EventKind[]): Condition {
  if (kinds.length === 1) return specialise(condition, kinds[0] as EventKind);
  const substitute = (c: Condition): Condition => {
    switch (c.kind) {
      case 'eventKind':
        return kinds.includes(c.eventKind) ? c : constant(false);
      case 'not':
        return { kind: 'not', child: substitute(c.child) };
      case 'and':
      case 'or':
        return { kind: c.kind, children: c.children.map(substitute) };
      default:
        return c;
    }
  };
  return simplify(substitute(condition));
}

export function emitCondition(condition: Condition, ctx: EmitContext, negated: boolean): Emitted {
  switch (condition.kind) {
    case 'const':
      return atom(condition.value ? 'true' : 'false');
    case 'eventKind':
      return ctx.kinds.length === 1 ? atom(ctx.kinds[0] === condition.eventKind ? 'true' : 'false') : kindGuard([condition.eventKind]);
    case 'not': {
      const child = condition.child;
      const folded = child.kind === 'match' ? emitNegatedMatch(child, ctx) : undefined;
      if (folded !== undefined) {
        // The `!` form still makes the operand's checks (strict refusals, approximations):
        // for the predicates it takes, that is only the missing-reads-"" check (emit-negated.ts).
        checkNegatedOperand(child as MatchNode, ctx);
        return folded;
      }
      return atomDoc(call('not', [emitCondition(child, ctx, !negated).doc]));
    }
    case 'and': {
      const narrowed = andContext(condition.children, ctx);
      if (!narrowed) return atom('false');
      const pairs = nonEmptyPairs(condition.children, narrowed.kinds, narrowed.derivedNames, fieldsTestedForPresence(ctx.rule));
      const inner = pairs.fields.size > 0 ? narrowed.withNonEmpty(pairs.fields) : narrowed;
      const children = condition.children;
      const parts: Emitted[] = [];
      // Indexed loops: most of a rule set is emitted before the engine optimises this code,
      // and there a `for...of` step allocates an iterator result.
      for (let i = 0; i < children.length; i++) {
        const c = children[i] as Condition;
        if (!pairs.redundant.has(c)) parts.push(emitCondition(c, c.kind === 'eventKind' ? ctx : inner, negated));
      }
      return joinEmitted(parts, 'and');
    }
    case 'or': {
      const children = condition.children;
      const parts: Emitted[] = [];
      for (let i = 0; i < children.length; i++) parts.push(emitCondition(children[i] as Condition, ctx, negated));
      return joinEmitted(parts, 'or');
    }
    case 'match':
      if (condition.field === 'registry.data.type' && !overDefenderNames.has(condition)) return emitValueType(condition, ctx, negated);
      return emitMatch(condition, ctx, negated);
    default:
      return assertNever(condition, 'condition');
  }
}

/**
 * The context an `and`'s operands are emitted in: a kind test narrows what its siblings'
 * fields mean, a hive test lets key tests name the full key. Undefined when no kind is left.
 */
function andContext(children: readonly Condition[], ctx: EmitContext): EmitContext | undefined {
  const hive = knownHive(children);
  const kinds: EventKind[] = [];
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as Condition;
    if (c.kind === 'eventKind') kinds.push(c.eventKind);
  }
  // Nothing to narrow (the common case): the context as it is.
  if (kinds.length === 0 && hive === undefined && ctx.kinds.length > 0) return ctx;
  const narrowed = ctx.kinds.filter((k) => kinds.every((x) => x === k));
  if (narrowed.length === 0) return undefined;
  return ctx.narrow(narrowed, hive);
}

/** The full hive an `and` fixes through a case-insensitive `registry.hive` equality to one value. */
function knownHive(children: readonly Condition[]): string | undefined {
  for (let i = 0; i < children.length; i++) {
    const c = children[i] as Condition;
    if (c.kind === 'match' && c.field === 'registry.hive' && c.op === 'equals' && c.caseRule === 'insensitive' && c.values.kind === 'literals' && c.values.values.length === 1) {
      const full = fullHive(c.values.values[0] as string);
      if (HIVES.some((h) => h[1] === full)) return full;
    }
  }
  return undefined;
}

export function emitExpr(expr: DerivedExpr, ctx: EmitContext): Doc {
  switch (expr.kind) {
    case 'literal':
      return text(typeof expr.value === 'string' ? kqlString(expr.value) : String(expr.value));
    case 'field':
      return fieldExpr(expr.field, ctx);
    case 'coalesce':
      return call('coalesce', expr.args.map((a) => emitExpr(a, ctx)));
    case 'extract': {
      // Both cases spelled out rather than `(?i)`, which in Kusto folds Unicode as well.
      const cased = expr.caseRule === 'insensitive' ? asciiBothCases(expr.pattern) : expr.pattern;
      const kusto = toKustoRegex(cased);
      if (kusto === undefined) ctx.approximate(`extract ${JSON.stringify(expr.pattern)}`, 'a negated class inside brackets has no ASCII spelling in Kusto regex');
      const pattern = kusto ?? cased;
      return call('extract', [text(kqlString(pattern)), text(String(expr.group)), emitExpr(expr.source, ctx)]);
    }
    case 'case': {
      // A branch taken only on some kinds reads its value as those kinds' rows hold it.
      const parts = expr.branches.flatMap((b) => {
        const kinds = b.when.kind === 'eventKind' ? [b.when.eventKind] : b.when.kind === 'and' ? b.when.children.flatMap((c) => (c.kind === 'eventKind' ? [c.eventKind] : [])) : [];
        const narrowed = ctx.kinds.filter((k) => kinds.every((x) => x === k));
        return [emitCondition(b.when, ctx, false).doc, emitExpr(b.then, narrowed.length > 0 ? ctx.narrow(narrowed) : ctx)];
      });
      // One predicate and its value a line, the otherwise alone, when it does not fit on one.
      return bracket('case(', [...parts, emitExpr(expr.otherwise, ctx)], ')', 'pairs');
    }
    case 'condition':
      return emitCondition(expr.condition, ctx, false).doc;
    default:
      return assertNever(expr, 'derived expression');
  }
}

/**
 * A field read in a derived expression. Where the column differs by kind, the value is chosen
 * by the row's kind; a kind without the field reads `""`, as a missing string does.
 */
function fieldExpr(field: string, ctx: EmitContext): Doc {
  if (ctx.derivedNames.has(field)) return text(kqlIdentifier(field));
  if (field === 'registry.data.type') {
    ctx.approximate('derived value of registry.data.type', 'Defender shows the type under its own name (Dword for REG_DWORD, registry-value-type.ts)');
  }
  if (field === LOGON_ID) ctx.approximate(`derived value of ${LOGON_ID}`, 'Defender shows the logon session as a number (999 for 0x3e7)');
  const byKind = ctx.kinds.map((k) => ({ kind: k, column: columnFor(k, field) }));
  const defined = [...new Set(byKind.map((b) => b.column).filter((c): c is string => c !== undefined))];
  // One column, which the other kinds' tables lack (it reads "" there, as the missing field does).
  const only = defined[0];
  if (defined.length === 1 && only !== undefined && byKind.every((b) => b.column !== undefined || !tableHas(b.kind, only))) return text(only);
  const parts = byKind.filter((b) => b.column !== undefined).flatMap((b) => [kindGuard([b.kind]).doc, text(b.column as string)]);
  if (parts.length === 0) return text('""');
  return bracket('case(', [...parts, text('""')], ')', 'pairs');
}

function tableHas(kind: EventKind, column: string): boolean {
  return tableHasColumn(KIND_SCHEMAS[kind].table, column);
}

function outputColumns(field: string, kinds: readonly EventKind[], timeColumn: string, ctx: EmitContext): string[] {
  if (ctx.derivedNames.has(field)) return [kqlIdentifier(field)];
  if (field === '@timestamp') return [timeColumn];
  const cols = kinds.map((k) => columnFor(k, field)).filter((c): c is string => c !== undefined);
  return [...new Set(cols)];
}

function projectColumns(rule: Rule, kinds: readonly EventKind[], timeColumn: string, ctx: EmitContext, customDetection: boolean): string[] {
  const columns: string[] = [];
  const add = (c: string): void => {
    if (!columns.includes(c)) columns.push(c);
  };
  if (customDetection) ['Timestamp', 'DeviceId', 'ReportId'].forEach(add);
  for (const f of rule.output.fields) outputColumns(f, kinds, timeColumn, ctx).forEach(add);
  if (customDetection && rule.output.fields.length === 0) return [];
  return columns;
}

/** A window as a Kusto timespan literal: as the author wrote it when Kusto reads it so, else in whole units. */
export function timespan(window: { readonly ms: number; readonly text: string }): string {
  if (parseDuration(window.text) === window.ms && /^[0-9]+(?:\.[0-9]+)?(?:ms|s|m|h|d)$/.test(window.text)) return window.text;
  const ms = window.ms;
  const units: readonly (readonly [string, number])[] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];
  for (const u of units) if (ms % u[1] === 0) return `${ms / u[1]}${u[0]}`;
  return `${ms}ms`;
}
