import { LOGON_ID } from '../../ir/logon-id.js';
import { emitLogonIdTest } from './logon-id.js';
import type { MatchNode } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import { fieldSpec } from '../../ir/fields.js';
import { isNumericOperator, type StringOperator } from '../../ir/match-operator.js';
import { holdsIPv4Mapped, parseNetwork } from '../../semantics/cidr.js';
import { globIsLiteral, parseGlob, type GlobToken } from '../../semantics/wildcard.js';
import type { EmitContext } from './emit-context.js';
import { emitRegistryHive, emitRegistryKey } from './emit-registry.js';
import { REGISTRY_PATH_COLUMN } from './registry-path.js';
import { USER_QUALIFIED_COLUMN } from './user-qualified-name.js';
import { globRegex, kqlIdentifier, kqlString } from './escape.js';
import { kustoSpelling, regexMatchesEmpty } from './regex-needle.js';
import { KIND_SCHEMAS, actionTypesOf, columnFor, columnTypeFor } from './schema.js';
import { isRegistryKind } from '../../ir/registry-path.js';
import { bracket, chain, concat, text, valueList, type Doc } from './layout.js';
import { tableHasColumn, type KqlColumnType } from './tables.js';

/** Emitted text (as a layout piece) with the loosest operator at its top, so callers add only needed parentheses. */
export interface Emitted {
  readonly doc: Doc;
  readonly prec: 'or' | 'and' | 'atom';
}

export const atom = (t: string): Emitted => ({ doc: text(t), prec: 'atom' });
/** A piece that binds as one operand: a call, a subject with its value list. */
export const atomDoc = (doc: Doc): Emitted => ({ doc, prec: 'atom' });

export function joinEmitted(parts: readonly Emitted[], op: 'and' | 'or'): Emitted {
  if (parts.length === 1) return parts[0] as Emitted;
  // `and` binds tighter, but a reader should not need to know: mixed operators get parentheses.
  const docs: Doc[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as Emitted;
    docs.push(p.prec !== 'atom' && p.prec !== op ? bracket('(', [p.doc], ')', 'lines') : p.doc);
  }
  return { doc: chain(op, docs), prec: op };
}

/** `subject op (v1, v2, ...)`: the values fill lines when the list is long. */
export function setTest(subject: string, op: string, values: readonly string[]): Emitted {
  return atomDoc(concat(text(`${subject} ${op} `), valueList(values)));
}

export function describeMatch(node: MatchNode, values: readonly string[]): string {
  if (node.op === 'exists') return `${node.field} exists`;
  const v = node.values.kind === 'list' ? `list ${node.values.name}` : JSON.stringify(values);
  return `${node.field} ${node.op}${node.caseRule === 'sensitive' ? ' (case-sensitive)' : ''} ${v}`;
}

export function matchValues(node: MatchNode, ctx: EmitContext): readonly string[] {
  return node.values.kind === 'literals' ? node.values.values : ctx.listValues(node.values.name);
}

/** Whether a needle matches the empty string, which is what a missing string column reads as. */
export function matchesEmpty(op: StringOperator, needle: string, insensitive: boolean): boolean {
  switch (op) {
    case 'wildcard':
      // Only `*` matches nothing: `?` takes a character, and a backslash always leaves text.
      return ONLY_STARS.test(needle);
    case 'regex':
      return regexMatchesEmpty(needle, insensitive);
    default:
      return needle === '';
  }
}

const ONLY_STARS = /^\**$/;

/**
 * DeviceNetworkEvents' RemoteUrl is the "URL or FQDN that was being connected to" (Microsoft
 * Learn), the only column near the rule model's host name: any test on the name is exact only on
 * rows that hold the bare name.
 */
const REMOTE_URL_HOLDS_URLS = "Defender's RemoteUrl holds the URL or the host name connected to: a test on the host name is exact only where it holds the bare name";

/** The column a predicate reads for one kind, with the kinds that share it. */
interface Placement {
  readonly column: string;
  readonly kinds: readonly EventKind[];
}

/**
 * One predicate. A union query reads rows of several tables in one pass, so a field whose
 * column differs by kind (process.name: FileName on process rows, InitiatingProcessFileName
 * on registry rows) becomes one test per column, each guarded by the kinds it belongs to when
 * the same column means something else on another kind's rows.
 */
