import { isRegistryKeyKind, isRegistryKind } from '../../ir/registry-path.js';
import { valueNamed } from '../../ir/deleted-value.js';
import type { SourcePosition } from '../../diagnostics.js';
import { mapPacked } from '../../packed-map.js';
import { and, assertNever, constant, literals, match, not, or, type Condition, type RegexFlags } from '../../ir/condition.js';
import type { EventKind } from '../../ir/event-kind.js';
import type { CaseRule, MatchOperator } from '../../ir/match-operator.js';
import type { JsonObject } from '../../ir/value.js';
import { toNumber } from '../../semantics/numeric.js';
import { checkPortableRegex } from '../../semantics/regex.js';
import { formatGlob, type GlobToken } from '../../semantics/wildcard.js';
import type { SigmaCondition, SigmaDetection, SigmaDetectionItem, SigmaSearch, SigmaValue } from './ast.js';
import { compileItem } from './compile-item.js';
import { importDetails } from './import-details.js';
import { importFlag } from './import-flag.js';
import { importHashes } from './import-hashes.js';
import { termTestOfRegex, type TermTest } from './import-term.js';
import { isModifierProblem, planModifiers, type Placement } from './modifiers.js';
import { REGISTRY_KEY_EVENT_TYPES, REGISTRY_SET_EVENT_TYPE, SIGMA_KINDS, eventIdsOf, SYSMON_PLACEMENTS, flagOfSysmonField, hashEntriesOf, logicalOfSysmonField, logicalOfTaxonomyHashField, sysmonFieldsOf } from './taxonomy.js';
import { valueAlternatives, type StringOperation } from './value-pattern.js';

/**
 * A Sigma detection, read for one event kind, as a rule-model condition with the same verdict
 * on every event: each Sysmon field becomes the logical field it holds (taxonomy.ts), each
 * modifier chain the predicate it means (value-pattern.ts does the value work, so windash,
 * base64 and placements import exactly as they evaluate). What the rule model cannot say is
 * refused at its position: keyword searches (no "any field"), fieldref (no field-to-field
 * comparison), regexes outside the portable subset, and Sysmon fields that hold no logical
 * field as is (Details, Hashes join several; UtcTime has its own format). TargetObject is
 * `registry.path` exactly (src/ir/registry-path.ts), User is `user.qualified_name` exactly
 * (src/ir/user-qualified-name.ts).
 */
export type Fail = (position: SourcePosition, message: string) => never;

/** Fields every projected Sysmon event of a kind carries with a fixed value (schema.ts). */
function constantFields(kind: EventKind): JsonObject {
  if (isRegistryKeyKind(kind)) return { EventID: SIGMA_KINDS[kind].eventId, EventType: REGISTRY_KEY_EVENT_TYPES[kind][0] as string };
  return kind === 'registry_set' ? { EventID: SIGMA_KINDS[kind].eventId, EventType: REGISTRY_SET_EVENT_TYPE } : { EventID: SIGMA_KINDS[kind].eventId };
}

/** The other EventTypes a real event of the kind may carry (registry_delete: DeleteValue beside DeleteKey). */
function otherEventTypes(kind: EventKind): readonly string[] {
  return isRegistryKeyKind(kind) ? REGISTRY_KEY_EVENT_TYPES[kind].slice(1) : [];
}

/**
 * The event ids a real event of the kind may carry besides the projected one (file_delete: 26
 * beside 23, taxonomy.ts). A test on EventID is constant only when it holds alike on all of
 * them; one that tells them apart asks whether Sysmon archived the deleted file, which no
 * logical field says.
 */
function otherEventIds(kind: EventKind): readonly number[] {
  return eventIdsOf(kind).filter((id) => id !== SIGMA_KINDS[kind].eventId);
}
/**
 * The fixed fields of a kind, with their names apart: every item asks whether its field is
 * one, and a property lookup by a key read from the file (a string the engine has not
 * interned) costs more than comparing it with one or two names.
 */
interface ConstantFields {
  readonly values: JsonObject;
  readonly names: readonly string[];
}
const CONSTANT_FIELDS = new Map<EventKind, ConstantFields>();
function constantFieldsOf(kind: EventKind): ConstantFields {
  let fixed = CONSTANT_FIELDS.get(kind);
  if (!fixed) {
    const values = constantFields(kind);
    CONSTANT_FIELDS.set(kind, (fixed = { values, names: Object.keys(values) }));
  }
  return fixed;
}

