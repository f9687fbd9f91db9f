import { USER_QUALIFIED_NAME } from '../../ir/user-qualified-name.js';
import { qualifiedNameOverParts } from './qualified-name.js';
import { REGISTRY_DATA_TYPE, typeTestOverElasticSpellings } from './registry-value-type.js';
import { assertNever, type Condition, type MatchNode } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import { specialise } from '../../ir/normalize.js';
import type { Rule } from '../../ir/rule.js';
import { NotExpressibleError, type Approximation, type EmitOptions, type EmitResult } from '../contract.js';
import { FALSE, Inexpressible, TRUE, atom, emitPredicate, join, type EqlCond } from './emit-predicate.js';
import { eqlString } from './escape.js';
import { ECS_KINDS, INDEX_PATTERNS, sharesCategory } from './schema.js';

/**
 * IR → Elasticsearch EQL over ECS. One event kind: `process where event.type == "start" and
 * ...`; several: `any where (event.category == "process" and event.type == "start" and ...)
 * or (...)`, each branch the rule's condition specialised to that kind. What EQL cannot say
 * exactly is refused (strict) or written as the nearest form and reported (lenient).
 */
export function emitEql(rule: Rule, options: EmitOptions): EmitResult {
  const approximations: Approximation[] = [];
  const inexact = (predicate: string, reason: string): void => {
    if (!options.lenient) throw new NotExpressibleError('eql', predicate, reason);
    approximations.push({ predicate, reason });
  };
  // Derived fields are output, not filter: the query stays exact, but EQL cannot compute them.
  for (const d of rule.derived) {
    inexact(`derived field ${d.name}`, 'EQL has no computed fields; it is listed in the rule envelope for investigation instead');
  }
  const lists = (name: string): readonly string[] => {
    const l = rule.lists.get(name);
    if (!l) throw new Error(`rule ${rule.name}: undefined list ${name}`);
    return l;
  };
  const branches: { kind: EventKind; cond: EqlCond }[] = [];
  for (let i = 0; i < rule.logsources.length; i++) {
    const kind = rule.logsources[i] as EventKind;
    const cond = toEql(specialise(rule.condition, kind), lists, readsSysmonIndices(kind) ? inexact : outsideSysmon(inexact));
    if (cond !== FALSE) branches.push({ kind, cond });
  }
  return { text: formatQuery(rule.logsources, branches), approximations };
}

/** A kind's `event.type` test, written once per kind. */
const TYPE_TESTS = new Map<EventKind, EqlCond>();
function typeTest(k: EventKind): EqlCond {
  let t = TYPE_TESTS.get(k);
  if (t === undefined) {
    t = atom(`event.type == ${eqlString(ECS_KINDS[k].type)}`);
    TYPE_TESTS.set(k, t);
  }
  return t;
}

/** A branch's test: its kind's type, and its condition unless that always holds. */
function body(b: { kind: EventKind; cond: EqlCond }): EqlCond {
  return join('and', b.cond === TRUE ? [typeTest(b.kind)] : [typeTest(b.kind), b.cond]);
}

function formatQuery(kinds: readonly EventKind[], branches: readonly { kind: EventKind; cond: EqlCond }[]): string {
  // One kind that can fire: its own category (also when other kinds of the rule cannot fire).
  const only = branches.length === 1 ? (branches[0] as { kind: EventKind; cond: EqlCond }) : undefined;
  if (only) return `${ECS_KINDS[only.kind].category} where ${formatTop(body(only))}\n`;
  if (branches.length === 0) return kinds.length === 1 ? `${ECS_KINDS[kinds[0] as EventKind].category} where false\n` : 'any where false\n';
  const parts = branches.map((b) => join('and', [atom(`event.category == ${eqlString(ECS_KINDS[b.kind].category)}`), body(b)]));
  return `any where\n  ${parts.map((p) => `(${formatCond(p, 'or')})`).join(' or\n  ')}\n`;
}

/** The top-level conjunction one test per line, as detection-rules queries are laid out. */
function formatTop(c: EqlCond): string {
  if (c.t === 'and') return formatItems(c.items, 'and', ' and\n  ');
  return formatCond(c, 'top');
}

type Context = 'top' | 'or' | 'and' | 'not';

/** `not` binds tighter than `and`, `and` than `or` (eql.md "Operators"). */
function formatCond(c: EqlCond, ctx: Context): string {
  switch (c.t) {
    case 'atom':
      return c.text;
    case 'not':
      return c.item.t === 'atom' ? `not ${c.item.text}` : `not (${formatCond(c.item, 'not')})`;
    case 'and':
      // join() flattens nested `and`, and `and` binds tighter than `or` and weaker than `not`'s parentheses.
      return formatItems(c.items, 'and', ' and ');
    case 'or': {
      const text = formatItems(c.items, 'or', ' or ');
      return ctx === 'and' || ctx === 'not' ? `(${text})` : text;
    }
  }
}

function formatItems(items: readonly EqlCond[], ctx: Context, separator: string): string {
  let text = '';
  for (let i = 0; i < items.length; i++) text += (i === 0 ? '' : separator) + formatCond(items[i] as EqlCond, ctx);
  return text;
}

