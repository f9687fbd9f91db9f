import { perKind, type EventKind } from '../../ir/event-kind.js';
import type { FieldValue, JsonObject, JsonValue, LogicalEvent } from '../../ir/value.js';
import { canonicalShortHive, isRegistryKind, REGISTRY_PATH, settleRegistryPath } from '../../ir/registry-path.js';
import { REGISTRY_PATH_COLUMN } from './registry-path.js';
import { settleQualifiedName, USER_QUALIFIED_NAME } from '../../ir/user-qualified-name.js';
import { USER_QUALIFIED_COLUMN } from './user-qualified-name.js';
import { defenderValueType, windowsValueType } from './registry-value-type.js';
import { columnType, type KqlColumnType } from './tables.js';
import { LOGON_ID, logonIdNumber, logonIdText } from '../../ir/logon-id.js';

/**
 * Where each logical field lives in Defender XDR (fields.md, "One event, three schemas").
 * The trap this table exists for: `InitiatingProcess*` is the *parent* on a process event but
 * the *actor* on every other event, so one column means different logical fields per table.
 */
export interface KindSchema {
  readonly table: string;
  /** The `ActionType` Defender writes for this kind; a kind test in KQL is a test on it. */
  readonly actionType: string;
  /**
   * Whether the table also holds other actions (registry key created, file deleted, ...), so
   * that a query reading it must keep only this kind's action.
   */
  readonly tableHoldsOtherActions: boolean;
  /** Further ActionTypes of the kind's rows (registry_delete: a key or a value deleted). */
  readonly moreActionTypes?: readonly string[];
  /** Logical field → column. `registry.hive`/`registry.key` share `RegistryKey` (see below). */
  readonly columns: Readonly<Record<string, string>>;
}

const common = {
  '@timestamp': 'Timestamp',
  'host.name': 'DeviceName',
  'event.action': 'ActionType',
};

/** On every kind but process creation, `process.*` and `user.*` are the acting process. */
const actor = {
  'user.name': 'InitiatingProcessAccountName',
  'user.domain': 'InitiatingProcessAccountDomain',
  // Not a Defender column: the query computes it (user-qualified-name.ts); rows never carry it.
  'user.qualified_name': USER_QUALIFIED_COLUMN,
  'process.name': 'InitiatingProcessFileName',
  'process.executable': 'InitiatingProcessFolderPath',
  'process.command_line': 'InitiatingProcessCommandLine',
  'process.pid': 'InitiatingProcessId',
};

