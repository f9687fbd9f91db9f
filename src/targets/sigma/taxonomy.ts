import { isRegistryKind } from '../../ir/registry-path.js';
import { EVENT_KINDS, type EventKind } from '../../ir/event-kind.js';
import { flagFieldNames, NETWORK_DIRECTION, NETWORK_TYPE, type NetworkFlag } from '../../ir/network-flags.js';

/**
 * Where the logical fields live in a Sigma rule over Windows Sysmon events (sigma.md "A rule",
 * fields.md "One event, three schemas"). Sigma's Windows categories follow Sysmon: one
 * category per event id, field names as Sysmon writes them. Both halves of the target read
 * this table: the writer to name fields, the reader to evaluate and import them.
 *
 * Not every logical field has a Sysmon field of its own; those are spelled out as `Placement`s
 * instead of a plain name, so no caller can mistake them for a one-to-one mapping:
 * - a file name (`process.name`, `file.name`, ...) is the last component of a full path
 *   (`Image|endswith: '\sc.exe'`);
 * - `user.domain` and `user.name` share `User` = `DOMAIN\name`, which is exactly
 *   `user.qualified_name` (src/ir/user-qualified-name.ts);
 * - `registry.hive`, `registry.key` and `registry.value` share `TargetObject` =
 *   `HKLM\<key>\<value name>` (short hive name, value name appended), which is exactly
 *   `registry.path` (src/ir/registry-path.ts);
 * - `registry.data` and `registry.data.type` share `Details`, where Sysmon renders numbers as
 *   `DWORD (0x00000001)` / `QWORD (0x00000000-0x00000001)` and binary data as `Binary Data`;
 * - `process.hash.sha1`, `.md5`, `.sha256` and `process.pe.imphash` are the entries of
 *   `Hashes` = `SHA1=...,MD5=...,SHA256=...,IMPHASH=...`;
 * - `network.direction` and `network.type` are the flags `Initiated` and `DestinationIsIpv6`
 *   (`SourceIsIpv6` too, which Sysmon writes alike),
 *   `true`/`false` for egress/ingress and ipv6/ipv4 (src/ir/network-flags.ts).
 */

/** How a Sigma rule's logsource names each event kind, and the Sysmon event ids behind it. */
export interface SigmaKind {
  readonly category: string;
  /** The Sysmon event id a projected event of this kind carries. */
  readonly eventId: number;
  /** SigmaHQ's file name prefix for rules of this category. */
  readonly filePrefix: string;
}

export const SIGMA_KINDS: Readonly<Record<EventKind, SigmaKind>> = {
  process_creation: { category: 'process_creation', eventId: 1, filePrefix: 'proc_creation' },
  registry_set: { category: 'registry_set', eventId: 13, filePrefix: 'registry_set' },
  file_event: { category: 'file_event', eventId: 11, filePrefix: 'file_event' },
  network_connection: { category: 'network_connection', eventId: 3, filePrefix: 'net_connection' },
  image_load: { category: 'image_load', eventId: 7, filePrefix: 'image_load' },
  // Projected deletions carry 23, the id the Sigma taxonomy gives file_delete; 26 is one too
  // (CATEGORY_EVENT_IDS).
  file_delete: { category: 'file_delete', eventId: 23, filePrefix: 'file_delete' },
  // Sysmon event 12 is both; its EventType tells them apart (REGISTRY_KEY_EVENT_TYPES).
  registry_add: { category: 'registry_add', eventId: 12, filePrefix: 'registry_add' },
  registry_delete: { category: 'registry_delete', eventId: 12, filePrefix: 'registry_delete' },
  driver_load: { category: 'driver_load', eventId: 6, filePrefix: 'driver_load' },
};

export const SIGMA_PRODUCT = 'windows';

