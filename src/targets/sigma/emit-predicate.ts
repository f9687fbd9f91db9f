import { isValueNamed } from '../../ir/deleted-value.js';
import type { MatchNode } from '../../ir/condition.js';
import { isHexText } from '../../ir/hex-fields.js';
import type { EventKind } from '../../ir/event-kind.js';
import { fieldSpec } from '../../ir/fields.js';
import type { StringOperator } from '../../ir/match-operator.js';
import { parseGlob, type GlobToken } from '../../semantics/wildcard.js';
import { FALSE, TRUE, item, join, type ItemValue, type SigmaLogic } from './emit-logic.js';
import { sigmaGlob, sigmaLiteral, termRegex, termRegexOfAny } from './escape.js';
import { onFlag } from './emit-flag.js';
import { EMPTY_DETAILS, placementOf, renderDetails, type HashAlgorithm, type Placement } from './taxonomy.js';

/**
 * One IR predicate on events of one kind as Sigma over Sysmon fields (sigma.md "Detection",
 * "Modifiers"; taxonomy.ts for where each logical field lives).
 *
 * Exact forms, on a field Sysmon records as is:
 * - equals / contains / startswith / endswith: a plain value (whole value, case-insensitive),
 *   `|contains` `|startswith` `|endswith`, `|cased` for case-sensitive, `|all` for `match: all`;
 * - wildcard: the glob itself (the rule file and Sigma share one escaping table);
 * - term / termprefix / termsuffix: Sigma has no term match, so `|re` with explicit ASCII
 *   boundary classes, `|re|i` when insensitive (the reader folds ASCII only, like the rule model);
 * - regex: `|re` with `|i` `|m` `|s`; cidr: `|cidr`; lt..gte: `|lt`..; exists: `|exists: true`.
 *
 * Composite placements (a name read off a path, `User`, `TargetObject`, `Details`, `Hashes`)
 * and fields Sysmon does not record have no exact form: the nearest SigmaHQ idiom is returned
 * with the reason it differs, for the caller to refuse (strict) or report (lenient).
 */
export interface PredicateForm {
  readonly logic: SigmaLogic;
  /** Set when the form is not exact: why. */
  readonly inexact?: string;
}

export function emitPredicate(node: MatchNode, values: readonly string[], kind: EventKind): PredicateForm {
  // A field the kind does not have is missing on every event of it: the predicate is false.
  if (fieldSpec(kind, node.field) === undefined) return { logic: FALSE };
  if (node.op !== 'exists' && values.length === 0) {
    // No needle: `any` is false; `all` holds vacuously wherever the field is present.
    if (node.quantifier === 'any') return { logic: FALSE };
    return emitPredicate({ ...node, op: 'exists' }, [], kind);
  }
  if (node.field === '@timestamp') {
    return { logic: TRUE, inexact: 'Sigma rules do not test the event time; the look-back is the schedule of the SIEM that runs the rule' };
  }
  // A deletion that names a value is Sysmon's DeleteValue (deleted-value.ts).
  if (isValueNamed(node, kind, values)) return { logic: item('EventType', [], ['DeleteValue']) };
  const placement = placementOf(kind, node.field);
  switch (placement.kind) {
    case 'field':
      return { logic: onField(placement.field, node, values) };
    case 'basename':
      return nameOffPath(placement, node, values);
    case 'user':
      return onUser(placement.part, node, values);
    case 'targetObject':
      return onTargetObject(placement.part, node, values);
    case 'details':
      return onDetails(placement.part, node, values);
    case 'hash':
      return onHashes(placement.algorithm, node, values);
    case 'flag':
      return onFlag(placement.flag, node, values);
    case 'none':
      return unrecorded(node, values, kind);
  }
}

/**
 * The exact form of a predicate on a Sysmon field that holds the logical value as is. The
 * values are written by loops of their own (no callbacks or spreads here): this runs for
 * most predicates, mostly before the engine has optimised it, and compiles the smaller.
 */
export function onField(field: string, node: MatchNode, values: readonly string[]): SigmaLogic {
  const op = node.op;
  const all = node.quantifier === 'all' && values.length > 1;
  const cased = node.caseRule === 'sensitive' ? 'cased' : undefined;
  const i = node.caseRule === 'insensitive' ? 'i' : undefined;
  switch (op) {
    case 'exists':
      return item(field, ['exists'], [true]);
    case 'equals':
      return item(field, modifiers(cased, undefined, all), literalValues(values));
    case 'contains':
    case 'startswith':
    case 'endswith':
      return item(field, modifiers(op, cased, all), literalValues(values));
    case 'wildcard':
      return item(field, modifiers(cased, undefined, all), globValues(values));
    case 'term':
    case 'termprefix':
    case 'termsuffix':
      return termItem(field, op, node.quantifier === 'any', values, i, all);
    case 'regex':
      return item(field, regexModifiers(node, i, all), values);
    case 'cidr':
      return item(field, modifiers('cidr', undefined, all), values);
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte':
      return item(field, modifiers(op, undefined, all), numberValues(values));
  }
}

