import { LOGON_ID } from '../../ir/logon-id.js';
import { logonIdFromDefender } from './logon-id.js';
import { and, constant, eventKindIs, listRef, literals, match, not, or, type Condition, type MatchInit } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import type { MatchOperator } from '../../ir/match-operator.js';
import { simplify, specialise } from '../../ir/normalize.js';
import { typedValueFindingsOf } from '../../rule/typed-value-lint.js';
import { holdsIPv4Mapped, parseNetwork } from '../../semantics/cidr.js';
import type { Expr } from './ast.js';
import { compileExpr } from './compile-expr.js';
import { HIVE_PREFIX_REGEX, needleStaysInKey } from './emit-registry.js';
import { perlClassesIn } from './regex-dialect.js';
import type { ImportContext } from './import-context.js';
import { HIVES, KIND_SCHEMAS, actionTypesOf, kindOfAction } from './schema.js';
import { valueNamed } from '../../ir/deleted-value.js';
import { columnType, type KqlColumnType } from './tables.js';
import { readCell, type KValue } from './values.js';

/** A KQL predicate → the rule model's condition, kind by kind where a column's meaning differs. */
export function importCondition(e: Expr, ctx: ImportContext): Condition {
  switch (e.kind) {
    case 'logical': {
      if (e.op === 'or') return simplify(or([importCondition(e.left, ctx), importCondition(e.right, ctx)]));
      return importConjunction(andOperands(e), ctx);
    }
    case 'literal':
      if (e.literal.kind === 'bool') return constant(e.literal.value);
      return ctx.fail(e, 'a literal is not a condition');
    case 'call':
      return importCall(e, ctx);
    case 'binary':
      return importBinary(e, ctx);
    case 'setop':
      return importSet(e, ctx);
    case 'between':
      // `!between` is null, not true, where the value is null: it holds where `between` is false.
      return e.negated ? importFalse({ ...e, negated: false }, ctx) : and([importComparison(e, e.left, '>=', e.low, ctx), importComparison(e, e.left, '<=', e.high, ctx)]);
    default:
      return ctx.fail(e, 'this expression is not a condition the rule model can hold');
  }
}

/** Conjuncts together: a kind test among them narrows what the others' columns mean. */
export function importConjunction(items: readonly Expr[], ctx: ImportContext): Condition {
  const read = conjunctContexts(items, ctx);
  return read === undefined ? constant(false) : simplify(and(items.map((i, n) => importCondition(i, read[n] as ImportContext))));
}

/**
 * The context each conjunct is read in: a kind test is read as it is, the others on the kinds
 * every kind test among them keeps. Undefined when no kind is kept (the conjunction is false).
 */
function conjunctContexts(items: readonly Expr[], ctx: ImportContext): ImportContext[] | undefined {
  const kindTests = items.map((i) => kindsTested(i, ctx));
  const narrowed = kindTests.reduce<readonly EventKind[]>((acc, k) => (k ? acc.filter((x) => k.includes(x)) : acc), ctx.kinds);
  if (narrowed.length === 0) return undefined;
  const inner = narrowed.length < ctx.kinds.length ? ctx.narrow(narrowed) : ctx;
  return kindTests.map((k) => (k ? ctx : inner));
}

function andOperands(e: Expr): Expr[] {
  return e.kind === 'logical' && e.op === 'and' ? [...andOperands(e.left), ...andOperands(e.right)] : [e];
}

/** The kinds an `ActionType == "..."` / `ActionType in (...)` test keeps, or undefined for any other predicate. */
function kindsTested(e: Expr, ctx: ImportContext): readonly EventKind[] | undefined {
  if (e.kind === 'binary' && (e.op === '==' || e.op === '=~') && e.left.kind === 'column' && ctx.resolveColumn(e.left.name) === 'ActionType' && e.right.kind === 'literal' && e.right.literal.kind === 'string') {
    const k = kindForAction(e.right.literal.value, ctx);
    return k ? [k] : undefined;
  }
  if (e.kind === 'setop' && (e.op === 'in' || e.op === 'in~') && e.left.kind === 'column' && ctx.resolveColumn(e.left.name) === 'ActionType') {
    const ks = e.items.map((i) => (i.kind === 'literal' && i.literal.kind === 'string' ? kindForAction(i.literal.value, ctx) : undefined));
    return ks.every((k): k is EventKind => k !== undefined) ? ks : undefined;
  }
  return undefined;
}

