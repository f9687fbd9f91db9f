import { EVENT_KINDS, type EventKind } from '../../ir/event-kind.js';
import { FIELDS_BY_KIND } from '../../ir/fields.js';
import { REGISTRY_PATH, registryPathOf, settleRegistryPath } from '../../ir/registry-path.js';
import { USER_QUALIFIED_NAME } from '../../ir/user-qualified-name.js';
import { elasticIntegrityLevel, INTEGRITY_LEVEL, integrityLevelFromElastic } from '../../ir/integrity-level.js';
import { LOGON_ID } from '../../ir/logon-id.js';
import type { FieldValue, JsonObject, JsonValue, LogicalEvent } from '../../ir/value.js';

/**
 * The ECS shape of a logical event (fields.md "One event, three schemas", eql.md "ECS fields").
 * Logical names follow ECS, so most fields keep their names; the differences are spelled out
 * here and nowhere else:
 * - each kind is an `event.category` (the EQL query's category) plus an `event.type`;
 * - `registry.data` (text) is ECS `registry.data.strings`, an **array**;
 * - `registry.path` is `HKLM\<key>\<value>`, the logical path (src/ir/registry-path.ts): written
 *   from hive, key and value name, and read back into them;
 * - `process.integrity_level` has no ECS field: it is Elastic Defend's
 *   `process.Ext.token.integrity_level_name`, whose known level names are in lower case
 *   (`high`), where Sysmon and Defender write `High` (src/ir/integrity-level.ts);
 * - `process.logon_id` has no ECS field either: it is Elastic Defend's
 *   `process.Ext.authentication_id`, which holds Sysmon's hex text (`0x3e7`) as it is;
 * - on a registry event the actor is `process.*` (as in the logical model), not `process.parent.*`;
 * - `process.parent.parent.name` has no ECS field, nor has `user.qualified_name` (DOMAIN\name):
 *   tests on it are written over `user.domain` and `user.name` (qualified-name.ts).
 */
export interface EcsKind {
  readonly category: string;
  readonly type: string;
  /**
   * Why no Elastic index is known to hold this kind's events as `category`/`type` say, when
   * that is so: the query is exact on ECS's reading but may find nothing on Elastic's data,
   * which the Elastic rule's guide says (elastic-rule.ts) — not a declared approximation,
   * which would make `check` excuse any disagreement of the whole query.
   */
  readonly unseen?: string;
}

const REGISTRY_UNSEEN =
  "no Elastic source is documented to write registry events of type creation or deletion (Elastic Defend's Windows registry events are modifications; Elastic's Sysmon pipeline writes event 12 as type change), so the query may find nothing on Elastic's data";

export const ECS_KINDS: Readonly<Record<EventKind, EcsKind>> = {
  process_creation: { category: 'process', type: 'start' },
  registry_set: { category: 'registry', type: 'change' },
  file_event: { category: 'file', type: 'creation' },
  network_connection: { category: 'network', type: 'start' },
  image_load: { category: 'library', type: 'start' },
  // A deletion shares the file category with a creation; event.type tells them apart (ECS
  // event.type allowed value "deletion"). Elastic Defend's Windows file-delete event (elastic/
  // endpoint-package custom docs, logs-endpoint.events.file-*) has event.action "deletion", and
  // detection-rules read it as `file where event.type == "deletion"`; Elastic's Sysmon pipeline
  // gives events 23 and 26 category file, type deletion.
  file_delete: { category: 'file', type: 'deletion' },
  // A key created or a key or value deleted: ECS's registry category with the event.type
  // values ECS defines for creation and deletion (ECS categorization fields, event.type:
  // creation, deletion). No Elastic source is documented to write them: Elastic Defend's
  // custom docs (elastic/endpoint-package) list Windows registry modification, query and save
  // events only, and Elastic's Sysmon pipeline writes event 12 as type change, as it writes
  // event 13 (INDEX_PATTERNS). So this is ECS's reading, not one seen in an index.
  registry_add: { category: 'registry', type: 'creation', unseen: REGISTRY_UNSEEN },
  registry_delete: { category: 'registry', type: 'deletion', unseen: REGISTRY_UNSEEN },
  // ECS's driver category ("operating system device drivers", event.type start among its
  // expected types); Elastic's Sysmon pipeline writes event 6 as category driver, type start,
  // action "Driver loaded", and detection-rules read driver loads as `driver where ...`.
  driver_load: { category: 'driver', type: 'start' },
};