const COMPOSITE_REASONS: Readonly<Record<string, string>> = {
  Details:
    "Details is the data as Sysmon renders it (DWORD (0x...), QWORD (0x...-0x...), Binary Data, (Empty)); registry.data holds it as plain text, so only tests that no rendering can satisfy (a value, or a regex every match of which holds a character such as '\\' or '.'; digits that start or end the value), equality with a whole rendering and equality with digits import",
  Hashes: 'Hashes lists every hash (SHA1=...,MD5=...,SHA256=...,IMPHASH=...); the rule model has one field per entry (process.hash.sha1, .md5, .sha256, process.pe.imphash), so only equals, contains, startswith and endswith on a needle starting with SHA1=, MD5=, SHA256= or IMPHASH= and holding no further comma import',
  UtcTime: "UtcTime is Sysmon's time text; the rule model's @timestamp is ISO-8601",
};

/** Fields of Sysmon's deletion events (23, 26) about the deleted file that the rule model leaves out (ir/fields.ts). */
const FILE_DELETE_REASONS: Readonly<Record<string, string>> = {
  Hashes: "Hashes of a deletion hash the deleted file, which the rule model has no field for: Elastic's Sysmon pipeline writes event 23's under process.hash and event 26's under file.hash, so no one ECS field holds them",
  IsExecutable: "IsExecutable (whether the deleted file is a PE image) has no logical field: neither Defender's DeviceFileEvents nor Elastic Defend's file-delete event has such a field",
  Archived: 'Archived (event 23 only: whether Sysmon kept a copy) has no logical field',
  UtcTime: COMPOSITE_REASONS['UtcTime'] as string,
};

export function importDetection(detection: SigmaDetection, kind: EventKind, fail: Fail): Condition {
  const searches = new Map<string, Condition>();
  for (const [name, id] of detection.identifiers) searches.set(name, importSearch(id.search, kind, fail));
  const conditions = mapPacked(detection.conditions, (c) => importCondition(c, searches));
  return conditions.length === 1 ? (conditions[0] as Condition) : or(conditions);
}

function importCondition(c: SigmaCondition, searches: ReadonlyMap<string, Condition>): Condition {
  switch (c.kind) {
    case 'and':
      return and(mapPacked(c.children, (x) => importCondition(x, searches)));
    case 'or':
      return or(mapPacked(c.children, (x) => importCondition(x, searches)));
    case 'not':
      return not(importCondition(c.operand, searches));
    case 'identifier':
      return searches.get(c.name) as Condition;
    case 'selector': {
      // As evaluated: a selector that names nothing is false (condition-parse.ts).
      if (c.names.length === 0) return constant(false);
      const members = mapPacked(c.names, (n) => searches.get(n) as Condition);
      return c.quantifier === 'all' ? and(members) : or(members);
    }
    default:
      return assertNever(c, 'condition');
  }
}

function importSearch(search: SigmaSearch, kind: EventKind, fail: Fail): Condition {
  switch (search.kind) {
    case 'map':
      return and(mapPacked(search.items, (i) => importItem(i, kind, fail)));
    case 'list':
      return or(mapPacked(search.alternatives, (a) => importSearch(a, kind, fail)));
    case 'keywords':
      return fail(search.position, 'a keyword search (no field) has no form in the rule model, which tests named fields only');
    default:
      return assertNever(search, 'search');
  }
}

