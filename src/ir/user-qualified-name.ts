import { ownValue, partText } from './joined-field.js';
import type { FieldValue, LogicalEvent } from './value.js';

/**
 * `user.qualified_name`: the account as `DOMAIN\name` — `NT AUTHORITY\SYSTEM`, `CORP\alice` —
 * what Windows calls the down-level logon name and Sysmon writes as `User`.
 *
 * Why a name of our own: ECS keeps `user.domain` and `user.name` apart and has no joined field
 * (`user.id` is the SID, `user.full_name` the display name), Defender keeps `AccountDomain` and
 * `AccountName` apart, and only Sysmon joins them. Sigma rules test the joined text
 * (`User|contains: 'AUTHORI'`, `User|endswith: '\SYSTEM'`), which no test on one part says.
 *
 * Like `registry.path` (registry-path.ts) it is *derived*, never stored: an event's qualified
 * name is always composed from its `user.domain` and `user.name`, so every target sees the same
 * text. It exists only when both are non-empty text: Kusto reads a missing string column as
 * `""`, so a Defender row cannot tell a missing part from an empty one, and a name that needs
 * both non-empty is one KQL computes exactly.
 *
 * Spelling is the source's own, and differs: for the local system account Sysmon writes
 * `NT AUTHORITY\SYSTEM`, while Defender writes `AccountDomain` = `nt authority` (lower case) and
 * `AccountName` = `system`. Tests are case-insensitive by default (README), which reads both
 * alike; a case-sensitive test reads each source's spelling as it is.
 */
export const USER_QUALIFIED_NAME = 'user.qualified_name';


/** `domain\name`, or undefined unless both parts are non-empty text. */
export function composeQualifiedName(domain: FieldValue | undefined, name: FieldValue | undefined): string | undefined {
  const d = partText(domain);
  const n = partText(name);
  return d === undefined || n === undefined || d === '' || n === '' ? undefined : `${d}\\${n}`;
}


/** The qualified name of the event's account, or undefined. */
export function qualifiedNameOf(event: LogicalEvent): string | undefined {
  return composeQualifiedName(ownValue(event, 'user.domain'), ownValue(event, 'user.name'));
}

/**
 * A qualified name read back into parts, split at the first backslash (a domain name holds
 * none); undefined when it is not one (no backslash, or an empty part).
 */
export function splitQualifiedName(text: string): { domain: string; name: string } | undefined {
  const cut = text.indexOf('\\');
  if (cut <= 0 || cut === text.length - 1) return undefined;
  return { domain: text.slice(0, cut), name: text.slice(cut + 1) };
}

/**
 * A copy of an event whose qualified name is `text` (parts rewritten; text that is not one
 * becomes the name under domain `CORP`, so that a needle lands inside a real-looking name), none
 * (undefined: the name removed) or a null one (the name null). For synthesised probe events.
 */
export function withQualifiedName(event: LogicalEvent, text: string | null | undefined): LogicalEvent {
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(event)) {
    if (v === undefined || k === USER_QUALIFIED_NAME || k === 'user.name' || (typeof text === 'string' && k === 'user.domain')) continue;
    out[k] = v;
  }
  if (text === null) out['user.name'] = null;
  else if (text !== undefined) {
    const parts = splitQualifiedName(text) ?? { domain: 'CORP', name: text === '' ? 'alice' : text };
    out['user.domain'] = parts.domain;
    out['user.name'] = parts.name;
  }
  return out as LogicalEvent;
}

/**
 * An incoming event with a stored `user.qualified_name`: when the event has neither part and
 * the text reads as one, it gives both; the stored text is dropped either way (the rule model
 * derives it). Changes the event in place.
 */
export function settleQualifiedName(event: Record<string, FieldValue>): void {
  if (!Object.prototype.hasOwnProperty.call(event, USER_QUALIFIED_NAME)) return;
  const stored = event[USER_QUALIFIED_NAME];
  delete event[USER_QUALIFIED_NAME];
  if (typeof stored !== 'string') return;
  const parts = splitQualifiedName(stored);
  const lacks = (field: string): boolean => !Object.prototype.hasOwnProperty.call(event, field) || event[field] === null;
  if (!parts || !lacks('user.domain') || !lacks('user.name')) return;
  for (const [field, value] of [['user.domain', parts.domain], ['user.name', parts.name]] as const) {
    Object.defineProperty(event, field, { value, enumerable: true, writable: true, configurable: true });
  }
}
