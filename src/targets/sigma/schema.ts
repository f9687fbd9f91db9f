import { EVENT_KINDS, type EventKind } from '../../ir/event-kind.js';
import type { FieldValue, JsonObject, JsonValue, LogicalEvent } from '../../ir/value.js';
import { isRegistryKind, REGISTRY_PATH, registryPathOf } from '../../ir/registry-path.js';
import { qualifiedNameOf, USER_QUALIFIED_NAME } from '../../ir/user-qualified-name.js';
import { parseInstant } from '../../semantics/instant.js';
import { flagFieldNames, flagOf, valueOfFlag } from '../../ir/network-flags.js';
import {
  basenameOf,
  hashEntriesOf,
  hashFromHashes,
  kindOfEventId,
  parseDetails,
  REGISTRY_SET_EVENT_TYPE,
  kindOfRegistryEventType,
  renderDetails,
  renderHashes,
  SIGMA_KINDS,
  SYSMON_PLACEMENTS,
  splitTargetObject,
  splitUser,
} from './taxonomy.js';

/**
 * A logical event as Sysmon writes it (fields.md "One event, three schemas"), and back.
 *
 * Projection writes only what Sysmon records, in its format:
 * - `EventID` of the kind (1, 13, 11, 3, 7); `EventType: SetValue` on a registry write;
 * - one-to-one fields (`Image` = process.executable, `CommandLine`, `ParentImage`, ...);
 * - `User` = `DOMAIN\name` = user.qualified_name, written only when domain and name are both
 *   non-empty (user-qualified-name.ts); `TargetObject` = `HKLM\<key>\<value>` = registry.path, written only
 *   when the path is fully known (a known hive, a key and a value name, registry-path.ts);
 *   `Details` as Sysmon renders the data (`DWORD (0x00000001)`); `Hashes` = `SHA1=<hex>,MD5=<hex>,SHA256=<hex>,IMPHASH=<hex>`
 *   (the entries the event has); `Initiated` / `DestinationIsIpv6` (and `SourceIsIpv6`, alike) as `true`/`false` for the
 *   two logical values each stands for, and not at all for any other (network-flags.ts);
 * - `UtcTime` as `YYYY-MM-DD HH:MM:SS.mmm`.
 * A file name (`process.name`) has no field of its own: Sysmon has only the full path, so an
 * event that gives a name without its path has no place for it (real events carry both).
 * Nulls are left out: Sysmon writes a field or does not, and the rule model treats a null
 * field as a missing one.
 *
 * Unprojection reads back what the fields carry, including the names the paths end with.
 */
export function projectEvent(event: LogicalEvent): JsonObject {
  const out: Record<string, JsonValue> = {};
  const kind = (EVENT_KINDS as readonly string[]).includes(event.kind) ? (event.kind as EventKind) : undefined;
  if (!kind) return out;
  set(out, 'EventID', SIGMA_KINDS[kind].eventId);
  if (kind === 'registry_set') set(out, 'EventType', REGISTRY_SET_EVENT_TYPE);
  if (kind === 'registry_add') set(out, 'EventType', 'CreateKey');
  // A deletion that names a value is a value deletion (ir/fields.ts).
  if (kind === 'registry_delete') set(out, 'EventType', text(event, 'registry.value') ? 'DeleteValue' : 'DeleteKey');
  for (const [logical, placement] of Object.entries(SYSMON_PLACEMENTS[kind])) {
    if (placement.kind !== 'field' || logical === REGISTRY_PATH || logical === USER_QUALIFIED_NAME) continue;
    const v = read(event, logical);
    if (v === undefined || Array.isArray(v)) continue;
    if (logical === '@timestamp') {
      const t = typeof v === 'string' ? sysmonTime(v) : undefined;
      set(out, placement.field, t ?? (v as JsonValue));
    } else {
      set(out, placement.field, v as JsonValue);
    }
  }
  for (const placement of Object.values(SYSMON_PLACEMENTS[kind])) {
    if (placement.kind !== 'flag') continue;
    const v = text(event, placement.flag.field);
    const flag = v === undefined ? undefined : flagOf(placement.flag, v);
    if (flag !== undefined) for (const name of flagFieldNames(placement.flag)) set(out, name, flag);
  }
  // User is the qualified name, whole or not at all, as Sysmon writes it (user-qualified-name.ts).
  const user = qualifiedNameOf(event);
  if (user !== undefined) set(out, 'User', user);
  const hashEntries = hashEntriesOf(kind);
  if (hashEntries.length > 0) {
    const known = new Map(hashEntries.flatMap(([a, f]) => {
      const v = text(event, f);
      return v === undefined ? [] : [[a, v] as const];
    }));
    const hashes = renderHashes(known);
    if (hashes !== undefined) set(out, 'Hashes', hashes);
  }
  if (isRegistryKind(kind)) {
    // TargetObject is the value's path; Sysmon writes it whole or not at all (registry-path.ts).
    const target = registryPathOf(event);
    if (target !== undefined) set(out, 'TargetObject', target);
  }
  if (kind === 'registry_set') {
    const data = text(event, 'registry.data');
    if (data !== undefined) set(out, 'Details', renderDetails(data, text(event, 'registry.data.type')));
  }
  return out;
}