function importItem(item: SigmaDetectionItem, kind: EventKind, fail: Fail): Condition {
  const field = item.field;
  if (field === null) return fail(item.position, 'a keyword search (no field) has no form in the rule model, which tests named fields only');
  const fixed = constantFieldsOf(kind);
  if (fixed.names.includes(field)) {
    // EventID (and EventType on registry writes) are the same on every event of the kind.
    const test = compileItem(item);
    const verdict = test(fixed.values);
    if (field === 'EventType' && otherEventTypes(kind).some((t) => test({ ...fixed.values, EventType: t }) !== verdict)) {
      // DeleteKey or DeleteValue: whether the deletion names a value (deleted-value.ts).
      return verdict ? not(valueNamed()) : valueNamed();
    }
    if (field === 'EventID' && otherEventIds(kind).some((id) => test({ ...fixed.values, EventID: id }) !== verdict)) {
      return fail(item.position, `EventID cannot be imported here: it tells Sysmon's ${kind} events apart (${eventIdsOf(kind).join(', ')}: archived or only logged), which no logical field says`);
    }
    return constant(verdict);
  }
  // Details is written on value writes only (event 13): a key created or deleted (event 12,
  // read beside value writes under registry_event) never has it, so the test is settled.
  if (field === 'Details' && isRegistryKeyKind(kind)) return constant(compileItem(item)(fixed.values));
  // NewName is written on renames only (event 14, which registry_event also reads and the rule
  // model has no kind for): no event of a registry kind here has it, so the test is settled.
  if (field === 'NewName' && isRegistryKind(kind)) return constant(compileItem(item)(fixed.values));
  // Imphash, md5, ...: the taxonomy's split of Hashes, one logical hash field each (taxonomy.ts).
  const logical = logicalOfSysmonField(kind, field) ?? logicalOfTaxonomyHashField(kind, field);
  const presence = presenceOf(item, kind);
  if (presence) return presence;
  if (field === 'Details' && kind === 'registry_set') {
    const details = importDetails(item);
    if (details) return details;
  }
  // Initiated, DestinationIsIpv6: a true/false flag for two logical values (network-flags.ts).
  const flag = flagOfSysmonField(kind, field);
  if (flag) return importFlag(item, flag, fail);
  if (field === 'Hashes' && hashEntriesOf(kind).length > 0) {
    const hashes = importHashes(item, hashEntriesOf(kind));
    if (hashes) return hashes;
  }
  if (logical === undefined || logical === '@timestamp') {
    // Own properties only: a field named `__proto__` or `constructor` must not read Object's.
    const reasons = kind === 'file_delete' ? FILE_DELETE_REASONS : COMPOSITE_REASONS;
    const known = Object.prototype.hasOwnProperty.call(reasons, field) ? reasons[field] : undefined;
    const reason = known ?? `Sysmon field ${field} holds no logical field of ${kind} (${sysmonNames(kind)})`;
    return fail(item.position, `${field} cannot be imported: ${reason}`);
  }
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan)) return fail(plan.position, plan.message);
  const op = plan.operation;
  let condition: Condition;
  const combine = (parts: Condition[]): Condition => (plan.all ? and(parts) : or(parts));
  switch (op.kind) {
    case 'exists':
      condition = item.values[0]?.value === true ? match({ field: logical, op: 'exists' }) : not(match({ field: logical, op: 'exists' }));
      break;
    case 'string': {
      if (item.values.length === 1 && item.values[0]?.value === null) {
        condition = not(match({ field: logical, op: 'exists' }));
        break;
      }
      const caseRule: CaseRule = op.cased ? 'sensitive' : 'insensitive';
      condition = plan.all
        ? groupPredicates(logical, mapPacked(item.values, (v) => valuePredicates(String(v.value), op)), true, caseRule)
        : anyValueMatches(logical, item.values, op, caseRule);
      break;
    }
    case 'regex': {
      const flags: RegexFlags = { multiline: op.multiline, dotAll: op.dotAll };
      const caseRule: CaseRule = op.caseInsensitive ? 'insensitive' : 'sensitive';
      // A term test Sigma's writer spelled as a regex is read back as that term test.
      const terms = op.multiline ? undefined : termTestsOf(item.values);
      if (terms !== undefined) {
        const [first] = terms;
        condition =
          !plan.all && first !== undefined && terms.every((t) => t.op === first.op)
            ? match({ field: logical, op: first.op, values: literals(allNeedles(terms)), caseRule })
            : combine(terms.map((t) => match({ field: logical, op: t.op, values: literals(t.needles), caseRule })));
        break;
      }
      condition = combine(
        mapPacked(item.values, (v) => {
          const pattern = String(v.value);
          const problem = checkPortableRegex(pattern);
          if (problem) fail(v.position, `this regex runs in Sigma but is outside the rule model's portable subset: ${problem.message}`);
          return match({ field: logical, op: 'regex', values: literals([pattern]), caseRule, regexFlags: flags });
        }),
      );
      break;
    }
    case 'numeric':
      condition = combine(mapPacked(item.values, (v) => match({ field: logical, op: op.op, values: literals([decimal(v)]) })));
      break;
    case 'cidr':
      condition = combine(mapPacked(item.values, (v) => match({ field: logical, op: 'cidr', values: literals([String(v.value)]) })));
      break;
    case 'fieldref':
      return fail(item.position, 'fieldref compares two fields; the rule model compares a field with constants only');
    default:
      return assertNever(op, 'operation');
  }
  return plan.negated ? not(condition) : condition;
}

/**
 * A composite Sysmon field (Details, Hashes) is written exactly when one of
 * the logical fields it joins has a value (schema.ts), so its presence tests import exactly
 * even though its values do not: `exists: true/false` and `null`.
 */