/** The column a predicate tests: a column, an alias of one, or `tostring()`/`todouble()` of one. */
function subjectColumn(e: Expr, ctx: ImportContext): string {
  if (e.kind === 'call' && (e.name === 'tostring' || e.name === 'todouble') && e.args.length === 1) return subjectColumn(e.args[0] as Expr, ctx);
  if (e.kind !== 'column') return ctx.fail(e, 'the left side of a predicate must be a column');
  if (ctx.lists.has(e.name) || ctx.scalars.has(e.name)) ctx.fail(e, `${e.name} is a let value, not a column`);
  const ext = ctx.extended.get(e.name);
  if (ext?.kind === 'derived' && !ctx.inDerived) ctx.fail(e, `${e.name} is computed by extend; a where of the rule model tests only fields`);
  if (ext?.kind === 'derived') return e.name;
  return ctx.resolveColumn(e.name);
}

/** The predicate on each kind: the field's match where the table has the column, its value on `""` where it has not. */
function onColumn(whole: Expr, left: Expr, ctx: ImportContext, build: (field: string, column: string) => Condition): Condition {
  const column = subjectColumn(left, ctx);
  if (ctx.extended.get(column)?.kind === 'derived') return build(column, column);
  const onEmpty = valueOnEmpty(whole, ctx);
  const parts = ctx.placements(column, left).map((p) => ({
    kind: p.kind,
    condition: p.field === 'absent' ? constant(onEmpty) : p.field === LOGON_ID ? logonIdFromDefender(build(p.field, column), (m) => ctx.fail(whole, m)) : build(p.field, column),
  }));
  for (const p of parts) lintTypedValues(whole, p.condition, p.kind, ctx);
  return ctx.perKind(parts);
}

/**
 * A value a typed column never holds (`RemotePort == 70000`, an error) or a comparison its range
 * settles (`RemotePort > 65535`, a warning), said at the literal, as for a rule file
 * (rule/typed-value-lint.ts).
 */
function lintTypedValues(whole: Expr, condition: Condition, kind: EventKind, ctx: ImportContext): void {
  for (const f of typedValueFindingsOf(condition, [kind], ctx.lists)) {
    const at = valueNodes(whole).find((n) => literalText(n, ctx) === f.value) ?? whole;
    if (f.severity === 'error') ctx.fail(at, f.message);
    ctx.warn(at, f.message);
  }
}

/** The expressions that hold a predicate's values. */
function valueNodes(e: Expr): Expr[] {
  switch (e.kind) {
    case 'binary':
      return [e.right];
    case 'setop':
      return e.items.flatMap((i) => (i.kind === 'dynamic' ? [...i.items] : [i]));
    case 'between':
      return [e.low, e.high];
    case 'call':
      return e.args.slice(1);
    default:
      return [];
  }
}

/** A literal's text as the imported predicate holds it, or undefined. */
function literalText(e: Expr, ctx: ImportContext): string | undefined {
  if (e.kind === 'literal' && (e.literal.kind === 'string' || e.literal.kind === 'number')) return String(e.literal.value);
  if (e.kind === 'negate') {
    const inner = numberOf(e.operand);
    return inner === undefined ? undefined : String(-inner);
  }
  if (e.kind === 'column') return ctx.scalars.get(e.name);
  return undefined;
}

/** What the KQL predicate gives when every column reads `""` (a column the row's table lacks). */
function valueOnEmpty(e: Expr, ctx: ImportContext): boolean {
  const lets = new Map<string, KValue>([...ctx.lists].map(([k, v]) => [k, [...v]] as [string, KValue]));
  for (const [k, v] of ctx.scalars) lets.set(k, v);
  // A column a table lacks reads as the union gives it: "" for strings, null for other types.
  return compileExpr(e, { file: ctx.file, now: 0, lets })((column) => readCell(undefined, typeOfColumn(column, ctx) ?? 'string')) === true;
}

function typeOfColumn(column: string, ctx: ImportContext): KqlColumnType | undefined {
  for (const k of ctx.allKinds) {
    const t = columnType(KIND_SCHEMAS[k].table, column);
    if (t !== undefined) return t;
  }
  return undefined;
}

