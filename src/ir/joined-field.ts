import type { FieldValue, LogicalEvent } from './value.js';

/**
 * What the joined logical fields (`registry.path`, `user.qualified_name`) share: they are
 * composed from parts an event carries, so both read those parts the same way.
 */

/** A part as text: strings as they are, numbers and booleans as their JSON text, others none. */
export function partText(v: FieldValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** The event's own value of a field: a field named `constructor` must not read Object's. */
export function ownValue(event: LogicalEvent, field: string): FieldValue | undefined {
  return Object.prototype.hasOwnProperty.call(event, field) ? event[field] : undefined;
}
