import type { JsonObject, JsonValue } from '../../ir/value.js';
import { inNetwork, parseNetwork, type Network } from '../../semantics/cidr.js';
import { foldAscii } from '../../semantics/fold.js';
import { compareNumber, toNumber } from '../../semantics/numeric.js';
import { compileRegex } from '../../semantics/regex.js';
import type { SigmaDetectionItem, SigmaValue } from './ast.js';
import { isModifierProblem, planModifiers, type Placement, type ValueOperation } from './modifiers.js';
import { hashFromHashes, TAXONOMY_HASH_FIELDS } from './taxonomy.js';
import { compileStringValue, type StringOperation } from './value-pattern.js';

/**
 * One detection item as a test over a Sysmon-shaped event (sigma.md "Detection", "Modifiers").
 *
 * - A field is read by its exact name, else as a dotted path into nested objects.
 * - A string comparison sees a field's value as text: strings as they are, numbers and
 *   booleans as their JSON text (`EventID: 1` matches 1 and "1"); in an array any element may
 *   match; a missing or null field, or an object, matches no value.
 * - `null` (alone, unmodified) means the field is missing or null; `''` only the empty string.
 * - Values are ORed, or ANDed with `all`; `neq` holds when the field matches none of them, so
 *   also when it is missing (a two-valued `not`).
 * - `exists: true` holds when the field is present and not null.
 * - A keyword item (no field) is searched in every string of the event, nested ones included;
 *   without contains/startswith/endswith/re it matches a string that *contains* it, since a
 *   keyword is looked for anywhere in the log record.
 * - `fieldref` compares with another field's value as literal text (no wildcards).
 */
export type EventTest = (event: JsonObject) => boolean;
type TextTest = (text: string) => boolean;

export function compileItem(item: SigmaDetectionItem): EventTest {
  const plan = planModifiers(item.modifiers, item.field === null);
  // The reader refused bad chains; this is a SigmaRuleSet not built by parseSigma.
  if (isModifierProblem(plan)) throw new Error(`invalid modifier chain: ${plan.message}`);
  const op = plan.operation;
  let test: EventTest;
  if (item.field === null) {
    test = keywordTest(item.values, op, plan.all);
  } else if (op.kind === 'exists') {
    const want = item.values[0]?.value === true;
    const read = fieldReader(item.field);
    test = (e) => isPresent(read(e)) === want;
  } else if (op.kind === 'string' && item.values.length === 1 && item.values[0]?.value === null) {
    const read = fieldReader(item.field);
    test = (e) => !isPresent(read(e));
  } else {
    const read = fieldReader(item.field);
    const valueTests = valueTestsOf(item.values, op);
    const combine = plan.all ? 'every' : 'some';
    test = (e) => {
      const subject = read(e);
      return valueTests[combine]((t) => t(subject, e));
    };
  }
  return plan.negated ? (e) => !test(e) : test;
}

type ValueTest = (subject: JsonValue | undefined, event: JsonObject) => boolean;

function valueTestsOf(values: readonly SigmaValue[], op: ValueOperation): ValueTest[] {
  switch (op.kind) {
    case 'string':
      return values.map((v) => overTexts(compileStringValue(String(v.value), op)));
    case 'regex':
      return values.map((v) => {
        const re = compileRegex(String(v.value), op);
        return overTexts((text) => re.test(text));
      });
    case 'numeric':
      return values.map((v) => {
        const bound = toNumber(typeof v.value === 'boolean' ? undefined : (v.value ?? undefined)) as number;
        return (subject) =>
          alternatives(subject).some((a) => {
            const n = typeof a === 'boolean' ? undefined : toNumber(a);
            return n !== undefined && compareNumber(op.op, n, bound);
          });
      });
    case 'cidr':
      return values.map((v) => {
        const network = parseNetwork(String(v.value)) as Network;
        return overTexts((text) => inNetwork(text, network));
      });
    case 'fieldref':
      return values.map((v) => {
        const other = fieldReader(String(v.value));
        const compare = literalCompare(op.placement, !op.cased);
        return (subject, event) => {
          const refs = texts(other(event));
          return refs.length > 0 && texts(subject).some((s) => refs.some((r) => compare(s, r)));
        };
      });
    case 'exists':
      throw new Error('exists is handled by compileItem');
  }
}