export function emitMatch(node: MatchNode, ctx: EmitContext, negated: boolean): Emitted {
  if (ctx.derivedNames.has(node.field)) return emitOnColumn(node, ctx, negated, kqlIdentifier(node.field), ctx.derivedType(node.field), undefined, true);
  if (node.field === 'event.action') {
    ctx.approximate(describeMatch(node, matchValues(node, ctx)), "Defender writes ActionType on every row: an event without event.action reads as its kind's action");
  }
  if (node.field === 'destination.domain') ctx.approximate(describeMatch(node, matchValues(node, ctx)), REMOTE_URL_HOLDS_URLS);
  // One kind (most queries): at most one placement, which needs no guard.
  if (ctx.kinds.length === 1) {
    const kind = ctx.kinds[0] as EventKind;
    const column = columnFor(kind, node.field);
    if (column !== undefined) {
      // emitOnFieldColumn, said here for the common case (one call less per predicate).
      if (node.field !== LOGON_ID) return emitOnColumn(node, ctx, negated, column, columnTypeFor(kind, column), kind, false);
      return emitOnFieldColumn(node, ctx, negated, column, columnTypeFor(kind, column), kind);
    }
    if (fieldSpec(kind, node.field) !== undefined) {
      ctx.approximate(describeMatch(node, matchValues(node, ctx)), `Defender has no column for ${node.field} on ${kind} events`);
    }
    return atom('false');
  }
  const placements: Placement[] = [];
  // Indexed loops here and below: most of a rule set is emitted before the engine optimises
  // this code, and there a `for...of` step allocates an iterator result.
  for (let k = 0; k < ctx.kinds.length; k++) {
    const kind = ctx.kinds[k] as EventKind;
    const column = columnFor(kind, node.field);
    if (column === undefined) {
      if (fieldSpec(kind, node.field) !== undefined) {
        ctx.approximate(describeMatch(node, matchValues(node, ctx)), `Defender has no column for ${node.field} on ${kind} events`);
      }
      continue;
    }
    let existing: Placement | undefined;
    for (let i = 0; i < placements.length && !existing; i++) if ((placements[i] as Placement).column === column) existing = placements[i];
    if (existing) (existing.kinds as EventKind[]).push(kind);
    else placements.push({ column, kinds: [kind] });
  }
  if (placements.length === 0) return atom('false');
  const parts: Emitted[] = [];
  for (let i = 0; i < placements.length; i++) {
    const p = placements[i] as Placement;
    const kind = p.kinds[0] as EventKind;
    const test = emitOnFieldColumn(node, ctx, negated, p.column, columnTypeFor(kind, p.column), kind);
    parts.push(needsGuard(p, ctx.kinds) ? joinEmitted([kindGuard(p.kinds), test], 'and') : test);
  }
  return joinEmitted(parts, 'or');
}

/** A predicate on a field's column for one kind. */
function emitOnFieldColumn(node: MatchNode, ctx: EmitContext, negated: boolean, column: string, type: KqlColumnType, kind: EventKind): Emitted {
  // Defender holds a logon id as a number, the rule model as Sysmon's hex text (logon-id.ts).
  if (node.field === LOGON_ID) return emitLogonIdTest(node, ctx, negated, column, () => emitOnColumn(node, ctx, negated, column, type, kind, false));
  return emitOnColumn(node, ctx, negated, column, type, kind, false);
}

/** A column needs a kind guard when another kind the query reads holds it with another meaning. */
function needsGuard(p: Placement, kinds: readonly EventKind[]): boolean {
  // The usual case, one kind: nothing else to tell apart.
  if (kinds.length === 1) return false;
  return kinds.some((k) => !p.kinds.includes(k) && tableHasColumn(KIND_SCHEMAS[k].table, p.column));
}

/**
 * A kind test. Defender advanced hunting has no `Type` column (only Log Analytics adds it) and
 * `$table` needs `union withsource=`, so the kind is told by `ActionType`, as the seed queries
 * do: each kind's rows carry one action (schema.ts), and no two kinds share an action.
 */
export function kindGuard(kinds: readonly EventKind[]): Emitted {
  if (kinds.length === 1) return oneKindGuard(kinds[0] as EventKind);
  const actions = kinds.flatMap((k) => actionTypesOf(k).map(kqlString));
  return actions.length === 1 ? atom(`ActionType == ${actions[0]}`) : setTest('ActionType', 'in', actions);
}

/** The test for one kind, made once per kind (a layout piece is never changed). */
function oneKindGuard(kind: EventKind): Emitted {
  let guard = KIND_GUARDS.get(kind);
  if (guard === undefined) {
    const actions = actionTypesOf(kind).map(kqlString);
    guard = actions.length === 1 ? atom(`ActionType == ${actions[0] as string}`) : setTest('ActionType', 'in', actions);
    KIND_GUARDS.set(kind, guard);
  }
  return guard;
}

const KIND_GUARDS = new Map<EventKind, Emitted>();