export const KIND_SCHEMAS: Readonly<Record<EventKind, KindSchema>> = {
  process_creation: {
    table: 'DeviceProcessEvents',
    actionType: 'ProcessCreated',
    tableHoldsOtherActions: false,
    columns: {
      ...common,
      'user.name': 'AccountName',
      'user.domain': 'AccountDomain',
      'user.qualified_name': USER_QUALIFIED_COLUMN,
      'process.name': 'FileName',
      'process.executable': 'FolderPath',
      'process.command_line': 'ProcessCommandLine',
      'process.pid': 'ProcessId',
      'process.pe.original_file_name': 'ProcessVersionInfoOriginalFileName',
      'process.pe.description': 'ProcessVersionInfoFileDescription',
      'process.pe.product': 'ProcessVersionInfoProductName',
      'process.pe.company': 'ProcessVersionInfoCompanyName',
      'process.integrity_level': 'ProcessIntegrityLevel',
      'process.logon_id': 'LogonId',
      'process.hash.sha256': 'SHA256',
      'process.hash.sha1': 'SHA1',
      'process.hash.md5': 'MD5',
      'process.parent.name': 'InitiatingProcessFileName',
      'process.parent.executable': 'InitiatingProcessFolderPath',
      'process.parent.command_line': 'InitiatingProcessCommandLine',
      'process.parent.pid': 'InitiatingProcessId',
      'process.parent.parent.name': 'InitiatingProcessParentFileName',
    },
  },
  registry_set: {
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryValueSet',
    tableHoldsOtherActions: true,
    columns: {
      ...common,
      ...actor,
      'registry.key': 'RegistryKey',
      'registry.hive': 'RegistryKey',
      'registry.value': 'RegistryValueName',
      // Not a Defender column: the query computes it (registry-path.ts); rows never carry it.
      'registry.path': REGISTRY_PATH_COLUMN,
      // A DWORD's data as decimal text, as the rule model holds it. No Microsoft page says how
      // RegistryValueData spells a number; published Defender hunting queries read it so
      // (`RegistryValueType == "Dword"` with `RegistryValueData == "1"`, or `== "0"` for
      // EnableLUA, fDenyTSConnections, SpynetReporting).
      'registry.data': 'RegistryValueData',
      'registry.data.type': 'RegistryValueType',
    },
  },
  file_event: {
    table: 'DeviceFileEvents',
    actionType: 'FileCreated',
    tableHoldsOtherActions: true,
    columns: { ...common, ...actor, 'file.path': 'FolderPath', 'file.name': 'FileName' },
  },
  // A deletion is a DeviceFileEvents row too, told apart by its ActionType. Microsoft Learn's
  // DeviceFileEvents page lists the columns but leaves the ActionType values to the portal's
  // schema reference; FileDeleted is the value Microsoft's own Sentinel content reads: the ASIM
  // File Event schema lists FileDeleted among its EventType values and the ASIM parser for
  // DeviceFileEvents (Azure-Sentinel, vimFileEventM365D) passes ActionType through as EventType.
  // The columns are read as for a creation: FolderPath/FileName the deleted file (Learn: "the
  // file that the recorded action was applied to"), InitiatingProcess* the process deleting it.
  file_delete: {
    table: 'DeviceFileEvents',
    actionType: 'FileDeleted',
    tableHoldsOtherActions: true,
    columns: { ...common, ...actor, 'file.path': 'FolderPath', 'file.name': 'FileName' },
  },
  // A key created and a key or value deleted are DeviceRegistryEvents rows too, told apart by
  // ActionType. Microsoft Learn's DeviceRegistryEvents page leaves the ActionType values to the
  // portal; Microsoft's ASIM Registry Event schema (Microsoft Learn) names the operations
  // RegistryKeyCreated, RegistryKeyDeleted, RegistryValueDeleted (beside RegistryValueSet and
  // RegistryKeyRenamed), the spellings published Defender hunting queries test ActionType for,
  // and SigmaHQ's Microsoft 365 Defender backend maps Sysmon's CreateKey to RegistryKeyCreated
  // and DeleteKey to RegistryKeyDeleted and RegistryValueDeleted. RegistryKey is the key the
  // action was applied to (Learn), RegistryValueName the deleted value's name; no data.
  registry_add: {
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryKeyCreated',
    tableHoldsOtherActions: true,
    columns: { ...common, ...actor, 'registry.key': 'RegistryKey', 'registry.hive': 'RegistryKey', 'registry.path': REGISTRY_PATH_COLUMN },
  },
  registry_delete: {
    table: 'DeviceRegistryEvents',
    actionType: 'RegistryKeyDeleted',
    moreActionTypes: ['RegistryValueDeleted'],
    tableHoldsOtherActions: true,
    columns: { ...common, ...actor, 'registry.key': 'RegistryKey', 'registry.hive': 'RegistryKey', 'registry.value': 'RegistryValueName', 'registry.path': REGISTRY_PATH_COLUMN },
  },
  network_connection: {
    table: 'DeviceNetworkEvents',
    actionType: 'ConnectionSuccess',
    tableHoldsOtherActions: false,
    columns: {
      ...common,
      ...actor,
      'source.ip': 'LocalIP',
      'source.port': 'LocalPort',
      'destination.ip': 'RemoteIP',
      'destination.port': 'RemotePort',
      'destination.domain': 'RemoteUrl',
      // "Protocol used during the communication" (Microsoft Learn, DeviceNetworkEvents); the
      // spelling of its values is documented in the portal only, so tests on it are written
      // case-insensitively wherever the rule allows. No column says the direction or the IP
      // version (network.direction, network.type).
      'network.transport': 'Protocol',
    },
  },
  image_load: {
    table: 'DeviceImageLoadEvents',
    actionType: 'ImageLoaded',
    tableHoldsOtherActions: false,
    // SHA1, SHA256 and MD5 hash the loaded file, as FileName and FolderPath name it (Microsoft
    // Learn / Azure Monitor DeviceImageLoadEvents); there is no import-hash column.
    columns: { ...common, ...actor, 'dll.path': 'FolderPath', 'dll.name': 'FileName', 'dll.hash.sha1': 'SHA1', 'dll.hash.sha256': 'SHA256', 'dll.hash.md5': 'MD5' },
  },
  // Defender has no driver table: a driver load is a row of the miscellaneous DeviceEvents
  // table. Microsoft Learn's DeviceEvents page lists the columns and leaves the ActionType
  // values to the portal's schema reference; DriverLoad is the value published Defender
  // hunting queries read (`DeviceEvents | where ActionType == "DriverLoad"`, with FileName,
  // FolderPath, SHA1, SHA256 of the driver) — found in third-party content only, not on a
  // Microsoft page. FileName, FolderPath, SHA1, SHA256 and MD5 describe "the file that the
  // recorded action was applied to" (Learn), the driver; Learn says SHA256 is usually empty.
  // No column holds the driver's signature or import hash. The InitiatingProcess* columns are
  // not read: Sysmon's event 6 and ECS name no process loading a driver.
  driver_load: {
    table: 'DeviceEvents',
    actionType: 'DriverLoad',
    tableHoldsOtherActions: true,
    columns: { ...common, 'file.path': 'FolderPath', 'file.name': 'FileName', 'file.hash.sha1': 'SHA1', 'file.hash.sha256': 'SHA256', 'file.hash.md5': 'MD5' },
  },
};

