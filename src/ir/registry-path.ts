import { ownValue, partText } from './joined-field.js';
import type { FieldValue, LogicalEvent } from './value.js';

/**
 * `registry.path`: the full path of the value a registry write set, as Sysmon's `TargetObject`
 * and ECS `registry.path` spell it — `HKLM\SYSTEM\CurrentControlSet\Services\WinDefend\Start`:
 * the short hive name, the key below the hive, the value name, joined by backslashes.
 *
 * It is *derived*, not stored: an event's path is always composed from its `registry.hive`,
 * `registry.key` and `registry.value`, so no event can carry a path that disagrees with its
 * parts, and every target sees the same value. Why derived rather than a field of its own:
 * Defender keeps no path column (it is computed from `RegistryKey` and `RegistryValueName`),
 * Sysmon keeps no separate parts (they are read off `TargetObject`), so only the parts can be
 * carried by all three schemas; the path is a function of them.
 *
 * The path exists only when it is fully known:
 * - the hive is one of the four (short or long name, any case), written as its upper-case
 *   short name, as Sysmon writes it;
 * - the key and the value name are non-empty text.
 * Not a shortcut: Kusto reads a missing string column as `""`, so a Defender row cannot tell a
 * missing key or value name from an empty one; a path that needs both non-empty is one KQL can
 * compute exactly (it reads `""` exactly when the path is missing, and a path is never `""`).
 * Real writes always carry all three (Sysmon writes the default value as `(Default)`).
 *
 * A stored `registry.path` on an incoming event (an ECS document, an NDJSON line) only fills
 * parts the event lacks (`settleRegistryPath`).
 */
export const REGISTRY_PATH = 'registry.path';

/** Short and long hive names (fields.md "Hive names"). */
export const REGISTRY_HIVES: readonly (readonly [short: string, full: string])[] = [
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKU', 'HKEY_USERS'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
];

/** The upper-case short name of a short or long hive name in any (ASCII) case, or undefined. */
export function canonicalShortHive(name: string): string | undefined {
  const upper = name.replace(/[a-z]/g, (c) => c.toUpperCase());
  return REGISTRY_HIVES.find(([s, f]) => s === upper || f === upper)?.[0];
}


/** `HIVE\key\value` from the parts, or undefined when the path is not fully known (see above). */
export function composeRegistryPath(hive: FieldValue | undefined, key: FieldValue | undefined, value: FieldValue | undefined): string | undefined {
  const h = partText(hive);
  const k = partText(key);
  const v = partText(value);
  if (h === undefined || k === undefined || v === undefined || k === '' || v === '') return undefined;
  const short = canonicalShortHive(h);
  return short === undefined ? undefined : `${short}\\${k}\\${v}`;
}


/**
 * Whether a kind is about a registry key: a value written (registry_set), a key created
 * (registry_add), a key or a value deleted (registry_delete). All three name the key the same
 * way (hive and key, Defender's RegistryKey, Sysmon's TargetObject, ECS registry.*).
 */
export function isRegistryKind(kind: unknown): boolean {
  return kind === 'registry_set' || isRegistryKeyKind(kind);
}

/** Whether a kind is a key created or a key or value deleted (Sysmon event 12): no data is written. */
export function isRegistryKeyKind(kind: unknown): kind is 'registry_add' | 'registry_delete' {
  return kind === 'registry_add' || kind === 'registry_delete';
}

/**
 * The path of a key created or a key or value deleted: `HIVE\key`, with `\value` after it
 * when the event names a value (a value deletion). Sysmon event 12 writes exactly this as
 * TargetObject: the key for CreateKey and DeleteKey, the key and the value name for
 * DeleteValue. An empty or missing value name is a key event (Kusto reads a missing
 * RegistryValueName as "" too, so the two cannot differ in any target).
 */
export function composeRegistryKeyPath(hive: FieldValue | undefined, key: FieldValue | undefined, value: FieldValue | undefined): string | undefined {
  const h = partText(hive);
  const k = partText(key);
  if (h === undefined || k === undefined || k === '') return undefined;
  const short = canonicalShortHive(h);
  if (short === undefined) return undefined;
  const v = value === null || value === undefined ? '' : partText(value);
  if (v === undefined) return undefined;
  return v === '' ? `${short}\\${k}` : `${short}\\${k}\\${v}`;
}

/** The path of a registry event, or undefined (any other kind has none). */
export function registryPathOf(event: LogicalEvent): string | undefined {
  if (event.kind === 'registry_set') return composeRegistryPath(ownValue(event, 'registry.hive'), ownValue(event, 'registry.key'), ownValue(event, 'registry.value'));
  if (event.kind === 'registry_add') return composeRegistryKeyPath(ownValue(event, 'registry.hive'), ownValue(event, 'registry.key'), undefined);
  if (event.kind === 'registry_delete') return composeRegistryKeyPath(ownValue(event, 'registry.hive'), ownValue(event, 'registry.key'), ownValue(event, 'registry.value'));
  return undefined;
}

export interface RegistryPathParts {
  readonly hive: string;
  readonly key: string;
  readonly value: string;
}

/**
 * A path read back into parts: the hive is the first component, the value name the last (a
 * key name holds no backslash, a value name may, so this is one of possibly several splits —
 * every split composes to the same path, which is all the rule model reads). Undefined when the
 * text is not a path (unknown hive, empty key or value).
 */
