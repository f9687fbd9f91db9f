import { SourceError } from '../diagnostics.js';
import { EVENT_KINDS, isEventKind, type EventKind } from '../ir/event-kind.js';
import { REFUSED, refusalMessage, typedFieldsOf } from '../ir/field-domains.js';
import { REGISTRY_PATH, settleRegistryPath } from '../ir/registry-path.js';
import { settleQualifiedName, USER_QUALIFIED_NAME } from '../ir/user-qualified-name.js';
import type { FieldValue, JsonObject, JsonValue, LogicalEvent } from '../ir/value.js';
import { jsonFieldSpan } from './json-field-span.js';

/** An NDJSON line's value as an event in any shape: a JSON object, else an error at the line. */
export function eventObject(value: JsonValue, file: string, line: number): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw SourceError.at(file, line, 1, 'an event must be a JSON object');
  return value as JsonObject;
}

/**
 * A JSON object from NDJSON → a logical event: `kind` required and known, nested objects
 * flattened to dotted names (`{"process": {"name": "x"}}` ≡ `{"process.name": "x"}`), typed
 * fields holding what their schemas can hold (ir/field-domains.ts; digit text in a number field
 * becomes the number). Fields outside the taxonomy are kept: real logs carry more than any rule
 * reads. `text`, the line as read, lets an error point at the refused value's column.
 */
export function toLogicalEvent(json: JsonValue, file: string, line: number, text?: string): LogicalEvent {
  const value = eventObject(json, file, line);
  const kind = value['kind'];
  if (!isEventKind(kind)) {
    throw SourceError.at(file, line, 1, `an event needs \`kind\`: one of ${EVENT_KINDS.join(', ')}${kind === undefined ? '' : ` (got ${JSON.stringify(kind)})`}`);
  }
  if (isFlatAlready(value)) return withTypedValues(value as LogicalEvent, kind, file, line, text);
  // Untrusted input: flattening recurses (and JSON.stringify of a nested array item too), so
  // bound the nesting first, without recursion, rather than overflow the stack.
  if (nestedDeeperThan(value, MAX_EVENT_NESTING)) {
    throw SourceError.at(file, line, 1, `the event nests objects or arrays deeper than ${MAX_EVENT_NESTING} levels`);
  }
  const flat: Record<string, FieldValue> = {};
  const visit = (v: JsonValue, prefix: string): void => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, inner] of Object.entries(v)) visit(inner, prefix ? `${prefix}.${k}` : k);
      return;
    }
    if (Array.isArray(v)) {
      // Multi-valued fields (process.args) are arrays of strings; other items read as their JSON text.
      Object.defineProperty(flat, prefix, { value: Object.freeze(v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))), enumerable: true, writable: true, configurable: true });
      return;
    }
    // defineProperty: a key named `__proto__` stays a plain own field, never the prototype.
    Object.defineProperty(flat, prefix, { value: v as FieldValue, enumerable: true, writable: true, configurable: true });
  };
  for (const [k, v] of Object.entries(value)) visit(v, k);
  // registry.path is derived from hive, key and value name; a stored one fills missing parts
  // (and likewise user.qualified_name from user.domain and user.name).
  settleRegistryPath(flat);
  settleQualifiedName(flat);
  return withTypedValues(flat as LogicalEvent, kind, file, line, text);
}

/**
 * The event with its typed fields checked (ir/field-domains.ts), or an error at the refused
 * value. Only the few typed fields of the kind are looked up, by name; the event is copied only
 * when digit text becomes a number, which real logs in this shape seldom need.
 */
function withTypedValues(event: LogicalEvent, kind: EventKind, file: string, line: number, text: string | undefined): LogicalEvent {
  const typed = typedFieldsOf(kind);
  let out: LogicalEvent = event;
  for (let i = 0; i < typed.length; i++) {
    const field = typed[i]!;
    const value = event[field.name];
    if (value === undefined || value === null) continue;
    const read = field.read(value);
    if (read === value) continue;
    if (read === REFUSED) {
      // At the value, shown as written (flattening has made an array's items text).
      const span = text === undefined ? undefined : jsonFieldSpan(text, field.name);
      const written = span === undefined ? JSON.stringify(value) : (text as string).slice(span[0], span[1]);
      throw SourceError.at(file, line, span === undefined ? 1 : span[0] + 1, refusalMessage(field, written));
    }
    if (out === event) out = { ...event };
    Object.defineProperty(out, field.name, { value: read, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Most events arrive as the rule model reads them: dotted names, scalar values, no stored
 * registry.path or user.qualified_name to settle. Such an object is the logical event as it
 * is (JSON.parse made every key, `__proto__` included, an own field), in the order written,
 * and is neither copied nor changed: copying cost more than parsing the line.
 */
function isFlatAlready(value: Readonly<Record<string, JsonValue>>): boolean {
  for (const k of Object.keys(value)) {
    const v = value[k];
    if ((v !== null && typeof v === 'object') || k === REGISTRY_PATH || k === USER_QUALIFIED_NAME) return false;
  }
  return true;
}

/** Far beyond any real log (ECS nests a handful of levels), far below any stack limit. */
export const MAX_EVENT_NESTING = 64;

function nestedDeeperThan(value: JsonValue, max: number): boolean {
  const stack: { v: JsonValue; depth: number }[] = [{ v: value, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { v, depth } = item;
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const inner of Array.isArray(v) ? (v as readonly JsonValue[]) : Object.values(v)) stack.push({ v: inner, depth: depth + 1 });
  }
  return false;
}