/**
 * Every Windows category this project reads, with the Sysmon event ids it covers. The
 * registry categories other than `registry_set` cover more than a value write (12 = key or
 * value created/deleted, 14 = renamed), so they map onto `registry_set` only approximately.
 *
 * A file deletion is two Sysmon events with the same fields: 23 (FileDelete, the file is also
 * archived) and 26 (FileDeleteDetected, logged only; Sysmon 13.10 on). SigmaHQ's Sysmon
 * pipeline (pySigma-pipeline-sysmon) reads category file_delete as EventID 23 or 26, which is
 * what a converted rule queries; the taxonomy appendix (2.0.1) lists 23 under file_delete and
 * 26 under a category of its own, file_delete_detected. The rule model follows the pipeline:
 * `file_delete` is every deletion Sysmon logs, archived or not.
 */
export const CATEGORY_EVENT_IDS: Readonly<Record<string, readonly number[]>> = {
  process_creation: [1],
  registry_set: [13],
  registry_event: [12, 13, 14],
  registry_add: [12],
  registry_delete: [12],
  registry_rename: [14],
  file_event: [11],
  network_connection: [3],
  image_load: [7],
  file_delete: [23, 26],
  driver_load: [6],
};

/** The event kind a logsource category stands for exactly, or undefined. */
export function kindOfCategory(category: string): EventKind | undefined {
  return EVENT_KINDS.find((k) => SIGMA_KINDS[k].category === category);
}

/** The event kind of a Sysmon event id (13 → registry_set, 23 and 26 → file_delete; 12 and 14 are not value writes). */
export function kindOfEventId(eventId: number): EventKind | undefined {
  return KIND_BY_EVENT_ID.get(eventId);
}
const KIND_BY_EVENT_ID: ReadonlyMap<number, EventKind> = new Map(EVENT_KINDS.flatMap((k) => eventIdsOf(k).map((id) => [id, k] as const)));

/** Every Sysmon event id of a kind, the projected one first (file_delete: 23, 26). */
export function eventIdsOf(kind: EventKind): readonly number[] {
  return CATEGORY_EVENT_IDS[SIGMA_KINDS[kind].category] ?? [SIGMA_KINDS[kind].eventId];
}

/** Sysmon's `EventType` on a registry value write (event 13). */
export const REGISTRY_SET_EVENT_TYPE = 'SetValue';

/**
 * Sysmon's `EventType` on event 12 ("Registry object added or deleted"): CreateKey for a key
 * created, DeleteKey for a key deleted, DeleteValue for a value deleted (TargetObject then
 * ends with the value name). The Sigma taxonomy reads category registry_add as event 12
 * creations and registry_delete as event 12 deletions; SigmaHQ's Sysmon pipeline
 * (pySigma-pipeline-sysmon) adds only `EventID: 12` for both, which is why SigmaHQ's
 * registry_add rules test `EventType: CreateKey` themselves. The first type of each kind is
 * the one a projected event carries (a value deletion carries DeleteValue, schema.ts).
 * No Sysmon page lists the EventType values; they are read off Sysmon's own event samples.
 */
export const REGISTRY_KEY_EVENT_TYPES: Readonly<Record<'registry_add' | 'registry_delete', readonly string[]>> = {
  registry_add: ['CreateKey'],
  registry_delete: ['DeleteKey', 'DeleteValue'],
};

/** The kind of a Sysmon event 12 by its EventType, or undefined. */
export function kindOfRegistryEventType(eventType: unknown): EventKind | undefined {
  if (eventType === 'CreateKey') return 'registry_add';
  if (eventType === 'DeleteKey' || eventType === 'DeleteValue') return 'registry_delete';
  return undefined;
}

/** Where a logical field lives in a Sysmon event of one kind. */
export type Placement =
  /** A Sysmon field that holds exactly the logical value. */
  | { readonly kind: 'field'; readonly field: string }
  /** The file name after the last backslash of a full path field (`Image`). */
  | { readonly kind: 'basename'; readonly field: string }
  /** One half of `User` = `DOMAIN\name`. */
  | { readonly kind: 'user'; readonly part: 'domain' | 'name' }
  /** One part of `TargetObject` = `HIVE\key\value`. */
  | { readonly kind: 'targetObject'; readonly part: 'hive' | 'key' | 'value' }
  /** `Details`: the data as Sysmon renders it, or the type its rendering reveals. */
  | { readonly kind: 'details'; readonly part: 'data' | 'type' }
  /** A `true`/`false` Sysmon flag standing for two logical values (network-flags.ts). */
  | { readonly kind: 'flag'; readonly flag: NetworkFlag }
  /** One `ALGO=hex` entry of `Hashes`. */
  | { readonly kind: 'hash'; readonly algorithm: HashAlgorithm }
  /** Sysmon records nothing for it. */
  | { readonly kind: 'none' };

