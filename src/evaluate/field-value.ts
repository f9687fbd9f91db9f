import { REGISTRY_PATH, registryPathOf } from '../ir/registry-path.js';
import { qualifiedNameOf, USER_QUALIFIED_NAME } from '../ir/user-qualified-name.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';

/**
 * How any field value takes part in a string predicate. The reference semantics (README,
 * "Missing fields and nulls"): a missing or null field makes every predicate on it false,
 * except that `not` of that predicate is true; numbers and booleans are compared as their
 * JSON text; an array matches when any element matches.
 */
export function stringsOf(value: FieldValue | undefined): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return value;
}

/**
 * Own-property read: a field named `__proto__` or `constructor` is never inherited.
 * `registry.path` is derived from the event's hive, key and value name (registry-path.ts),
 * never read as stored.
 */
export function readField(event: LogicalEvent, field: string): FieldValue | undefined {
  if (field === REGISTRY_PATH) return registryPathOf(event);
  // Likewise user.qualified_name from user.domain and user.name (user-qualified-name.ts).
  if (field === USER_QUALIFIED_NAME) return qualifiedNameOf(event);
  return Object.prototype.hasOwnProperty.call(event, field) ? event[field] : undefined;
}
