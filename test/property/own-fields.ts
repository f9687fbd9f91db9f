import type { FieldValue, LogicalEvent } from '../../src/ir/value.js';

/** Names of Object.prototype members: field names that a careless lookup table resolves. */
export const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

/** A logical event from name/value pairs, all own properties (so `__proto__` is a field, as JSON.parse makes it). */
export function eventOf(kind: string, fields: readonly (readonly [string, FieldValue])[]): LogicalEvent {
  const event: Record<string, FieldValue> = {};
  for (const [name, value] of fields) Object.defineProperty(event, name, { value, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(event, 'kind', { value: kind, enumerable: true, writable: true, configurable: true });
  return event as LogicalEvent;
}