const field = (name: string): Placement => ({ kind: 'field', field: name });
const basename = (name: string): Placement => ({ kind: 'basename', field: name });

const COMMON: Readonly<Record<string, Placement>> = {
  '@timestamp': field('UtcTime'),
  'host.name': field('Computer'),
  'event.action': { kind: 'none' },
  'user.name': { kind: 'user', part: 'name' },
  'user.domain': { kind: 'user', part: 'domain' },
  // User is DOMAIN\name whole: exactly the derived qualified name (user-qualified-name.ts).
  'user.qualified_name': field('User'),
};

/** The process an event is about (process creation) or the one acting (every other kind). */
const PROCESS: Readonly<Record<string, Placement>> = {
  'process.name': basename('Image'),
  'process.executable': field('Image'),
  'process.pid': field('ProcessId'),
};

/** What event 12 says of a key created or deleted, its value name and path apart (below). */
const REGISTRY_KEY: Readonly<Record<string, Placement>> = {
  ...COMMON,
  ...PROCESS,
  'process.command_line': { kind: 'none' },
  'registry.hive': { kind: 'targetObject', part: 'hive' },
  'registry.key': { kind: 'targetObject', part: 'key' },
};

export const SYSMON_PLACEMENTS: Readonly<Record<EventKind, Readonly<Record<string, Placement>>>> = {
  process_creation: {
    ...COMMON,
    ...PROCESS,
    'process.command_line': field('CommandLine'),
    'process.args': { kind: 'none' },
    'process.pe.original_file_name': field('OriginalFileName'),
    'process.pe.description': field('Description'),
    'process.pe.product': field('Product'),
    'process.pe.company': field('Company'),
    'process.pe.file_version': field('FileVersion'),
    'process.integrity_level': field('IntegrityLevel'),
    'process.logon_id': field('LogonId'),
    'process.working_directory': field('CurrentDirectory'),
    'process.hash.sha1': { kind: 'hash', algorithm: 'SHA1' },
    'process.hash.md5': { kind: 'hash', algorithm: 'MD5' },
    'process.hash.sha256': { kind: 'hash', algorithm: 'SHA256' },
    'process.pe.imphash': { kind: 'hash', algorithm: 'IMPHASH' },
    'process.parent.name': basename('ParentImage'),
    'process.parent.executable': field('ParentImage'),
    'process.parent.command_line': field('ParentCommandLine'),
    'process.parent.pid': field('ParentProcessId'),
    'process.parent.parent.name': { kind: 'none' },
  },
  registry_set: {
    ...COMMON,
    ...PROCESS,
    // Sysmon's registry events carry the writer's image, not its command line (fields.md).
    'process.command_line': { kind: 'none' },
    'registry.hive': { kind: 'targetObject', part: 'hive' },
    'registry.key': { kind: 'targetObject', part: 'key' },
    'registry.value': { kind: 'targetObject', part: 'value' },
    'registry.path': field('TargetObject'),
    'registry.data': { kind: 'details', part: 'data' },
    'registry.data.type': { kind: 'details', part: 'type' },
  },
  // Event 12: TargetObject is the key (CreateKey, DeleteKey) or the key and the value name
  // (DeleteValue), exactly registry.path of these kinds (src/ir/registry-path.ts).
  registry_add: { ...REGISTRY_KEY, 'registry.path': field('TargetObject') },
  registry_delete: { ...REGISTRY_KEY, 'registry.value': { kind: 'targetObject', part: 'value' }, 'registry.path': field('TargetObject') },
  file_event: {
    ...COMMON,
    ...PROCESS,
    'process.command_line': { kind: 'none' },
    'file.path': field('TargetFilename'),
    'file.name': basename('TargetFilename'),
  },
  // Events 23 and 26: the deleting process (Image, ProcessId, User) and the deleted file
  // (TargetFilename, full path); their Hashes, IsExecutable and Archived hold no logical field.
  file_delete: {
    ...COMMON,
    ...PROCESS,
    'process.command_line': { kind: 'none' },
    'file.path': field('TargetFilename'),
    'file.name': basename('TargetFilename'),
  },
  network_connection: {
    ...COMMON,
    ...PROCESS,
    'process.command_line': { kind: 'none' },
    'source.ip': field('SourceIp'),
    'source.port': field('SourcePort'),
    'destination.ip': field('DestinationIp'),
    'destination.port': field('DestinationPort'),
    'destination.domain': field('DestinationHostname'),
    'network.direction': { kind: 'flag', flag: NETWORK_DIRECTION },
    'network.type': { kind: 'flag', flag: NETWORK_TYPE },
    // Sysmon writes the transport in lower case (tcp, udp), as ECS network.transport does.
    'network.transport': field('Protocol'),
  },
  image_load: {
    ...COMMON,
    ...PROCESS,
    'process.command_line': { kind: 'none' },
    'dll.path': field('ImageLoaded'),
    'dll.name': basename('ImageLoaded'),
    // Event 7's version info and signature describe the loaded module, not the process.
    'dll.pe.original_file_name': field('OriginalFileName'),
    'dll.pe.description': field('Description'),
    'dll.pe.product': field('Product'),
    'dll.pe.company': field('Company'),
    // Event 7's Hashes are the loaded module's, in the same SHA1,MD5,SHA256,IMPHASH order.
    'dll.hash.sha1': { kind: 'hash', algorithm: 'SHA1' },
    'dll.hash.md5': { kind: 'hash', algorithm: 'MD5' },
    'dll.hash.sha256': { kind: 'hash', algorithm: 'SHA256' },
    'dll.pe.imphash': { kind: 'hash', algorithm: 'IMPHASH' },
    'dll.code_signature.signed': field('Signed'),
    'dll.code_signature.subject_name': field('Signature'),
    'dll.code_signature.status': field('SignatureStatus'),
  },
  // Event 6 (Sysmon's "Driver loaded"): the driver (ImageLoaded, full path), its Hashes in the
  // same SHA1,MD5,SHA256,IMPHASH order and its signature (Signed, Signature, SignatureStatus).
  // It names no acting process (no Image, ProcessId) and no User.
  driver_load: {
    '@timestamp': field('UtcTime'),
    'host.name': field('Computer'),
    'event.action': { kind: 'none' },
    'file.path': field('ImageLoaded'),
    'file.name': basename('ImageLoaded'),
    'file.hash.sha1': { kind: 'hash', algorithm: 'SHA1' },
    'file.hash.md5': { kind: 'hash', algorithm: 'MD5' },
    'file.hash.sha256': { kind: 'hash', algorithm: 'SHA256' },
    'file.pe.imphash': { kind: 'hash', algorithm: 'IMPHASH' },
    'file.code_signature.signed': field('Signed'),
    'file.code_signature.subject_name': field('Signature'),
    'file.code_signature.status': field('SignatureStatus'),
  },
};