function presenceOf(item: SigmaDetectionItem, kind: EventKind): Condition | undefined {
  const parts = compositeParts(kind).get(item.field as string);
  if (parts === undefined) return undefined;
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan) || plan.negated) return undefined;
  const present = or(mapPacked(parts, (logical) => match({ field: logical, op: 'exists' })));
  const only = item.values.length === 1 ? item.values[0]?.value : undefined;
  if (plan.operation.kind === 'exists') return only === true ? present : not(present);
  if (plan.operation.kind === 'string' && item.modifiers.length === 0 && only === null) return not(present);
  return undefined;
}

/** Per kind, each composite Sysmon field → the logical fields it joins; built once. */
const COMPOSITE_PARTS = new Map<EventKind, ReadonlyMap<string, readonly string[]>>();

function compositeParts(kind: EventKind): ReadonlyMap<string, readonly string[]> {
  let table = COMPOSITE_PARTS.get(kind);
  if (table === undefined) COMPOSITE_PARTS.set(kind, (table = compositePartsOf(kind)));
  return table;
}

/** compositeParts' table, built (apart from the lookup every item makes, which stays small to compile). */
function compositePartsOf(kind: EventKind): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  for (const [logical, p] of Object.entries(SYSMON_PLACEMENTS[kind])) {
    const composite =
      // TargetObject and User are not among them: they are `registry.path` and
      // `user.qualified_name`, fields of their own.
      p.kind === 'details' && p.part === 'data' ? 'Details' : p.kind === 'hash' ? 'Hashes' : undefined;
    if (composite === undefined) continue;
    const list = out.get(composite);
    if (list) list.push(logical);
    else out.set(composite, [logical]);
  }
  return out;
}

export interface Predicate {
  readonly op: MatchOperator;
  readonly value: string;
}

/**
 * The predicates one string value stands for (one per form: windash, base64 offsets). A value
 * with no wildcard and no encoding is one predicate, read off the value directly; everything
 * else goes through the glob forms (value-pattern.ts). test/property/sigma-read-tables.test.ts
 * holds the two together.
 */
export function valuePredicates(value: string, op: StringOperation): Predicate[] {
  const text = plainText(value, op);
  return text === undefined ? globPredicates(value, op) : [{ op: PLACEMENT_OPERATORS[op.placement], value: text }];
}

/**
 * The text of a value that stands for one predicate, its placement's operator on that text: a
 * value with no wildcard, no windash and no base64; undefined for any other value.
 */
function plainText(value: string, op: StringOperation): string | undefined {
  if (op.windash || op.base64 !== undefined || value === '' || value.indexOf('*') >= 0 || value.indexOf('?') >= 0) return undefined;
  // parseGlob's escapes without wildcards: only `\\` means one backslash (a lone one is itself).
  return value.indexOf('\\\\') < 0 ? value : unescapeBackslashes(value);
}

/**
 * groupPredicates for ORed values (no `all`), without an array of forms per value: every form
 * of every value, in order, grouped by operator as byOp groups them.
 */
export function anyValueMatches(field: string, values: readonly SigmaValue[], op: StringOperation, caseRule: CaseRule): Condition {
  const groups = new OperatorGroups();
  for (let i = 0; i < values.length; i++) {
    const value = String((values[i] as SigmaValue).value);
    const text = plainText(value, op);
    if (text !== undefined) groups.add(PLACEMENT_OPERATORS[op.placement], text);
    else for (const p of globPredicates(value, op)) groups.add(p.op, p.value);
  }
  return or(groups.matches(field, 'any', caseRule));
}

/** valuePredicates the long way: every glob form of the value, each as its simplest operator. */
export function globPredicates(value: string, op: StringOperation): Predicate[] {
  return mapPacked(valueAlternatives(value, op), (tokens) => globPredicate(tokens));
}

const PLACEMENT_OPERATORS: Readonly<Record<Placement, MatchOperator>> = { whole: 'equals', contains: 'contains', startswith: 'startswith', endswith: 'endswith' };

/** `\\` → `\`, left to right; a backslash before anything else stays. */
function unescapeBackslashes(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += value[i] as string;
    if (c === 92 && value.charCodeAt(i + 1) === 92) i++;
  }
  return out;
}

/** A glob over the whole value as the simplest operator that says it. */
function globPredicate(tokens: readonly GlobToken[]): Predicate {
  const n = tokens.length;
  if (n === 0) return { op: 'equals', value: '' };
  const first = tokens[0] as GlobToken;
  const last = tokens[n - 1] as GlobToken;
  if (n === 1 && first.kind === 'text') return { op: 'equals', value: first.text };
  if (n === 2 && first.kind === 'any' && last.kind === 'text') return { op: 'endswith', value: last.text };
  if (n === 2 && last.kind === 'any' && first.kind === 'text') return { op: 'startswith', value: first.text };
  const middle = tokens[1] as GlobToken;
  if (n === 3 && first.kind === 'any' && last.kind === 'any' && middle.kind === 'text') return { op: 'contains', value: middle.text };
  return { op: 'wildcard', value: formatGlob(tokens) };
}