/** The type isempty()/isnotnull() see: a string under tostring(), else the column's (undefined for an extend). */
function cellType(arg: Expr, column: string, ctx: ImportContext): KqlColumnType | undefined {
  if (arg.kind === 'call' && arg.name === 'tostring') return 'string';
  return ctx.extended.get(column)?.kind === 'derived' ? undefined : typeOfColumn(column, ctx);
}

/**
 * `isnotempty(C)` / `isnotnull(C)` on one field. A string cell is never null in Kusto: a
 * missing value reads `""` (kql.md "Nulls"), so on a string column `isnotempty` is "present
 * and not empty" and `isnotnull` is always true; on other types both are "present".
 */
function presence(field: string, type: KqlColumnType | undefined, notEmpty: boolean): Condition {
  const exists = match({ field, op: 'exists' });
  if (type !== 'string') return exists;
  if (!notEmpty) return constant(true);
  return and([exists, not(match({ field, op: 'equals', values: literals(['']), caseRule: 'sensitive' }))]);
}

function valuesOf(e: Expr, ctx: ImportContext): string {
  if (e.kind === 'literal' && e.literal.kind === 'string') return e.literal.value;
  if (e.kind === 'literal' && e.literal.kind === 'number') return String(e.literal.value);
  if (e.kind === 'column' && ctx.scalars.has(e.name)) return ctx.scalars.get(e.name) as string;
  return ctx.fail(e, 'expected a string or number literal (or a let-bound one)');
}

const STRING_OPS: Readonly<Record<string, readonly [MatchOperator, 'sensitive' | 'insensitive']>> = {
  '==': ['equals', 'sensitive'],
  '=~': ['equals', 'insensitive'],
  contains: ['contains', 'insensitive'],
  contains_cs: ['contains', 'sensitive'],
  startswith: ['startswith', 'insensitive'],
  startswith_cs: ['startswith', 'sensitive'],
  endswith: ['endswith', 'insensitive'],
  endswith_cs: ['endswith', 'sensitive'],
  has: ['term', 'insensitive'],
  has_cs: ['term', 'sensitive'],
  hasprefix: ['termprefix', 'insensitive'],
  hasprefix_cs: ['termprefix', 'sensitive'],
  hassuffix: ['termsuffix', 'insensitive'],
  hassuffix_cs: ['termsuffix', 'sensitive'],
};

function importBinary(e: Extract<Expr, { kind: 'binary' }>, ctx: ImportContext): Condition {
  if (e.left.kind === 'column' && ctx.resolveColumn(e.left.name) === 'ActionType' && (e.op === '==' || e.op === '=~')) {
    const tested = actionsCondition([valuesOf(e.right, ctx)], ctx);
    if (tested) return tested;
  }
  if (e.op === 'matches regex') return importRegex(e, ctx);
  if (['<', '<=', '>', '>='].includes(e.op)) return importComparison(e, e.left, e.op, e.right, ctx);
  const negated = e.op.startsWith('!') && e.op !== '!=' && e.op !== '!~';
  const op = e.op === '!=' ? '==' : e.op === '!~' ? '=~' : negated ? e.op.slice(1) : e.op;
  const mapped = STRING_OPS[op];
  if (!mapped) return ctx.fail(e, `the operator ${e.op} is not imported`);
  const needle = valuesOf(e.right, ctx);
  const positive = onColumn({ ...e, op }, e.left, ctx, (field) => fieldMatch(e, field, { op: mapped[0], caseRule: mapped[1], values: literals([needle]) }, ctx));
  return e.op === '!=' || e.op === '!~' || negated ? not(positive) : positive;
}

/**
 * A test that ActionType is one of some actions, each naming a kind: a kind test. A kind with
 * several actions (registry_delete: RegistryKeyDeleted, RegistryValueDeleted) is tested whole
 * only when all of them are named; one of them alone says whether the deletion names a value
 * (ir/deleted-value.ts). Undefined when an action names no kind.
 */