/** Where a logical field lives for one kind; `none` for a field the kind does not have. */
export function placementOf(kind: EventKind, logical: string): Placement {
  let placements = PLACEMENT_MAPS.get(kind);
  if (placements === undefined) {
    placements = new Map(Object.entries(SYSMON_PLACEMENTS[kind]));
    PLACEMENT_MAPS.set(kind, placements);
  }
  return placements.get(logical) ?? NOT_PLACED;
}

/**
 * Each kind's placements as a map, made when first asked: the emitter asks for every
 * predicate, and a map answers in one lookup where the record takes an own-property test and
 * a read (its many dotted keys make it a dictionary).
 */
const PLACEMENT_MAPS = new Map<EventKind, ReadonlyMap<string, Placement>>();
const NOT_PLACED: Placement = { kind: 'none' };

/** The flag a Sysmon field of one kind writes (`Initiated` → network.direction), or undefined. */
export function flagOfSysmonField(kind: EventKind, sysmonField: string): NetworkFlag | undefined {
  return reverseIndex(kind).flag.get(sysmonField);
}

/** The logical field a Sysmon field holds exactly for one kind (`Image` → process.executable). */
export function logicalOfSysmonField(kind: EventKind, sysmonField: string): string | undefined {
  return reverseIndex(kind).exact.get(sysmonField);
}