/**
 * ECS fields every projected document carries with one value. The rule model's events are all
 * Windows events (Sysmon, Defender for Endpoint); the agents that ship them to Elastic (Elastic
 * Defend, Winlogbeat) record `host.os.type: "windows"`, and detection-rules queries open with
 * `host.os.type == "windows"` to say so (ECS `host.os.type`: linux, macos, unix, windows, ...).
 */
export const CONSTANT_ECS_FIELDS: Readonly<Record<string, string>> = { 'host.os.type': 'windows' };

/**
 * Index patterns a detection-rules TOML lists for each kind (eql.md "Rule envelopes"): only
 * those whose documents have the shape the query reads. Elastic's Sysmon pipeline (elastic/
 * integrations, windows sysmon_operational ingest pipeline, which Winlogbeat's Sysmon module
 * follows) writes event 1 as process/start, 3 as network/start, 11 as file/creation and 13 as
 * registry/change, as ECS_KINDS does; but event 7 (image loaded) as category process, type
 * change, with the module under file.* (ImageLoaded → file.path): a `library where dll.*` query
 * matches none of it, so image loads are read from Elastic Defend's library events only. It
 * writes Sysmon's file deletions, event 23 (archived) and 26 (logged only), as file/deletion
 * with TargetFilename → file.path (and file.name after its last backslash), Image →
 * process.executable, User → user.domain and user.name, as Elastic Defend's deletion events
 * hold them. (It also writes event 28, a shredding Sysmon blocked, as file/deletion: a
 * deletion query over its index reads those too, as a creation query reads events 17 and 29.)
 */
export const INDEX_PATTERNS: Readonly<Record<EventKind, readonly string[]>> = {
  process_creation: ['logs-endpoint.events.process-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*'],
  registry_set: ['logs-endpoint.events.registry-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*'],
  file_event: ['logs-endpoint.events.file-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*'],
  network_connection: ['logs-endpoint.events.network-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*'],
  image_load: ['logs-endpoint.events.library-*'],
  file_delete: ['logs-endpoint.events.file-*', 'winlogbeat-*', 'logs-windows.sysmon_operational-*'],
  // Elastic's Sysmon pipeline writes event 12 (key or value created or deleted) as category
  // registry, type change, with event.action "RegistryEvent (Object create and delete)": a
  // creation or deletion query matches none of it, so only Elastic Defend's registry index.
  registry_add: ['logs-endpoint.events.registry-*'],
  registry_delete: ['logs-endpoint.events.registry-*'],
  // Elastic's Sysmon pipeline writes event 6 with the driver under file.* (ImageLoaded →
  // file.path, Hashes → file.hash.*, Signature / SignatureStatus →
  // file.code_signature.subject_name / .status), as the rule model names it. Elastic Defend
  // also writes driver events, into its library index with the driver under dll.*
  // (detection-rules "Untrusted Driver Loaded": `driver where ... dll.code_signature...` over
  // logs-endpoint.events.library-*): a file.* query matches none of them, so they are left out.
  driver_load: ['winlogbeat-*', 'logs-windows.sysmon_operational-*'],
};

/** Logical fields whose ECS name differs; every other logical field is its own ECS name. */
const RENAMED: Readonly<Record<string, string>> = {
  'registry.data': 'registry.data.strings',
  [INTEGRITY_LEVEL]: 'process.Ext.token.integrity_level_name',
  // ECS has no logon-session field; Elastic Defend's holds Sysmon's hex text (ir/logon-id.ts).
  [LOGON_ID]: 'process.Ext.authentication_id',
};