export const KINDS_IN_ORDER = Object.keys(KIND_SCHEMAS) as EventKind[];

/**
 * The kinds whose rows a table holds, in KIND_SCHEMAS order: one for most tables, file_event
 * and file_delete for DeviceFileEvents (their ActionType tells them apart).
 */
export function kindsOfTable(table: string): readonly EventKind[] {
  return KINDS_IN_ORDER.filter((k) => KIND_SCHEMAS[k].table === table);
}

/** The distinct tables of some kinds, in order: two kinds may read one table. */
export function tablesOf(kinds: readonly EventKind[]): string[] {
  const tables: string[] = [];
  for (const k of kinds) if (!tables.includes(KIND_SCHEMAS[k].table)) tables.push(KIND_SCHEMAS[k].table);
  return tables;
}

export function kindOfAction(actionType: string): EventKind | undefined {
  return KINDS_IN_ORDER.find((k) => actionTypesOf(k).includes(actionType));
}

/** Every ActionType of a kind's rows, its own first. */
export function actionTypesOf(kind: EventKind): readonly string[] {
  return ACTION_TYPES[kind];
}

// Worked out once: importers and row readers ask for each test and row.
const ACTION_TYPES = perKind((kind): readonly string[] => [KIND_SCHEMAS[kind].actionType, ...(KIND_SCHEMAS[kind].moreActionTypes ?? [])]);

/** The ActionType of a projected row: a deletion that names a value is a value deletion. */
function rowAction(kind: EventKind, event: LogicalEvent): string {
  if (kind !== 'registry_delete') return KIND_SCHEMAS[kind].actionType;
  const value = own(event, 'registry.value');
  return typeof value === 'string' && value !== '' ? 'RegistryValueDeleted' : 'RegistryKeyDeleted';
}

/** The column of a logical field for one kind, or undefined when Defender has none (process.args). */
export function columnFor(kind: EventKind, field: string): string | undefined {
  return COLUMNS_BY_KIND.get(kind)?.get(field);
}

/** KIND_SCHEMAS' columns as maps, made once: the emitter asks for every predicate on every kind. */
const COLUMNS_BY_KIND: ReadonlyMap<EventKind, ReadonlyMap<string, string>> = new Map(
  KINDS_IN_ORDER.map((k) => [k, new Map(Object.entries(KIND_SCHEMAS[k].columns))] as const),
);