/** The logical file-name field read off a full-path Sysmon field (`Image` → process.name). */
export function logicalBasenameOf(kind: EventKind, sysmonField: string): string | undefined {
  return reverseIndex(kind).basename.get(sysmonField);
}

/**
 * Sysmon field → logical field (and → the flag it writes), per kind, built once: the importer
 * asks for every item of every rule. The first logical field in table order wins, as a scan of the table would find.
 */
interface ReverseIndex {
  readonly exact: ReadonlyMap<string, string>;
  readonly basename: ReadonlyMap<string, string>;
  readonly flag: ReadonlyMap<string, NetworkFlag>;
}
const reverseIndexes = new Map<EventKind, ReverseIndex>();

function reverseIndex(kind: EventKind): ReverseIndex {
  let index = reverseIndexes.get(kind);
  if (!index) {
    const exact = new Map<string, string>();
    const basename = new Map<string, string>();
    const flag = new Map<string, NetworkFlag>();
    for (const [logical, p] of Object.entries(SYSMON_PLACEMENTS[kind])) {
      if (p.kind === 'flag') for (const name of flagFieldNames(p.flag)) if (!flag.has(name)) flag.set(name, p.flag);
      if (p.kind !== 'field' && p.kind !== 'basename') continue;
      const into = p.kind === 'field' ? exact : basename;
      if (!into.has(p.field)) into.set(p.field, logical);
    }
    index = { exact, basename, flag };
    reverseIndexes.set(kind, index);
  }
  return index;
}

/**
 * Fields Sysmon writes on events of a kind that hold no logical field: lint knows them as the
 * kind's fields, import refuses them with the reason (import-condition.ts). Events 23 and 26
 * describe the deleted file in Hashes and IsExecutable, event 23 also in Archived.
 */
export function unplacedSysmonFields(kind: EventKind): readonly string[] {
  return kind === 'file_delete' ? ['Hashes', 'IsExecutable', 'Archived'] : [];
}

/** Every Sysmon field name a rule of this kind may test (for lint and import). */
export function sysmonFieldsOf(kind: EventKind): ReadonlySet<string> {
  const out = new Set<string>(['EventID']);
  for (const p of Object.values(SYSMON_PLACEMENTS[kind])) {
    if (p.kind === 'field' || p.kind === 'basename') out.add(p.field);
    else if (p.kind === 'user') out.add('User');
    else if (p.kind === 'targetObject') out.add('TargetObject');
    else if (p.kind === 'details') out.add('Details');
    else if (p.kind === 'hash') out.add('Hashes');
    else if (p.kind === 'flag') for (const name of flagFieldNames(p.flag)) out.add(name);
  }
  if (isRegistryKind(kind)) out.add('EventType');
  return out;
}

/* ----------------------------------------------------------------------------------------- */
/* Composite values                                                                          */
/* ----------------------------------------------------------------------------------------- */

/** Short and long hive names (fields.md "Hive names"). Sysmon writes the short ones. */
export const HIVES: readonly (readonly [short: string, full: string])[] = [
  ['HKLM', 'HKEY_LOCAL_MACHINE'],
  ['HKCU', 'HKEY_CURRENT_USER'],
  ['HKU', 'HKEY_USERS'],
  ['HKCR', 'HKEY_CLASSES_ROOT'],
];

/** The short hive name of a short or long one (any case), or undefined when unknown. */
export function shortHive(name: string): string | undefined {
  const upper = name.toUpperCase();
  return HIVES.find(([s, f]) => s === upper || f === upper)?.[0];
}

/**
 * `TargetObject` of a registry write: `HIVE\key\value`. A part the event lacks is left out
 * (real events always carry all three). The join is not invertible in general: a value name
 * may itself hold backslashes (key names may not), so `splitTargetObject` reads the last
 * component as the value name, as Sysmon's readers do.
 */
