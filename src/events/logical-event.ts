import { SourceError } from '../diagnostics.js';
import { EVENT_KINDS, isEventKind } from '../ir/event-kind.js';
import { settleRegistryPath } from '../ir/registry-path.js';
import { settleQualifiedName } from '../ir/user-qualified-name.js';
import type { FieldValue, JsonValue, LogicalEvent } from '../ir/value.js';

/**
 * A JSON object from NDJSON → a logical event: `kind` required and known, nested objects
 * flattened to dotted names (`{"process": {"name": "x"}}` ≡ `{"process.name": "x"}`).
 * Fields outside the taxonomy are kept: real logs carry more than any rule reads.
 */
export function toLogicalEvent(value: JsonValue, file: string, line: number): LogicalEvent {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw SourceError.at(file, line, 1, 'an event must be a JSON object');
  }
  const kind = (value as Record<string, JsonValue>)['kind'];
  if (!isEventKind(kind)) {
    throw SourceError.at(file, line, 1, `an event needs \`kind\`: one of ${EVENT_KINDS.join(', ')}${kind === undefined ? '' : ` (got ${JSON.stringify(kind)})`}`);
  }
  const flatAlready = flatCopy(value as Record<string, JsonValue>, kind);
  if (flatAlready !== undefined) return settled(flatAlready);
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
  for (const [k, v] of Object.entries(value)) if (k !== 'kind') visit(v, k);
  Object.defineProperty(flat, 'kind', { value: kind, enumerable: true, writable: true, configurable: true });
  return settled(flat);
}

/**
 * Most events arrive flat (dotted names, scalar values): copied field by field in their order,
 * `kind` last, as flattening would write them, but with plain stores, which the engine keeps on
 * one fast path (defineProperty per field cost more than parsing the line). Undefined when a
 * value nests and the event needs flattening.
 */
function flatCopy(value: Readonly<Record<string, JsonValue>>, kind: string): Record<string, FieldValue> | undefined {
  const keys = Object.keys(value);
  for (const k of keys) {
    const v = value[k];
    if (v !== null && typeof v === 'object') return undefined;
  }
  const flat: Record<string, FieldValue> = {};
  for (const k of keys) {
    if (k === 'kind') continue;
    // A plain store to `__proto__` would set the prototype; as a field it is an own property.
    if (k === '__proto__') Object.defineProperty(flat, k, { value: value[k], enumerable: true, writable: true, configurable: true });
    else flat[k] = value[k] as FieldValue;
  }
  flat['kind'] = kind;
  return flat;
}

/** registry.path is derived from hive, key and value name; a stored one fills missing parts (and likewise user.qualified_name). */
function settled(flat: Record<string, FieldValue>): LogicalEvent {
  settleRegistryPath(flat);
  settleQualifiedName(flat);
  return flat as LogicalEvent;
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