/** Back to a logical event, as far as the Sysmon fields carry the facts. */
export function unprojectEvent(native: JsonObject): LogicalEvent {
  const kind = kindOfNative(native);
  const out: Record<string, FieldValue> = {};
  if (kind) {
    for (const [logical, placement] of Object.entries(SYSMON_PLACEMENTS[kind])) {
      // The path is derived from the parts read off TargetObject below.
      if (logical === REGISTRY_PATH || logical === USER_QUALIFIED_NAME) continue;
      if (placement.kind === 'flag') {
        // The writer's field, else one that writes the same flag.
        let flag: JsonValue | undefined;
        for (const name of flagFieldNames(placement.flag)) flag ??= nativeRead(native, name);
        const back = typeof flag === 'string' || typeof flag === 'boolean' ? valueOfFlag(placement.flag, String(flag)) : undefined;
        if (back !== undefined) set(out, logical, back);
        continue;
      }
      const v = nativeRead(native, placement.kind === 'field' || placement.kind === 'basename' ? placement.field : '');
      if (v === undefined || v === null || typeof v === 'object') continue;
      if (placement.kind === 'field') {
        const back = logical === '@timestamp' && typeof v === 'string' ? isoTime(v) : v;
        set(out, logical, back);
      } else if (placement.kind === 'basename' && typeof v === 'string') {
        set(out, logical, basenameOf(v));
      }
    }
    const user = nativeRead(native, 'User');
    if (typeof user === 'string') {
      const { domain, name } = splitUser(user);
      if (domain !== undefined) set(out, 'user.domain', domain);
      set(out, 'user.name', name);
    }
    const hashes = nativeRead(native, 'Hashes');
    if (typeof hashes === 'string') {
      for (const [a, f] of hashEntriesOf(kind)) {
        const v = hashFromHashes(hashes, a);
        if (v !== undefined) set(out, f, v);
      }
    }
    const keyTarget = kind === 'registry_add' || (kind === 'registry_delete' && nativeRead(native, 'EventType') === 'DeleteKey') ? nativeRead(native, 'TargetObject') : undefined;
    if (typeof keyTarget === 'string') {
      // A key event's TargetObject is the hive and the key, with no value name after it.
      const path = splitTargetObject(`${keyTarget}\\x`);
      if (path.hive !== undefined) set(out, 'registry.hive', path.hive);
      if (path.key !== undefined) set(out, 'registry.key', path.key);
    } else if (kind === 'registry_delete') {
      setValuePath(out, nativeRead(native, 'TargetObject'));
    }
    if (kind === 'registry_set') {
      setValuePath(out, nativeRead(native, 'TargetObject'));
      const details = nativeRead(native, 'Details');
      if (typeof details === 'string') {
        const d = parseDetails(details);
        set(out, 'registry.data', d.data);
        if (d.type !== undefined) set(out, 'registry.data.type', d.type);
      }
    }
  }
  return { ...out, kind: kind ?? 'unknown' };
}

/** The kind of a Sysmon-shaped event: by `EventID`, else by the fields only one kind has. */
export function kindOfNative(native: JsonObject): EventKind | undefined {
  const id = nativeRead(native, 'EventID');
  const n = typeof id === 'number' ? id : typeof id === 'string' && /^[0-9]+$/.test(id) ? Number(id) : undefined;
  // Event 12 is a key created or a key or value deleted: its EventType says which.
  if (n === 12) return kindOfRegistryEventType(nativeRead(native, 'EventType'));
  if (n !== undefined) return kindOfEventId(n);
  if (nativeRead(native, 'TargetObject') !== undefined) return 'registry_set';
  if (nativeRead(native, 'TargetFilename') !== undefined) return 'file_event';
  if (nativeRead(native, 'ImageLoaded') !== undefined) return 'image_load';
  if (nativeRead(native, 'DestinationIp') !== undefined) return 'network_connection';
  if (nativeRead(native, 'CommandLine') !== undefined) return 'process_creation';
  return undefined;
}

/** `2026-11-20T10:00:00Z` → `2026-11-20 10:00:00.000`, as Sysmon writes UtcTime. */
function sysmonTime(iso: string): string | undefined {
  const ms = parseInstant(iso);
  if (ms === undefined) return undefined;
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function isoTime(sysmon: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(sysmon);
  return m ? `${m[1] as string}T${m[2] as string}Z` : sysmon;
}

function read(event: LogicalEvent, field: string): FieldValue | undefined {
  if (!Object.prototype.hasOwnProperty.call(event, field)) return undefined;
  const v = event[field];
  return v === null ? undefined : v;
}

/** A text field of the event; numbers and booleans as their JSON text, arrays and nulls not. */
function text(event: LogicalEvent, field: string): string | undefined {
  const v = read(event, field);
  if (v === undefined || Array.isArray(v)) return undefined;
  return typeof v === 'string' ? v : String(v);
}

function nativeRead(native: JsonObject, field: string): JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(native, field) ? native[field] : undefined;
}

/** A TargetObject naming a value (a value written or deleted): its hive, key and value name. */
function setValuePath(out: Record<string, JsonValue | FieldValue>, target: JsonValue | undefined): void {
  if (typeof target !== 'string') return;
  const path = splitTargetObject(target);
  if (path.hive !== undefined) set(out, 'registry.hive', path.hive);
  if (path.key !== undefined) set(out, 'registry.key', path.key);
  if (path.value !== undefined) set(out, 'registry.value', path.value);
}

function set(target: Record<string, JsonValue | FieldValue>, key: string, value: JsonValue | FieldValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