/** The logical field a column holds for one kind (RegistryKey → registry.key). */
export function fieldForColumn(kind: EventKind, column: string): string | undefined {
  if (column === 'TimeGenerated') return '@timestamp';
  for (const [field, col] of Object.entries(KIND_SCHEMAS[kind].columns)) {
    if (col === column && field !== 'registry.hive') return field;
  }
  return undefined;
}

export function columnTypeFor(kind: EventKind, column: string): KqlColumnType {
  let types = COLUMN_TYPES_BY_KIND.get(kind);
  if (types === undefined) {
    types = new Map();
    COLUMN_TYPES_BY_KIND.set(kind, types);
  }
  let type = types.get(column);
  if (type === undefined) {
    type = columnType(KIND_SCHEMAS[kind].table, column) ?? 'string';
    types.set(column, type);
  }
  return type;
}

/**
 * Each kind's column types as asked for: the emitter asks for every predicate. Column names
 * come from the schema (and derived names never reach here), so the table stays small.
 */
const COLUMN_TYPES_BY_KIND = new Map<EventKind, Map<string, KqlColumnType>>();

/**
 * Hive names: Defender writes the full name at the head of `RegistryKey`, the logical event
 * keeps the short one in `registry.hive` and the rest in `registry.key` (fields.md).
 */
export const HIVES: readonly (readonly [short: string, full: string])[] = [
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKU', 'HKEY_USERS'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
];

export function fullHive(short: string): string {
  return HIVES.find(([s]) => s.toUpperCase() === short.toUpperCase())?.[1] ?? short;
}

/** Splits a Defender `RegistryKey` into hive and key; a key without a known hive keeps it all. */
export function splitRegistryKey(registryKey: string): { hive?: string; key: string } {
  for (const [short, full] of HIVES) {
    if (registryKey.toUpperCase().startsWith(`${full}\\`)) return { hive: short, key: registryKey.slice(full.length + 1) };
    if (registryKey.toUpperCase() === full) return { hive: short, key: '' };
  }
  return { key: registryKey };
}