type Inexact = (predicate: string, reason: string) => void;

/** A condition as EQL text for people to read (envelope notes), or undefined when EQL cannot say it. */
export function eqlConditionText(condition: Condition, lists: (name: string) => readonly string[]): string | undefined {
  try {
    return formatCond(
      toEql(condition, lists, (p, r) => {
        throw new NotExpressibleError('eql', p, r);
      }),
      'top',
    );
  } catch (err) {
    if (err instanceof NotExpressibleError) return undefined;
    throw err;
  }
}

function toEql(condition: Condition, lists: (name: string) => readonly string[], inexact: Inexact): EqlCond {
  switch (condition.kind) {
    case 'const':
      return condition.value ? TRUE : FALSE;
    case 'eventKind':
      // Only in derived conditions: specialise() turns the query's kind tests into constants.
      // A category two kinds share (file) needs the type too (schema.ts ECS_KINDS).
      return sharesCategory(condition.eventKind)
        ? join('and', [atom(`event.category == ${eqlString(ECS_KINDS[condition.eventKind].category)}`), typeTest(condition.eventKind)])
        : atom(`event.category == ${eqlString(ECS_KINDS[condition.eventKind].category)}`);
    case 'not': {
      const child = toEql(condition.child, lists, inexact);
      if (child === TRUE) return FALSE;
      if (child === FALSE) return TRUE;
      return { t: 'not', item: child };
    }
    case 'and':
    case 'or': {
      const neutral = condition.kind === 'and' ? TRUE : FALSE;
      const absorbing = condition.kind === 'and' ? FALSE : TRUE;
      const children = condition.children;
      const items: EqlCond[] = [];
      for (let i = 0; i < children.length; i++) {
        const e = toEql(children[i] as Condition, lists, inexact);
        if (e === neutral) continue;
        if (e === absorbing) return e;
        items.push(e);
      }
      if (items.length === 0) return neutral;
      return join(condition.kind, items);
    }
    case 'match':
      return predicate(condition, lists, inexact);
    default:
      return assertNever(condition, 'condition');
  }
}

/** Whether a kind's rule envelope lists the indices Elastic's Sysmon pipeline writes. */
function readsSysmonIndices(kind: EventKind): boolean {
  return INDEX_PATTERNS[kind].some((p) => !p.startsWith('logs-endpoint.events.'));
}

/** Sysmon-only caveats do not apply to a kind read from Elastic Defend's index alone. */
function outsideSysmon(inexact: Inexact): Inexact {
  return (predicate, reason) => {
    if (reason !== KEY_WITH_VALUE_NAME) inexact(predicate, reason);
  };
}

const REGISTRY_KEY = 'registry.key';
/**
 * ECS `registry.key` is the key below the hive, as Elastic Defend writes it. Elastic's Sysmon
 * pipeline (elastic/integrations, windows sysmon_operational ingest pipeline, its registry
 * script: the TargetObject's parts after the hive, joined) writes the key with the value's
 * name appended, and Winlogbeat's Sysmon module does the same; the registry envelope lists
 * both indices (schema.ts INDEX_PATTERNS). A test on the key then also reads the value name
 * there: only whether the field is there is the same on both.
 */
const KEY_WITH_VALUE_NAME =
  "Elastic's Sysmon pipeline (logs-windows.sysmon_operational-*, and winlogbeat-*) writes registry.key with the value name appended, so on those documents the test also reads the value name; Elastic Defend writes the key alone";

function predicate(node: MatchNode, lists: (name: string) => readonly string[], inexact: Inexact): EqlCond {
  const values = node.values.kind === 'literals' ? node.values.values : lists(node.values.name);
  if (node.field === USER_QUALIFIED_NAME) {
    // ECS has no DOMAIN\name field: the test is said over user.domain and user.name.
    const overParts = qualifiedNameOverParts(node, values);
    if (overParts) return toEql(overParts, lists, inexact);
    inexact(`${node.field} ${node.op} ${JSON.stringify(values)}`, `ECS has no DOMAIN\\name field; only equals, contains, startswith, endswith and exists on ${node.field} are said over user.domain and user.name`);
    return TRUE;
  }
  if (node.field === REGISTRY_DATA_TYPE) {
    // Elastic's Sysmon pipeline spells a DWORD's type SZ_DWORD (registry-value-type.ts).
    const overSpellings = typeTestOverElasticSpellings(node, values);
    if (overSpellings) return toEql(overSpellings, lists, inexact);
  }
  const emitted = emitPredicate(node, values);
  const description = `${node.field} ${node.op}${node.caseRule === 'sensitive' ? ' (case-sensitive)' : ''} ${JSON.stringify(values)}`;
  if (!(emitted instanceof Inexpressible)) {
    if (node.field === REGISTRY_KEY && node.op !== 'exists') inexact(description, KEY_WITH_VALUE_NAME);
    return emitted;
  }
  inexact(description, emitted.reason);
  // Lenient: the nearest form where there is one, else the predicate reads as true (so `not`
  // of it as false); the approximation says so.
  return emitted.nearest ?? TRUE;
}