/** Own entries only: an event field named `constructor` or `__proto__` is not renamed to Object's. */
function renamed(logical: string): string {
  return Object.prototype.hasOwnProperty.call(RENAMED, logical) ? (RENAMED[logical] as string) : logical;
}

/** Logical fields ECS has no field for (fields.md: grandparent name is Defender only). */
const NO_ECS_FIELD = new Set(['process.parent.parent.name', USER_QUALIFIED_NAME]);

/**
 * Logical fields whose ECS counterpart holds another type, so no EQL test on it says the
 * logical test: ECS's code_signature field set has no `signed`; its `exists` ("Boolean to
 * capture if a signature is present") is a boolean, where the rule model holds Sysmon event 7's
 * text `Signed` (`true` / `false`).
 */
const OTHER_ECS_TYPE: Readonly<Record<string, string>> = {
  'dll.code_signature.signed': "ECS has no dll.code_signature.signed: whether a signature is present is the boolean dll.code_signature.exists (ECS Code Signature fields), where the rule model holds Sysmon's text true/false",
  // Elastic's Sysmon pipeline sets a boolean file.code_signature.signed (a field outside ECS)
  // only when event 6's Signed is true, and nothing when it is false.
  'file.code_signature.signed': "ECS has no file.code_signature.signed: Elastic's Sysmon pipeline writes one outside ECS, a boolean set only when Sysmon's Signed is true, where the rule model holds Sysmon's text true/false",
};

/** The ECS field for a logical field, or undefined when ECS has none. */
export function ecsField(logical: string): string | undefined {
  if (NO_ECS_FIELD.has(logical) || Object.prototype.hasOwnProperty.call(OTHER_ECS_TYPE, logical)) return undefined;
  return renamed(logical);
}

/** Why a logical field has no ECS field to test (for the emitter's refusal). */
export function noEcsFieldReason(logical: string): string {
  return Object.prototype.hasOwnProperty.call(OTHER_ECS_TYPE, logical) ? (OTHER_ECS_TYPE[logical] as string) : `ECS has no field for ${logical}`;
}

/** The logical field an ECS field carries, or undefined when the rule model has none. */
export function logicalField(ecs: string, kind: EventKind | undefined): string | undefined {
  const renamed = Object.entries(RENAMED).find(([, e]) => e === ecs);
  const name = renamed ? renamed[0] : ecs;
  if (NO_ECS_FIELD.has(name) || Object.prototype.hasOwnProperty.call(OTHER_ECS_TYPE, name)) return undefined;
  const kinds = kind ? [kind] : EVENT_KINDS;
  return kinds.some((k) => FIELDS_BY_KIND[k].some((f) => f.name === name)) ? name : undefined;
}

/** The kinds of an event category, in EVENT_KINDS order: file holds file_event and file_delete. */
export function kindsOfCategory(category: string): readonly EventKind[] {
  return EVENT_KINDS.filter((k) => ECS_KINDS[k].category === category);
}

/** Whether another kind shares this kind's category, so that only event.type tells them apart. */
export function sharesCategory(kind: EventKind): boolean {
  return kindsOfCategory(ECS_KINDS[kind].category).length > 1;
}

/**
 * The kind of a document from its event.category and event.type (each a value or an array):
 * the first kind whose category it has and, where a category holds several kinds, whose type
 * it has too; else the first kind of its category.
 */
export function kindOfDocument(category: JsonValue | undefined, type: JsonValue | undefined): EventKind | undefined {
  const categories = Array.isArray(category) ? category : [category];
  const types = Array.isArray(type) ? type : [type];
  const candidates = EVENT_KINDS.filter((k) => categories.includes(ECS_KINDS[k].category));
  return candidates.find((k) => !sharesCategory(k) || types.includes(ECS_KINDS[k].type)) ?? candidates[0];
}