function actionsCondition(actions: readonly string[], ctx: ImportContext): Condition | undefined {
  const kinds = actions.map((a) => kindForAction(a, ctx));
  if (!kinds.every((k): k is EventKind => k !== undefined)) return undefined;
  const parts: Condition[] = [];
  for (const kind of ctx.kinds) {
    const named = actionTypesOf(kind).filter((a) => actions.includes(a));
    if (named.length === 0) continue;
    if (named.length === actionTypesOf(kind).length) parts.push(eventKindIs(kind));
    else parts.push(and([eventKindIs(kind), named[0] === 'RegistryValueDeleted' ? valueNamed() : not(valueNamed())]));
  }
  // Every kind the query reads, whole: always true.
  if (parts.length === ctx.kinds.length && parts.every((p) => p.kind === 'eventKind')) return constant(true);
  const c = simplify(or(parts));
  return ctx.kinds.length === 1 ? specialise(c, ctx.kinds[0] as EventKind) : c;
}

/** An action that names a kind is a kind test, even of a kind this (narrowed) query does not read. */
function kindForAction(action: string, _ctx: ImportContext): EventKind | undefined {
  return kindOfAction(action);
}

/**
 * A match on one field. `RegistryKey` holds the hive too: a needle that begins with a full hive
 * name splits into a hive test and a key test; any other needle must stay inside the key.
 */
function fieldMatch(at: Expr, field: string, init: Omit<MatchInit, 'field'>, ctx: ImportContext): Condition {
  if (field !== 'registry.key' || init.values?.kind !== 'literals') return match({ field, ...init });
  const insensitive = init.caseRule !== 'sensitive';
  const wholeKey = init.op === 'equals' || init.op === 'startswith';
  const parts: Condition[] = [];
  const plain: string[] = [];
  for (const v of init.values.values) {
    const hive = HIVES.find(([, full]) => (insensitive ? v.toUpperCase() : v).startsWith(`${full}\\`));
    if (hive && wholeKey) {
      const rest = v.slice(hive[1].length + 1);
      const hiveTest = match({ field: 'registry.hive', op: 'equals', values: literals([hive[0]]) });
      parts.push(rest === '' && init.op === 'startswith' ? hiveTest : and([hiveTest, match({ field, ...init, values: literals([rest]) })]));
      continue;
    }
    if (init.op === 'startswith' && HIVES.some(([, full]) => `${full}\\`.startsWith(insensitive ? v.toUpperCase() : v))) {
      ctx.fail(at, `RegistryKey startswith ${JSON.stringify(v)} also matches hive names; it has no form in the rule model`);
    }
    if (init.op === 'regex' && !v.startsWith(HIVE_PREFIX_REGEX)) {
      ctx.fail(at, 'a regex on RegistryKey is imported only after an optional hive prefix ^(?:HKEY_LOCAL_MACHINE\\\\|...)?, as unirule writes it');
    }
    if (!wholeKey && init.op !== 'regex' && !needleStaysInKey(v, insensitive)) {
      ctx.fail(at, `a test on RegistryKey whose value reaches into the hive name (${JSON.stringify(v)}) has no form in the rule model`);
    }
    plain.push(v);
  }
  if (plain.length > 0) {
    const keyTest = match({ field, ...init, values: literals(plain) });
    // A whole-key value without a hive fits only a row without one: an event that lacks registry.hive.
    parts.push(wholeKey ? and([not(match({ field: 'registry.hive', op: 'exists' })), keyTest]) : keyTest);
  }
  return parts.length === 1 ? (parts[0] as Condition) : init.quantifier === 'all' ? and(parts) : or(parts);
}

function importRegex(e: Extract<Expr, { kind: 'binary' }>, ctx: ImportContext): Condition {
  const pattern = valuesOf(e.right, ctx);
  // Leading inline flags become the predicate's case rule and flags.
  const m = /^\(\?([ims]+)\)/.exec(pattern);
  const flags = m?.[1] ?? '';
  // Kept as written: the rule model reads \d \w \s as ASCII where Kusto reads them as Unicode
  // (regex-dialect.ts), the one difference import leaves (the imported rule must stay
  // portable), and says so.
  const body = pattern.slice(m ? m[0].length : 0);
  const classes = perlClassesIn(body);
  if (classes.length > 0) {
    ctx.warn(e.right, `${classes.map((c) => `\\${c}`).join(' ')}: Kusto reads these classes with Unicode (any script's digits, letters, spaces), the imported rule with ASCII only (\\d is 0-9)`);
  }
  return onColumn(e, e.left, ctx, (field) =>
    fieldMatch(e, field, {
      op: 'regex',
      values: literals([body]),
      caseRule: flags.includes('i') ? 'insensitive' : 'sensitive',
      ...(flags.includes('m') || flags.includes('s') ? { regexFlags: { multiline: flags.includes('m'), dotAll: flags.includes('s') } } : {}),
    }, ctx),
  );
}