function keywordTest(values: readonly SigmaValue[], op: ValueOperation, all: boolean): EventTest {
  let tests: TextTest[];
  if (op.kind === 'string') {
    const keywordOp: StringOperation = op.placement === 'whole' ? { ...op, placement: 'contains' } : op;
    tests = values.map((v) => compileStringValue(String(v.value), keywordOp));
  } else if (op.kind === 'regex') {
    tests = values.map((v) => {
      const re = compileRegex(String(v.value), op);
      return (text: string) => re.test(text);
    });
  } else {
    throw new Error(`a keyword search cannot use ${op.kind}`);
  }
  return (event) => {
    const strings = eventStrings(event);
    const hit = (t: TextTest): boolean => strings.some(t);
    return all ? tests.every(hit) : tests.some(hit);
  };
}

function overTexts(test: TextTest): ValueTest {
  return (subject) => texts(subject).some(test);
}

/**
 * Exact key first (Sysmon names, or dotted names written flat), then a dotted path. A taxonomy
 * hash field (`Imphash`, `md5`, ...) that the event does not carry is its entry of `Hashes`,
 * as Sysmon writes it (taxonomy.ts TAXONOMY_HASH_FIELDS).
 */
export function fieldReader(name: string): (event: JsonObject) => JsonValue | undefined {
  const algorithm = TAXONOMY_HASH_FIELDS.get(name);
  if (algorithm !== undefined) {
    return (event) => {
      if (Object.prototype.hasOwnProperty.call(event, name)) return event[name];
      const hashes = Object.prototype.hasOwnProperty.call(event, 'Hashes') ? event['Hashes'] : undefined;
      return typeof hashes === 'string' ? hashFromHashes(hashes, algorithm) : undefined;
    };
  }
  const path = name.split('.');
  return (event) => {
    if (Object.prototype.hasOwnProperty.call(event, name)) return event[name];
    if (path.length === 1) return undefined;
    let cur: JsonValue | undefined = event;
    for (const part of path) {
      if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
      const obj: JsonObject = cur as JsonObject;
      cur = Object.prototype.hasOwnProperty.call(obj, part) ? obj[part] : undefined;
    }
    return cur;
  };
}

const isPresent = (v: JsonValue | undefined): boolean => v !== undefined && v !== null;

function alternatives(v: JsonValue | undefined): (string | number | boolean)[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return (v as readonly JsonValue[]).flatMap((x) => alternatives(x));
  if (typeof v === 'object') return [];
  return [v as string | number | boolean];
}

function texts(v: JsonValue | undefined): string[] {
  return alternatives(v).map((a) => (typeof a === 'string' ? a : String(a)));
}

/** Every string in the event, nested objects and arrays included. */
function eventStrings(event: JsonObject): string[] {
  const out: string[] = [];
  const stack: JsonValue[] = [event];
  while (stack.length > 0) {
    const v = stack.pop() as JsonValue;
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) stack.push(...(v as readonly JsonValue[]));
    else if (v !== null && typeof v === 'object') stack.push(...Object.values(v as JsonObject));
  }
  return out;
}

function literalCompare(placement: Placement, insensitive: boolean): (subject: string, needle: string) => boolean {
  const norm = insensitive ? foldAscii : (s: string): string => s;
  return (subject, needle) => {
    const s = norm(subject);
    const n = norm(needle);
    switch (placement) {
      case 'whole':
        return s === n;
      case 'contains':
        return s.includes(n);
      case 'startswith':
        return s.startsWith(n);
      case 'endswith':
        return s.endsWith(n);
    }
  };
}