/** The ECS document of a logical event, nested as Elastic stores it. */
export function projectToEcs(event: LogicalEvent): JsonObject {
  const doc: Record<string, JsonValue> = {};
  const kind = (EVENT_KINDS as readonly string[]).includes(event.kind) ? (event.kind as EventKind) : undefined;
  if (kind) {
    setPath(doc, 'event.category', ECS_KINDS[kind].category);
    setPath(doc, 'event.type', ECS_KINDS[kind].type);
    for (const [field, value] of Object.entries(CONSTANT_ECS_FIELDS)) setPath(doc, field, value);
  }
  for (const [name, value] of Object.entries(event)) {
    if (name === 'kind' || name === REGISTRY_PATH || name === USER_QUALIFIED_NAME || value === undefined) continue;
    // Text where ECS has a boolean would be a document Elastic never holds.
    if (Object.prototype.hasOwnProperty.call(OTHER_ECS_TYPE, name)) continue;
    const ecs = renamed(name);
    let v: JsonValue = value as JsonValue;
    if (ecs === 'registry.data.strings' && typeof value === 'string') v = [value];
    if (name === INTEGRITY_LEVEL && typeof value === 'string') v = elasticIntegrityLevel(value);
    setPath(doc, ecs, v);
  }
  const path = registryPathOf(event);
  if (path !== undefined) setPath(doc, REGISTRY_PATH, path);
  return doc;
}

/** Back to a logical event: the kind from `event.category`, logical fields only. */
export function unprojectFromEcs(doc: JsonObject): LogicalEvent {
  const flat = flatten(doc);
  const kind = kindOfDocument(flat.get('event.category'), flat.get('event.type'));
  const out: Record<string, FieldValue> = Object.create(null) as Record<string, FieldValue>;
  for (const [ecs, value] of flat) {
    const name = logicalField(ecs, kind);
    if (name === undefined) continue;
    const v = toFieldValue(value);
    if (v === undefined) continue;
    // registry.data is text in the rule model; a one-element ECS array is that text.
    if (name === 'registry.data' && Array.isArray(v) && v.length === 1) out[name] = v[0] as string;
    else if (name === INTEGRITY_LEVEL && typeof v === 'string') out[name] = integrityLevelFromElastic(v);
    else out[name] = v;
  }
  // `HKLM\SYSTEM\...\Start` gives hive, key and value when the document lacks them.
  const event: Record<string, FieldValue> = { ...out, kind: kind ?? 'unknown' };
  settleRegistryPath(event);
  return event as LogicalEvent;
}

function toFieldValue(v: JsonValue): FieldValue | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? (v as string[]) : v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)));
  return undefined;
}

/** Dotted names of every leaf of a document, nested or already dotted. */
function flatten(doc: JsonObject): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  const walk = (obj: JsonObject, prefix: string, depth: number): void => {
    for (const key of Object.keys(obj)) {
      const v = obj[key] as JsonValue;
      const name = prefix ? `${prefix}.${key}` : key;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 32) walk(v as JsonObject, name, depth + 1);
      else out.set(name, v);
    }
  };
  walk(doc, '', 0);
  return out;
}

/**
 * Sets a dotted path in a nested document with own properties only (a field called
 * `__proto__` stays data). Where a path is already a leaf, the dotted key is kept flat.
 */
function setPath(doc: Record<string, JsonValue>, path: string, value: JsonValue): void {
  const parts = path.split('.');
  let node: Record<string, JsonValue> = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    const existing = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    if (existing === undefined) {
      const child: Record<string, JsonValue> = {};
      define(node, key, child);
      node = child;
    } else if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) {
      node = existing as Record<string, JsonValue>;
    } else {
      define(node, parts.slice(i).join('.'), value);
      return;
    }
  }
  define(node, parts[parts.length - 1] as string, value);
}

function define(obj: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