function literalValues(values: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(sigmaLiteral(values[i] as string));
  return out;
}

function globValues(values: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < values.length; i++) out.push(sigmaGlob(parseGlob(values[i] as string)));
  return out;
}

function numberValues(values: readonly string[]): ItemValue[] {
  const out: ItemValue[] = [];
  for (let i = 0; i < values.length; i++) out.push(numberValue(values[i] as string));
  return out;
}

/** A term test as `|re` (Sigma has no term match): under `any` the needles share regexes. */
function termItem(field: string, op: 'term' | 'termprefix' | 'termsuffix', any: boolean, values: readonly string[], i: string | undefined, all: boolean): SigmaLogic {
  const left = op !== 'termsuffix';
  const right = op !== 'termprefix';
  if (any) return item(field, modifiers('re', i, false), termRegexOfAny(values, left, right));
  const regexes: string[] = [];
  for (let n = 0; n < values.length; n++) regexes.push(termRegex(values[n] as string, left, right));
  return item(field, modifiers('re', i, all), regexes);
}

/** `re`, then `i` `m` `s` as the predicate has them, then `all`. */
function regexModifiers(node: MatchNode, i: string | undefined, all: boolean): string[] {
  const out = ['re'];
  if (i) out.push(i);
  if (node.regexFlags?.multiline) out.push('m');
  if (node.regexFlags?.dotAll) out.push('s');
  if (all) out.push('all');
  return out;
}

/**
 * Up to two modifiers and `all`, in that order. Written as array literals of the size needed
 * (this runs per predicate): an empty array pushed onto is first given room for sixteen.
 */
function modifiers(first: string | undefined, second: string | undefined, all: boolean): string[] {
  if (first === undefined) return second === undefined ? (all ? ['all'] : []) : modifiers(second, undefined, all);
  if (second === undefined) return all ? [first, 'all'] : [first];
  return all ? [first, second, 'all'] : [first, second];
}