function setOwn(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function own(event: LogicalEvent | JsonObject, key: string): FieldValue | JsonValue | undefined {
  return Object.prototype.hasOwnProperty.call(event, key) ? (event as Record<string, FieldValue | JsonValue>)[key] : undefined;
}

/**
 * Defender's LogonId for a logical logon id: the session number when the text is spelled as
 * Sysmon spells it (ir/logon-id.ts), else nothing — the column stays empty.
 */
function defenderLogonId(value: FieldValue): FieldValue | undefined {
  if (value === null) return null;
  return typeof value === 'string' ? logonIdNumber(value) : undefined;
}

/** A logical value in a column of the given type: strings stay text, numbers stay numbers. */
function toColumnValue(value: FieldValue, type: KqlColumnType): JsonValue {
  if (value === null) return null;
  if (Array.isArray(value)) return JSON.stringify(value);
  if (type === 'string') return typeof value === 'string' ? value : String(value);
  return value as JsonValue;
}

/**
 * A logical event as a Defender row. `ActionType` is the event's `event.action` when it has one
 * and otherwise its kind's action; an event whose `event.action` is not its kind's action has
 * no faithful Defender row (kind tests read ActionType). The row carries `Type` (its table, as
 * Log Analytics writes it) and both time columns, so one row serves the Defender and Sentinel
 * forms.
 * A registry event without a hive keeps its key alone in `RegistryKey`: Defender itself always
 * writes a hive, so such an event has no exact Defender form (the emitter accounts for it).
 */
export function projectEvent(event: LogicalEvent): JsonObject {
  const row: Record<string, JsonValue> = {};
  const kind = event.kind as EventKind;
  const schema = KIND_SCHEMAS[kind];
  if (!schema) return row;
  setOwn(row, 'Type', schema.table);
  setOwn(row, 'ActionType', rowAction(kind, event));
  for (const [field, column] of Object.entries(schema.columns)) {
    if (field === 'registry.hive' || field === 'registry.key' || field === REGISTRY_PATH || field === USER_QUALIFIED_NAME) continue;
    const v = own(event, field) as FieldValue | undefined;
    if (v === undefined) continue;
    // Defender names a value's type its own way: Dword for REG_DWORD (registry-value-type.ts).
    const value = field === 'registry.data.type' && typeof v === 'string' ? defenderValueType(v) : field === LOGON_ID ? defenderLogonId(v) : v;
    if (value === undefined) continue;
    setOwn(row, column, toColumnValue(value, columnTypeFor(kind, column)));
    if (column === 'Timestamp') setOwn(row, 'TimeGenerated', toColumnValue(v, 'datetime'));
  }
  if (isRegistryKind(kind)) {
    const hive = own(event, 'registry.hive');
    const key = own(event, 'registry.key');
    // A known hive in any spelling is written as Defender writes it: the upper-case long name.
    const short = typeof hive === 'string' ? canonicalShortHive(hive) : undefined;
    const hiveText = typeof hive === 'string' ? fullHive(short ?? hive) : undefined;
    const keyText = key === undefined || key === null ? undefined : typeof key === 'string' ? key : JSON.stringify(key);
    if (hiveText !== undefined && keyText !== undefined) setOwn(row, 'RegistryKey', `${hiveText}\\${keyText}`);
    else if (keyText !== undefined) setOwn(row, 'RegistryKey', keyText);
    else if (hiveText !== undefined) setOwn(row, 'RegistryKey', `${hiveText}\\`);
  }
  return row;
}

/**
 * The kind of a Defender row: by `Type` when its table holds one kind, else by `ActionType`
 * (which tells a DeviceFileEvents creation from a deletion), else by its columns.
 */
export function kindOfRow(row: JsonObject): EventKind {
  const type = own(row, 'Type');
  const kinds = typeof type === 'string' ? kindsOfTable(type) : [];
  if (kinds.length === 1) return kinds[0] as EventKind;
  const action = own(row, 'ActionType');
  if (typeof action === 'string') {
    const k = kindOfAction(action);
    if (k && (kinds.length === 0 || kinds.includes(k))) return k;
  }
  if (kinds.length > 0) return kinds[0] as EventKind;
  if (own(row, 'RegistryKey') !== undefined) return 'registry_set';
  return 'process_creation';
}

/** Back from a Defender row to a logical event, as far as the row carries the facts. */
export function unprojectRow(row: JsonObject): LogicalEvent {
  const kind = kindOfRow(row);
  const event: Record<string, FieldValue> = {};
  Object.defineProperty(event, 'kind', { value: kind, enumerable: true, writable: true, configurable: true });
  for (const column of Object.keys(row)) {
    const value = own(row, column) as JsonValue;
    if (column === 'RegistryKey' && isRegistryKind(kind)) {
      if (typeof value !== 'string') continue;
      const { hive, key } = splitRegistryKey(value);
      if (hive !== undefined) setOwn(event as Record<string, JsonValue>, 'registry.hive', hive);
      setOwn(event as Record<string, JsonValue>, 'registry.key', key);
      continue;
    }
    if (column === 'ActionType' || column === REGISTRY_PATH_COLUMN || column === USER_QUALIFIED_COLUMN) continue;
    const field = fieldForColumn(kind, column);
    if (field === undefined || (column === 'TimeGenerated' && own(row, 'Timestamp') !== undefined)) continue;
    if (value !== null && typeof value === 'object') continue;
    const logical = field === 'registry.data.type' && typeof value === 'string' ? windowsValueType(value) : field === LOGON_ID && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? logonIdText(value) : value;
    setOwn(event as Record<string, JsonValue>, field, logical);
  }
  // A row that carries a computed RegistryPath (a query's output) fills the parts it lacks.
  const path = own(row, REGISTRY_PATH_COLUMN);
  if (isRegistryKind(kind) && typeof path === 'string') {
    setOwn(event as Record<string, JsonValue>, REGISTRY_PATH, path);
    settleRegistryPath(event);
  }
  // Likewise a computed UserQualifiedName fills the account parts the row lacks.
  const qualified = own(row, USER_QUALIFIED_COLUMN);
  if (typeof qualified === 'string') {
    setOwn(event as Record<string, JsonValue>, USER_QUALIFIED_NAME, qualified);
    settleQualifiedName(event);
  }
  return event as LogicalEvent;
}