/**
 * A predicate on one column (or derived name). A derived value is never missing (a missing
 * string reads "" in the rule model too), so the missing-versus-empty caveats do not apply.
 */
function emitOnColumn(node: MatchNode, ctx: EmitContext, negated: boolean, column: string, type: KqlColumnType, kind: EventKind | undefined, derived: boolean): Emitted {
  if (column === 'RegistryKey' && isRegistryKind(kind)) {
    return node.field === 'registry.hive' ? emitRegistryHive(node, ctx) : emitRegistryKey(node, ctx);
  }
  const values = matchValues(node, ctx);
  // Approximations describe the predicate with describeMatch(node, values), made only when one
  // is recorded (no closure per predicate to make it later).
  const op = node.op;
  const numericColumn = type === 'long' || type === 'int' || type === 'real';

  if (op === 'exists') {
    // The computed path reads "" exactly when the path is missing, and a path is never "".
    if (column === REGISTRY_PATH_COLUMN && isRegistryKind(kind)) return atom(`isnotempty(${column})`);
    // Likewise the computed qualified name (user-qualified-name.ts).
    if (column === USER_QUALIFIED_COLUMN && !derived) return atom(`isnotempty(${column})`);
    if (derived || numericColumn || type === 'bool' || type === 'datetime') return atom(`isnotnull(${column})`);
    if (ctx.nonEmptyFields.has(node.field)) return atom(`isnotempty(${column})`);
    ctx.approximate(describeMatch(node, values), 'KQL reads a missing string column as "", so it cannot tell a missing field from an empty one');
    return atom(`isnotempty(${column})`);
  }
  if (isNumericOperator(op)) {
    const symbol = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[op];
    if (!numericColumn) ctx.approximate(describeMatch(node, values), `KQL's todouble() reading of text may differ from the rule model's decimal reading`);
    const subject = numericColumn ? column : `todouble(${column})`;
    const tests = values.map((v) => {
      const t = atom(`${subject} ${symbol} ${v}`);
      // Under an odd number of `not`s a null comparison would flip to "drop"; pin it to false.
      return negated ? joinEmitted([atom(`isnotnull(${subject})`), t], 'and') : t;
    });
    return quantified(tests, node.quantifier);
  }
  if (op === 'cidr') {
    const tests = values.map((v) => {
      const net = parseNetwork(v);
      if (net === undefined) ctx.approximate(describeMatch(node, values), 'not a network in CIDR notation');
      // ipv6_is_in_range reads an IPv4 address as ::ffff:a.b.c.d: exact only for a network
      // that holds no such address (the rule model's IPv6 network never holds an IPv4 one).
      else if (holdsIPv4Mapped(net)) ctx.approximate(describeMatch(node, values), 'Kusto reads an IPv4 address as ::ffff:a.b.c.d, which this IPv6 network holds');
      const t = `${net?.family === 6 ? 'ipv6_is_in_range' : 'ipv4_is_in_range'}(${column}, ${kqlString(v)})`;
      return atom(negated ? `coalesce(${t}, false)` : t);
    });
    return quantified(tests, node.quantifier);
  }
  const subject = numericColumn || type === 'bool' || type === 'datetime' ? `tostring(${column})` : column;
  if (!derived && emptyNeedleMatches(node, values)) ctx.approximate(describeMatch(node, values), EMPTY_NEEDLE);
  return emitStringTest(node, ctx, subject, values, values);
}

/** Why a test whose needle matches "" is approximate on a column (a derived value is never missing). */
export const EMPTY_NEEDLE = 'a needle matches "", which is what KQL reads for a missing field';

/** Whether the predicate holds on "" (what KQL reads for a missing string): any / all of its needles match it. */
export function emptyNeedleMatches(node: MatchNode, values: readonly string[]): boolean {
  const op = node.op as StringOperator;
  const insensitive = node.caseRule === 'insensitive';
  // any: the first needle that matches "" decides; all: the first that does not.
  const any = node.quantifier === 'any';
  if (op !== 'wildcard' && op !== 'regex') {
    // The plain operators (most predicates): only "" itself matches "" (matchesEmpty's default), said here without a call per value.
    for (let i = 0; i < values.length; i++) if ((values[i] === '') === any) return any;
    return !any;
  }
  for (let i = 0; i < values.length; i++) if (matchesEmpty(op, values[i] as string, insensitive) === any) return any;
  return !any;
}

/** `any` joins tests with `or`, `all` with `and`; no values: `false` for any, `true` for all. */
export function quantified(tests: readonly Emitted[], quantifier: 'any' | 'all'): Emitted {
  if (tests.length === 0) return atom(quantifier === 'any' ? 'false' : 'true');
  return joinEmitted(tests, quantifier === 'any' ? 'or' : 'and');
}