function importComparison(whole: Expr, left: Expr, symbol: string, right: Expr, ctx: ImportContext): Condition {
  const op = ({ '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' } as const)[symbol as '<'];
  const n = numberOf(right);
  if (!op || n === undefined) return ctx.fail(whole, 'a comparison needs a number on its right');
  const bound = String(n);
  return onColumn(whole, left, ctx, (field) => match({ field, op, values: literals([bound]) }));
}

function numberOf(e: Expr): number | undefined {
  if (e.kind === 'literal' && e.literal.kind === 'number') return e.literal.value;
  if (e.kind === 'negate') {
    const inner = numberOf(e.operand);
    return inner === undefined ? undefined : -inner;
  }
  return undefined;
}

function importSet(e: Extract<Expr, { kind: 'setop' }>, ctx: ImportContext): Condition {
  if (e.left.kind === 'column' && ctx.resolveColumn(e.left.name) === 'ActionType' && (e.op === 'in' || e.op === 'in~')) {
    const actions = e.items.map((i) => (i.kind === 'literal' && i.literal.kind === 'string' ? i.literal.value : undefined));
    const tested = actions.every((a): a is string => a !== undefined) ? actionsCondition(actions, ctx) : undefined;
    if (tested) return tested;
  }
  const negated = e.op.startsWith('!');
  const base = negated ? e.op.slice(1) : e.op;
  const [op, caseRule, quantifier] =
    base === 'in' ? (['equals', 'sensitive', 'any'] as const) : base === 'in~' ? (['equals', 'insensitive', 'any'] as const) : base === 'has_any' ? (['term', 'insensitive', 'any'] as const) : (['term', 'insensitive', 'all'] as const);
  const only = e.items[0];
  const values =
    e.items.length === 1 && only?.kind === 'column' && ctx.lists.has(only.name)
      ? listRef(only.name)
      : literals(e.items.flatMap((i) => (i.kind === 'dynamic' ? flatStrings(i, ctx) : [valuesOf(i, ctx)])));
  const positive = onColumn({ ...e, op: base }, e.left, ctx, (field) => {
    // A list lives in the rule; registry keys need their values at hand to check the hive.
    const v = field === 'registry.key' && values.kind === 'list' ? literals(ctx.lists.get(values.name) ?? []) : values;
    return fieldMatch(e, field, { op, caseRule, quantifier, values: v }, ctx);
  });
  return negated ? not(positive) : positive;
}

function flatStrings(e: Expr, ctx: ImportContext): string[] {
  if (e.kind === 'dynamic') return e.items.flatMap((i) => flatStrings(i, ctx));
  return [valuesOf(e, ctx)];
}