/**
 * Values ORed (or ANDed under `all`), each value itself an OR of its forms (windash, base64
 * offsets). Forms sharing an operator share one predicate with several values.
 */
export function groupPredicates(field: string, perValue: readonly (readonly Predicate[])[], all: boolean, caseRule: CaseRule): Condition {
  if (!all) {
    const forms: Predicate[] = [];
    for (let i = 0; i < perValue.length; i++) {
      const own = perValue[i] as readonly Predicate[];
      for (let j = 0; j < own.length; j++) forms.push(own[j] as Predicate);
    }
    return or(byOp(field, forms, 'any', caseRule));
  }
  // Loops, not every/map with closures: the optimising compiler builds each out in full.
  const singles: Predicate[] = [];
  for (let i = 0; i < perValue.length; i++) {
    const forms = perValue[i] as readonly Predicate[];
    const one = forms.length === 1 ? (forms[0] as Predicate) : undefined;
    if (one === undefined || (singles.length > 0 && one.op !== (singles[0] as Predicate).op)) break;
    singles.push(one);
  }
  if (singles.length > 0 && singles.length === perValue.length) return or(byOp(field, singles, 'all', caseRule));
  const alternatives: Condition[] = [];
  for (let i = 0; i < perValue.length; i++) alternatives.push(or(byOp(field, perValue[i] as readonly Predicate[], 'any', caseRule)));
  return and(alternatives);
}

/**
 * One predicate per operator, in the order operators first appear, with its values in the order
 * they first appear, each once. Loops and one Set per operator, not `flat()`, nested filters and
 * closures per call: this runs for every item of every rule read, mostly in unoptimised code.
 */
function byOp(field: string, preds: readonly Predicate[], quantifier: 'any' | 'all', caseRule: CaseRule): Condition[] {
  const groups = new OperatorGroups();
  for (let i = 0; i < preds.length; i++) {
    const p = preds[i] as Predicate;
    groups.add(p.op, p.value);
  }
  return groups.matches(field, quantifier, caseRule);
}

/** Values by operator, operators and values each in the order they first appear, each once. */
class OperatorGroups {
  private readonly ops: MatchOperator[] = [];
  private readonly values: Set<string>[] = [];

  add(op: MatchOperator, value: string): void {
    let k = this.ops.indexOf(op);
    if (k < 0) {
      k = this.ops.push(op) - 1;
      this.values.push(new Set());
    }
    (this.values[k] as Set<string>).add(value);
  }

  /** One predicate per operator. */
  matches(field: string, quantifier: 'any' | 'all', caseRule: CaseRule): Condition[] {
    const out: Condition[] = [];
    for (let k = 0; k < this.ops.length; k++) {
      out.push(match({ field, op: this.ops[k] as MatchOperator, values: literals([...(this.values[k] as Set<string>)]), quantifier, caseRule }));
    }
    return out;
  }
}

function decimal(v: SigmaValue): string {
  const n = typeof v.value === 'boolean' || v.value === null ? undefined : toNumber(v.value);
  return n === undefined ? String(v.value) : String(n);
}

/**
 * The Sysmon fields a rule of this kind may test, for a refusal's message: the plain ones and
 * the composite ones the reader takes apart (Details, Hashes, the network flags, EventType) —
 * sysmonFieldsOf, less the event id and time, which hold no value a detection tests.
 */
function sysmonNames(kind: EventKind): string {
  const names = [...sysmonFieldsOf(kind)].filter((n) => n !== 'EventID' && n !== 'UtcTime');
  return `fields that import: ${names.join(', ')}`;
}

/** The needles of every test, in order (a loop: flatMap is among the engine's slowest builtins). */
function allNeedles(terms: readonly TermTest[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < terms.length; i++) {
    const needles = (terms[i] as TermTest).needles;
    for (let j = 0; j < needles.length; j++) out.push(needles[j] as string);
  }
  return out;
}

/** Every value as a term test (import-term.ts), or undefined when one of them is another regex. */
function termTestsOf(values: readonly SigmaValue[]): TermTest[] | undefined {
  const tests: TermTest[] = [];
  for (const v of values) {
    const test = typeof v.value === 'string' ? termTestOfRegex(v.value) : undefined;
    if (test === undefined) return undefined;
    tests.push(test);
  }
  return tests;
}