const OPERATORS: Readonly<Record<Exclude<StringOperator, 'wildcard' | 'regex'>, readonly [insensitive: string, sensitive: string]>> = {
  equals: ['=~', '=='],
  contains: ['contains', 'contains_cs'],
  startswith: ['startswith', 'startswith_cs'],
  endswith: ['endswith', 'endswith_cs'],
  term: ['has', 'has_cs'],
  termprefix: ['hasprefix', 'hasprefix_cs'],
  termsuffix: ['hassuffix', 'hassuffix_cs'],
};

/**
 * A string predicate with the exact operator for its case rule and quantifier. `described`: the
 * values an approximation names the predicate by (describeMatch), which may differ from the
 * values tested (a hive prefixed to them); the text is made only when one is recorded (most
 * predicates are exact, and it costs a JSON rendering of every value).
 */
export function emitStringTest(node: MatchNode, ctx: EmitContext, subject: string, values: readonly string[], described: readonly string[], inlineValues = false): Emitted {
  const insensitive = node.caseRule === 'insensitive';
  const op = node.op as StringOperator;
  const list = node.values.kind === 'list' && !inlineValues ? node.values.name : undefined;
  // The set forms: `in`/`in~` for any-of equality, `has_any`/`has_all` for terms (no _cs form).
  const setOp =
    op === 'equals' && node.quantifier === 'any' ? (insensitive ? 'in~' : 'in')
    : op === 'term' && insensitive ? (node.quantifier === 'any' ? 'has_any' : 'has_all')
    : undefined;
  if (setOp !== undefined && (list !== undefined || values.length > 1)) {
    if (list === undefined) return setTest(subject, setOp, values.map(kqlString));
    ctx.usedLists.add(list);
    return setTest(subject, setOp, [kqlIdentifier(list)]);
  }
  const tests: Emitted[] = [];
  for (let i = 0; i < values.length; i++) tests.push(emitOneString(node, subject, values[i] as string, ctx, described));
  return quantified(tests, node.quantifier);
}

function emitOneString(node: MatchNode, subject: string, needle: string, ctx: EmitContext, described: readonly string[]): Emitted {
  const op = node.op as StringOperator;
  const insensitive = node.caseRule === 'insensitive';
  if (op === 'wildcard') return emitGlob(subject, parseGlob(needle), insensitive);
  if (op === 'regex') {
    const spelling = kustoSpelling(needle, insensitive);
    if (!spelling.exact) {
      ctx.approximate(describeMatch(node, described), 'a negated class inside brackets has no ASCII spelling in Kusto regex');
    }
    const flags = `${node.regexFlags?.multiline ? 'm' : ''}${node.regexFlags?.dotAll ? 's' : ''}`;
    const pattern = (flags ? `(?${flags})` : '') + spelling.pattern;
    return atom(`${subject} matches regex ${kqlString(pattern)}`);
  }
  // Indexed, not destructured: destructuring walks an iterator, costly in code not yet optimised.
  const pair = OPERATORS[op];
  return atom(`${subject} ${insensitive ? pair[0] : pair[1]} ${kqlString(needle)}`);
}

/** A glob reads as the plain operator it amounts to (`*x*` → contains), else as a regex. */
export function emitGlob(subject: string, given: readonly GlobToken[], insensitive: boolean): Emitted {
  // Adjacent text runs (a hive prefix before a parsed glob) read as one.
  const tokens: GlobToken[] = [];
  for (const t of given) {
    const last = tokens[tokens.length - 1];
    if (t.kind === 'text' && last?.kind === 'text') tokens[tokens.length - 1] = { kind: 'text', text: last.text + t.text };
    else tokens.push(t);
  }
  const texts = tokens.filter((t): t is Extract<GlobToken, { kind: 'text' }> => t.kind === 'text');
  const onlyStars = tokens.every((t) => t.kind !== 'one');
  if (globIsLiteral(tokens)) return atom(`${subject} ${insensitive ? '=~' : '=='} ${kqlString(texts[0]?.text ?? '')}`);
  if (onlyStars && texts.length === 1 && tokens.length <= 3) {
    const first = tokens[0]?.kind === 'any';
    const last = tokens[tokens.length - 1]?.kind === 'any';
    const needle = kqlString((texts[0] as { text: string }).text);
    const cs = insensitive ? '' : '_cs';
    if (first && last) return atom(`${subject} contains${cs} ${needle}`);
    if (last) return atom(`${subject} startswith${cs} ${needle}`);
    if (first) return atom(`${subject} endswith${cs} ${needle}`);
  }
  return atom(`${subject} matches regex ${kqlString(globRegex(tokens, insensitive))}`);
}