function importCall(e: Extract<Expr, { kind: 'call' }>, ctx: ImportContext): Condition {
  const arg = e.args[0];
  switch (e.name) {
    case 'not':
      if (!arg) return ctx.fail(e, 'not() needs an argument');
      // not(null) is null, which `where` drops: not(p) holds where p is false, not where it is not true.
      return importFalse(arg, ctx);
    case 'coalesce': {
      // coalesce(p, false): a null predicate read as false, which is how `where` reads it anyway.
      const fallback = e.args[1];
      if (arg && e.args.length === 2 && fallback?.kind === 'literal' && fallback.literal.kind === 'bool' && !fallback.literal.value) return importCondition(arg, ctx);
      return ctx.fail(e, 'coalesce() is imported as a condition only in the form coalesce(predicate, false)');
    }
    case 'isnotempty':
    case 'isnotnull':
    case 'isempty':
    case 'isnull': {
      if (!arg || e.args.length !== 1) return ctx.fail(e, `${e.name}() takes one column`);
      const positive = e.name.includes('not') ? e : { ...e, name: e.name === 'isempty' ? 'isnotempty' : 'isnotnull' };
      const present = onColumn(positive, arg, ctx, (field, column) => presence(field, cellType(arg, column, ctx), positive.name === 'isnotempty'));
      return e.name.includes('not') ? present : not(present);
    }
    case 'ipv4_is_in_range':
    case 'ipv6_is_in_range': {
      const net = e.args[1];
      if (!arg || !net || e.args.length !== 2) return ctx.fail(e, `${e.name}() takes a column and a network`);
      const value = valuesOf(net, ctx);
      const network = parseNetwork(value);
      // Each function reads only its own family: ipv4_is_in_range gives null (never true) for
      // an IPv6 range; an IPv6 range that holds ::ffff:a.b.c.d also takes IPv4 addresses.
      if (e.name === 'ipv4_is_in_range' ? network?.family !== 4 : network?.family !== 6 || holdsIPv4Mapped(network)) {
        const reason = e.name === 'ipv4_is_in_range' ? 'is not an IPv4 network, so this test is never true' : 'is not an IPv6 network that holds no IPv4-mapped address (::ffff:0:0/96)';
        return ctx.fail(net, `${JSON.stringify(value)} ${reason}; the rule model's cidr test cannot say it`);
      }
      return onColumn(e, arg, ctx, (field) => match({ field, op: 'cidr', values: literals([value]) }));
    }
    default:
      return ctx.fail(e, `${e.name}() is not a condition the rule model can hold`);
  }
}

const COMPLEMENT: Readonly<Record<string, string>> = { '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/**
 * Where a KQL predicate is false, as opposed to true or null (kql.md "Nulls": `where` drops a
 * null, and not(null) is null). Most predicates are never null: strings are never null, `==`
 * and `!=` with null are false and true, `in` with null is false. The ones that can be are the
 * ordering comparisons (null when the value is null or not a number) and the IP range
 * functions (null when the text is not an address): false there is "the value is of the right
 * kind and the test fails". The rule model's comparisons are false on a missing or
 * non-numeric value too, so the complement comparison says it exactly.
 */
function importFalse(e: Expr, ctx: ImportContext): Condition {
  switch (e.kind) {
    case 'logical': {
      if (e.op === 'or') return simplify(and([importFalse(e.left, ctx), importFalse(e.right, ctx)]));
      // False where any conjunct is false, each read as importConjunction reads it.
      const items = andOperands(e);
      const read = conjunctContexts(items, ctx);
      return read === undefined ? constant(true) : simplify(or(items.map((i, n) => importFalse(i, read[n] as ImportContext))));
    }
    case 'literal':
      if (e.literal.kind === 'bool') return constant(!e.literal.value);
      return ctx.fail(e, 'a literal is not a condition');
    case 'call':
      if (e.name === 'not' && e.args.length === 1) return importCondition(e.args[0] as Expr, ctx);
      if (e.name === 'ipv4_is_in_range' || e.name === 'ipv6_is_in_range') return ipRangeFalse(e, ctx);
      return not(importCondition(e, ctx));
    case 'binary': {
      const complement = COMPLEMENT[e.op];
      if (complement === undefined) return not(importCondition(e, ctx));
      return importComparison({ ...e, op: complement }, e.left, complement, e.right, ctx);
    }
    case 'between':
      if (e.negated) return importCondition({ ...e, negated: false }, ctx);
      return or([importComparison(e, e.left, '<', e.low, ctx), importComparison(e, e.left, '>', e.high, ctx)]);
    default:
      return not(importCondition(e, ctx));
  }
}

/** An address of the function's reading (IPv4 for ipv4_is_in_range; IPv6 or IPv4, read as mapped, for ipv6_is_in_range) outside the range. */
function ipRangeFalse(e: Extract<Expr, { kind: 'call' }>, ctx: ImportContext): Condition {
  const inside = importCondition(e, ctx);
  const arg = e.args[0] as Expr;
  const anyAddress = (field: string): Condition =>
    e.name === 'ipv4_is_in_range'
      ? match({ field, op: 'cidr', values: literals(['0.0.0.0/0']) })
      : match({ field, op: 'cidr', values: literals(['0.0.0.0/0', '::/0']) });
  // Where the column is absent it reads "", which is no address: null, so never false.
  return and([onColumn(e, arg, ctx, (field) => anyAddress(field)), not(inside)]);
}