export function splitRegistryPath(path: string): RegistryPathParts | undefined {
  const first = path.indexOf('\\');
  const last = path.lastIndexOf('\\');
  if (first < 0 || last <= first) return undefined;
  const hive = canonicalShortHive(path.slice(0, first));
  const key = path.slice(first + 1, last);
  const value = path.slice(last + 1);
  if (hive === undefined || key === '' || value === '') return undefined;
  return { hive, key, value };
}

/**
 * Parts whose path is the given text, or, when no parts compose to it, parts whose path holds
 * it (for synthesised events: a path test's needle lands inside a real-looking path).
 */
export function partsForPath(text: string): RegistryPathParts {
  const exact = splitRegistryPath(text);
  if (exact) return exact;
  const short = canonicalShortHive(text.split('\\', 1)[0] as string);
  if (short !== undefined) {
    // `HKLM\SOFTWARE` and the like: a prefix of a path; complete it with a value name.
    const completed = splitRegistryPath(`${text}\\Start`);
    if (completed) return completed;
  }
  return { hive: 'HKLM', key: 'SOFTWARE', value: text === '' ? 'Start' : text };
}

/**
 * A copy of a registry event whose path is `path` (its parts rewritten), has none (undefined:
 * the value name removed) or a null one (the value name null).
 */
export function withRegistryPath(event: LogicalEvent, path: string | null | undefined): LogicalEvent {
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(event)) {
    if (v === undefined || k === REGISTRY_PATH || (path !== undefined && path !== null && (k === 'registry.hive' || k === 'registry.key'))) continue;
    if (k === 'registry.value') continue;
    out[k] = v;
  }
  if (path === null) out['registry.value'] = null;
  else if (path !== undefined) {
    const parts = partsForPath(path);
    out['registry.hive'] = parts.hive;
    out['registry.key'] = parts.key;
    out['registry.value'] = parts.value;
  }
  return out as LogicalEvent;
}

/**
 * An incoming registry event with a stored `registry.path`: when the event has none of the
 * parts and the path reads as one, the path gives all three; the stored path is then dropped —
 * the rule model derives it. Parts the event has win over a disagreeing stored path (a rule's
 * test event is checked for that instead: convert-tests.ts). Changes the event in place;
 * events of other kinds are left alone.
 */
export function settleRegistryPath(event: Record<string, FieldValue>): void {
  if (!isRegistryKind(event['kind']) || !Object.prototype.hasOwnProperty.call(event, REGISTRY_PATH)) return;
  const stored = event[REGISTRY_PATH];
  delete event[REGISTRY_PATH];
  if (typeof stored !== 'string') return;
  if (event['kind'] === 'registry_add') return settleKeyPath(event, stored);
  // A deletion's path alone does not say whether its last component is a value name or a
  // subkey; it is read as a value deletion (the parts, where the event has them, win).
  const parts = splitRegistryPath(stored);
  if (!parts) return;
  const lacks = (field: string): boolean => !Object.prototype.hasOwnProperty.call(event, field) || event[field] === null;
  // Only all three together: half of one split mixed with the event's own parts is no path.
  if (!['registry.hive', 'registry.key', 'registry.value'].every(lacks)) return;
  for (const [field, value] of [['registry.hive', parts.hive], ['registry.key', parts.key], ['registry.value', parts.value]] as const) {
    Object.defineProperty(event, field, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** A key creation's stored path: the hive and the key below it, when the event has neither. */
function settleKeyPath(event: Record<string, FieldValue>, stored: string): void {
  const first = stored.indexOf('\\');
  const hive = first < 0 ? undefined : canonicalShortHive(stored.slice(0, first));
  const key = first < 0 ? '' : stored.slice(first + 1);
  if (hive === undefined || key === '') return;
  const lacks = (field: string): boolean => !Object.prototype.hasOwnProperty.call(event, field) || event[field] === null;
  if (!lacks('registry.hive') || !lacks('registry.key')) return;
  Object.defineProperty(event, 'registry.hive', { value: hive, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(event, 'registry.key', { value: key, enumerable: true, writable: true, configurable: true });
}

/** Parts of a created key whose path is the given text, or, when none are, whose path holds it. */
export function keyPartsForPath(text: string): { readonly hive: string; readonly key: string } {
  const first = text.indexOf('\\');
  const hive = first < 0 ? undefined : canonicalShortHive(text.slice(0, first));
  if (hive !== undefined && first + 1 < text.length) return { hive, key: text.slice(first + 1) };
  return { hive: 'HKLM', key: text === '' ? 'SOFTWARE' : `SOFTWARE\\${text}` };
}

/**
 * withRegistryPath for any registry kind: a created key's path is its hive and key only, so
 * its parts are read that way; a value write's or a deletion's as withRegistryPath reads them
 * (a deletion's path then names a value).
 */
export function withPathOfKind(event: LogicalEvent, path: string | null | undefined): LogicalEvent {
  if (event.kind !== 'registry_add' || path === null || path === undefined) return withRegistryPath(event, path);
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(event)) if (v !== undefined && k !== REGISTRY_PATH && k !== 'registry.hive' && k !== 'registry.key') out[k] = v;
  const parts = keyPartsForPath(path);
  out['registry.hive'] = parts.hive;
  out['registry.key'] = parts.key;
  return out as LogicalEvent;
}