export function joinTargetObject(hive: string | undefined, key: string | undefined, value: string | undefined): string | undefined {
  const parts = [hive, key, value].filter((p): p is string => p !== undefined);
  return parts.length === 0 ? undefined : parts.join('\\');
}

export interface RegistryPath {
  readonly hive?: string;
  readonly key?: string;
  readonly value?: string;
}

/** `HKLM\SOFTWARE\X\Start` → hive HKLM, key SOFTWARE\X, value Start (`\REGISTRY\MACHINE` too). */
export function splitTargetObject(targetObject: string): RegistryPath {
  let rest = targetObject;
  let hive: string | undefined;
  const registry = /^\\REGISTRY\\(MACHINE|USER)(?:\\|$)/i.exec(rest);
  if (registry) {
    hive = (registry[1] as string).toUpperCase() === 'MACHINE' ? 'HKLM' : 'HKU';
    rest = rest.slice(registry[0].length);
  } else {
    const first = rest.split('\\', 1)[0] as string;
    const short = shortHive(first);
    if (short !== undefined) {
      hive = short;
      rest = rest.slice(first.length + 1);
    }
  }
  const cut = rest.lastIndexOf('\\');
  if (cut < 0) return hive !== undefined ? { hive, value: rest } : { value: rest };
  return { ...(hive !== undefined ? { hive } : {}), key: rest.slice(0, cut), value: rest.slice(cut + 1) };
}

/** `NT AUTHORITY\SYSTEM` → domain `NT AUTHORITY`, name `SYSTEM` (split at the first backslash). */
export function splitUser(user: string): { domain?: string; name: string } {
  const cut = user.indexOf('\\');
  return cut < 0 ? { name: user } : { domain: user.slice(0, cut), name: user.slice(cut + 1) };
}

/** Sysmon's Details for empty data. */
export const EMPTY_DETAILS = '(Empty)';

const DWORD_MAX = 0xffffffffn;
const QWORD_MAX = 0xffffffffffffffffn;

/**
 * Sysmon's `Details` for a value write: a DWORD as `DWORD (0x` + 8 lower-case hex digits + `)`,
 * a QWORD as `QWORD (0x<high 8>-0x<low 8>)`, binary data as `Binary Data`, empty data as
 * `(Empty)` (as in Sysmon's event 13 for a value set to an empty string), strings as written.
 * Numbers in the logical model are decimal text; one that is not a canonical decimal in range
 * is kept as written (Sysmon would never produce it).
 */
export function renderDetails(data: string, type: string | undefined): string {
  // ASCII upper case, as the rule model's case-insensitive equality folds (no 'ı' → 'I').
  const t = type?.replace(/[a-z]/g, (c) => c.toUpperCase());
  if (t === 'REG_BINARY') return 'Binary Data';
  if (data === '') return EMPTY_DETAILS;
  if ((t === 'REG_DWORD' || t === 'REG_QWORD') && /^(0|[1-9][0-9]*)$/.test(data)) {
    const n = BigInt(data);
    if (t === 'REG_DWORD' && n <= DWORD_MAX) return `DWORD (0x${hex8(n)})`;
    if (t === 'REG_QWORD' && n <= QWORD_MAX) return `QWORD (0x${hex8(n >> 32n)}-0x${hex8(n & DWORD_MAX)})`;
  }
  return data;
}

/** Back from `Details`: the decimal number and its type where Sysmon rendered one. */
export function parseDetails(details: string): { data: string; type?: string } {
  const dword = /^DWORD \(0x([0-9a-fA-F]{8})\)$/.exec(details);
  if (dword) return { data: BigInt(`0x${dword[1] as string}`).toString(10), type: 'REG_DWORD' };
  const qword = /^QWORD \(0x([0-9a-fA-F]{8})-0x([0-9a-fA-F]{8})\)$/.exec(details);
  if (qword) return { data: ((BigInt(`0x${qword[1] as string}`) << 32n) | BigInt(`0x${qword[2] as string}`)).toString(10), type: 'REG_QWORD' };
  if (details === 'Binary Data') return { data: details, type: 'REG_BINARY' };
  if (details === EMPTY_DETAILS) return { data: '' };
  return { data: details };
}