/** A decimal as a YAML number where it reads back as the same number, else as text. */
function numberValue(text: string): ItemValue {
  // The rule model reads the bound with Number() (validated decimal at load), so the YAML
  // number String(n) reads back as the very same bound.
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

/**
 * A string predicate rewritten onto a composite field: each needle becomes glob tokens (what
 * comes before and after it in the composite text), written with the placement modifiers that
 * say it best. Non-string operators keep their own form on the composite field.
 */
interface Surround {
  /** Text known to come right before the logical value, e.g. `\` before a file name. */
  readonly before?: string;
  /** Text known to come right after it, e.g. `\` after a domain. */
  readonly after?: string;
}

function onComposite(field: string, node: MatchNode, values: readonly string[], s: Surround): SigmaLogic {
  const op = node.op;
  if (!isStringTextOp(op)) return onField(field, node, values);
  const cased = node.caseRule === 'sensitive' ? ['cased'] : [];
  const all = node.quantifier === 'all' && values.length > 1 ? ['all'] : [];
  const before = s.before ?? '';
  const after = s.after ?? '';
  // Where the value starts (ends) is only known as "after `before`" ("before `after`").
  const anchoredFront = op === 'equals' || op === 'startswith' || op === 'wildcard';
  const anchoredBack = op === 'equals' || op === 'endswith' || op === 'wildcard';
  const front = anchoredFront ? before : '';
  const back = anchoredBack ? after : '';
  // The value itself is anchored to neither end of the composite unless nothing surrounds it there.
  const startsField = anchoredFront && s.before === undefined;
  const endsField = anchoredBack && s.after === undefined;
  if (op === 'wildcard') {
    const wrapped = values.map((v): GlobToken[] => [
      ...(startsField ? [] : [{ kind: 'any' as const }]),
      ...(front ? [{ kind: 'text' as const, text: front }] : []),
      ...parseGlob(v),
      ...(back ? [{ kind: 'text' as const, text: back }] : []),
      ...(endsField ? [] : [{ kind: 'any' as const }]),
    ]);
    return item(field, [...cased, ...all], wrapped.map(sigmaGlob));
  }
  // Text around text is one literal.
  const placement = startsField && endsField ? [] : startsField ? ['startswith'] : endsField ? ['endswith'] : ['contains'];
  return item(field, [...placement, ...cased, ...all], values.map((v) => sigmaLiteral(front + v + back)));
}

type StringTextOp = Extract<StringOperator, 'equals' | 'contains' | 'startswith' | 'endswith' | 'wildcard'>;
function isStringTextOp(op: MatchNode['op']): op is StringTextOp {
  return op === 'equals' || op === 'contains' || op === 'startswith' || op === 'endswith' || op === 'wildcard';
}

function nameOffPath(p: Extract<Placement, { kind: 'basename' }>, node: MatchNode, values: readonly string[]): PredicateForm {
  return {
    logic: onComposite(p.field, node, values, { before: '\\' }),
    inexact: `Sysmon has no file-name field: ${node.field} is read off the end of ${p.field}, the full path, which agrees with the name only when the path holds it after a backslash`,
  };
}

function onUser(part: 'domain' | 'name', node: MatchNode, values: readonly string[]): PredicateForm {
  return {
    logic: onComposite('User', node, values, part === 'name' ? { before: '\\' } : { after: '\\' }),
    inexact: 'Sysmon writes the account as one User field, DOMAIN\\name, so its parts are tested inside it',
  };
}

function onTargetObject(part: 'hive' | 'key' | 'value', node: MatchNode, values: readonly string[]): PredicateForm {
  const reason =
    'Sysmon writes hive, key and value name as one TargetObject (HKLM\\<key>\\<value>); a value name may itself hold backslashes, so the parts cannot be told apart exactly';
  if (part === 'hive') return { logic: onComposite('TargetObject', node, values, { after: '\\' }), inexact: reason };
  return { logic: onComposite('TargetObject', node, values, part === 'key' ? { before: '\\', after: '\\' } : { before: '\\' }), inexact: reason };
}

const DETAILS_REASON =
  "Sysmon's Details renders DWORD and QWORD data as DWORD (0x...) / QWORD (0x...-0x...) and binary data as 'Binary Data', and does not record the type of string data";

function onDetails(part: 'data' | 'type', node: MatchNode, values: readonly string[]): PredicateForm {
  if (part === 'data') {
    // Details is present exactly when the data is.
    if (node.op === 'exists') return { logic: item('Details', ['exists'], [true]) };
    if (node.op === 'equals' && node.quantifier === 'any') {
      // A number is tested in both forms: as Sysmon renders a DWORD, and as text.
      const forms = values.flatMap((v) => {
        if (v === '') return [EMPTY_DETAILS];
        const dword = renderDetails(v, 'REG_DWORD');
        return dword === v ? [v] : [dword, v];
      });
      return { logic: onField('Details', node, forms), inexact: DETAILS_REASON };
    }
    return { logic: onField('Details', node, values), inexact: DETAILS_REASON };
  }
  if (node.op !== 'equals') return { logic: TRUE, inexact: `${DETAILS_REASON}; only equality with a numeric or binary type is written` };
  const tests = values.map((v): SigmaLogic => {
    const t = v.toUpperCase();
    if (t === 'REG_DWORD') return item('Details', ['startswith'], ["DWORD ("]);
    if (t === 'REG_QWORD') return item('Details', ['startswith'], ["QWORD ("]);
    if (t === 'REG_BINARY') return item('Details', [], ['Binary Data']);
    return TRUE;
  });
  return { logic: join(node.quantifier === 'all' ? 'and' : 'or', tests), inexact: DETAILS_REASON };
}

function onHashes(algorithm: HashAlgorithm, node: MatchNode, values: readonly string[]): PredicateForm {
  const reason = 'Sysmon lists every hash in one Hashes field (SHA1=...,MD5=...,SHA256=...,IMPHASH=...)';
  const prefix = `${algorithm}=`;
  // Every entry's value is hex digits (ir/hex-fields.ts), so with a hex needle `ALGO=x` is found
  // only at the start of that entry's value, which ends at a comma or at the end of Hashes.
  const hex = values.every((v) => v !== '' && isHexText(v));
  if (node.op === 'startswith' && hex) return { logic: onComposite('Hashes', node, values, { before: prefix }) };
  if (node.op === 'equals' && hex && node.quantifier === 'any') {
    const cased = node.caseRule === 'sensitive' ? ['cased'] : [];
    return {
      logic: join('or', [
        item('Hashes', ['contains', ...cased], values.map((v) => sigmaLiteral(`${prefix}${v},`))),
        item('Hashes', ['endswith', ...cased], values.map((v) => sigmaLiteral(`${prefix}${v}`))),
      ]),
    };
  }
  if (node.op === 'equals') return { logic: onComposite('Hashes', { ...node, op: 'contains' }, values.map((v) => `${prefix}${v}`), {}), inexact: reason };
  return { logic: onComposite('Hashes', node, values, { before: prefix }), inexact: reason };
}

/** A field the rule model has for this kind but Sysmon does not record. */
function unrecorded(node: MatchNode, values: readonly string[], kind: EventKind): PredicateForm {
  const reason = `Sysmon records no ${node.field} on ${kind} events`;
  if (node.field === 'process.args' && kind === 'process_creation' && node.op !== 'exists' && isStringTextOp(node.op)) {
    // The arguments are in the command line; their boundaries are not.
    return { logic: onField('CommandLine', { ...node, op: node.op === 'wildcard' ? 'wildcard' : 'contains' }, node.op === 'wildcard' ? values.map((v) => `*${v}*`) : values), inexact: `${reason}; its values are looked for in CommandLine` };
  }
  return { logic: TRUE, inexact: `${reason}; the test is left out` };
}