function hex8(n: bigint): string {
  return n.toString(16).padStart(8, '0');
}

/**
 * The `ALGO=hex` entries of `Hashes`, in the order Sysmon writes them (SHA1, MD5, SHA256,
 * IMPHASH; each only when its configuration asks for it), with the logical field of each.
 */
export type HashAlgorithm = 'SHA1' | 'MD5' | 'SHA256' | 'IMPHASH';
export const HASH_ENTRIES: readonly (readonly [algorithm: HashAlgorithm, field: string])[] = [
  ['SHA1', 'process.hash.sha1'],
  ['MD5', 'process.hash.md5'],
  ['SHA256', 'process.hash.sha256'],
  ['IMPHASH', 'process.pe.imphash'],
];

/** The entries of `Hashes` on events of one kind, in Sysmon's order (none where it has no Hashes). */
export function hashEntriesOf(kind: EventKind): readonly (readonly [algorithm: HashAlgorithm, field: string])[] {
  let entries = HASH_ENTRIES_BY_KIND.get(kind);
  if (!entries) {
    const placements = Object.entries(SYSMON_PLACEMENTS[kind]);
    entries = HASH_ENTRIES.flatMap(([algorithm]) => {
      const hit = placements.find(([, p]) => p.kind === 'hash' && p.algorithm === algorithm);
      return hit ? [[algorithm, hit[0]] as const] : [];
    });
    HASH_ENTRIES_BY_KIND.set(kind, entries);
  }
  return entries;
}
const HASH_ENTRIES_BY_KIND = new Map<EventKind, readonly (readonly [HashAlgorithm, string])[]>();

/**
 * The Sigma taxonomy's per-algorithm hash fields (Taxonomy specification, "Process Creation
 * Events": `imphash`, `md5`, `sha1`, `sha256`, each one hash of the image). The taxonomy names
 * its fields after Sysmon's, and Sysmon writes these as the entries of its one `Hashes` field;
 * so over a Sysmon event each is its entry of `Hashes` (absent without one), on every kind whose
 * events have `Hashes`. SigmaHQ rules spell the import hash `Imphash`, next to
 * `Hashes|contains: 'IMPHASH=...'`.
 */
export const TAXONOMY_HASH_FIELDS: ReadonlyMap<string, HashAlgorithm> = new Map<string, HashAlgorithm>([
  ['imphash', 'IMPHASH'],
  ['Imphash', 'IMPHASH'],
  ['md5', 'MD5'],
  ['sha1', 'SHA1'],
  ['sha256', 'SHA256'],
]);

/** The logical field a taxonomy hash field (`Imphash`, `md5`, ...) holds on events of a kind, or undefined. */
export function logicalOfTaxonomyHashField(kind: EventKind, field: string): string | undefined {
  const algorithm = TAXONOMY_HASH_FIELDS.get(field);
  return algorithm === undefined ? undefined : hashEntriesOf(kind).find(([a]) => a === algorithm)?.[1];
}

/** `Hashes` as Sysmon writes it for the hashes the logical event knows (in HASH_ENTRIES order), or undefined for none. */
export function renderHashes(hashes: ReadonlyMap<HashAlgorithm, string>): string | undefined {
  const entries = HASH_ENTRIES.flatMap(([a]) => {
    const v = hashes.get(a);
    return v === undefined ? [] : [`${a}=${v}`];
  });
  return entries.length === 0 ? undefined : entries.join(',');
}

/** One algorithm's entry of `SHA1=..,MD5=..,SHA256=..`, or undefined. */
export function hashFromHashes(hashes: string, algorithm: string): string | undefined {
  for (const entry of hashes.split(',')) {
    const eq = entry.indexOf('=');
    if (eq > 0 && entry.slice(0, eq).trim().toUpperCase() === algorithm.toUpperCase()) return entry.slice(eq + 1).trim();
  }
  return undefined;
}

/** The file name after the last backslash of a path (the whole text when there is none). */
export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}
