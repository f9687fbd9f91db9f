import { perKind, type EventKind } from './event-kind.js';

/**
 * The logical field taxonomy. Names follow ECS where ECS has one, so that a rule reads like
 * the Elastic documentation; each target maps them to its own names in its `schema.ts`.
 *
 * Meaning that differs by event kind is spelled out: on a registry event `process.*` is the
 * process that wrote the value (the actor), on a process event it is the new process.
 */
export type FieldType = 'string' | 'number' | 'datetime' | 'string[]';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** Every schema writes it as hexadecimal digits only (a hash): see hex-fields.ts. */
  readonly hex?: true;
}

const common: readonly FieldSpec[] = [
  { name: '@timestamp', type: 'datetime', description: 'When the event happened (ISO-8601, UTC).' },
  { name: 'host.name', type: 'string', description: 'The device the event comes from.' },
  { name: 'event.action', type: 'string', description: 'The source-specific action name (Defender ActionType).' },
  { name: 'user.name', type: 'string', description: 'The account the acting process runs as.' },
  { name: 'user.domain', type: 'string', description: 'The domain of that account.' },
  {
    name: 'user.qualified_name',
    type: 'string',
    description:
      'The account as DOMAIN\\name (NT AUTHORITY\\SYSTEM), as Sysmon User writes it. Derived from user.domain and user.name (src/ir/user-qualified-name.ts); absent unless both are non-empty. ECS has no such field.',
  },
];

const actingProcess: readonly FieldSpec[] = [
  { name: 'process.name', type: 'string', description: 'File name of the image, e.g. sc.exe.' },
  { name: 'process.executable', type: 'string', description: 'Full path of the image.' },
  { name: 'process.command_line', type: 'string', description: 'Full command line.' },
  { name: 'process.pid', type: 'number', description: 'Process id.' },
];

const processCreation: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'process.args', type: 'string[]', description: 'The command line split into arguments.' },
  { name: 'process.pe.original_file_name', type: 'string', description: 'OriginalFileName from the PE version info.' },
  // The other version-info strings Sysmon, Defender and ECS all record for the new process
  // (Sysmon Description/Product/Company, Defender ProcessVersionInfo*, ECS process.pe.*): the
  // compile-time text of the image, which a renamed copy keeps. None has a parent counterpart
  // here, because Sysmon records version info for the new process only.
  { name: 'process.pe.description', type: 'string', description: 'FileDescription from the PE version info (e.g. "Windows Command Processor").' },
  { name: 'process.pe.product', type: 'string', description: 'ProductName from the PE version info (e.g. "Microsoft® Windows® Operating System").' },
  { name: 'process.pe.company', type: 'string', description: 'CompanyName from the PE version info (e.g. "Microsoft Corporation").' },
  // FileVersion is in Sysmon event 1 (and the Sigma taxonomy's process_creation table) and in
  // ECS (PE Header fields: pe.file_version, "internal version of the file, provided at
  // compile-time"), but not in Defender's DeviceProcessEvents (Microsoft Learn column list),
  // whose only version column is ProcessVersionInfoProductVersion: the product's version.
  {
    name: 'process.pe.file_version',
    type: 'string',
    description:
      'FileVersion from the PE version info (e.g. "10.0.19041.1 (WinBuild.160101.0800)"), as Sysmon FileVersion and ECS process.pe.file_version write it; Sysmon writes ? when the image has none. Defender records no file version.',
  },
  {
    name: 'process.working_directory',
    type: 'string',
    description:
      'The directory the new process started in, as Sysmon CurrentDirectory and ECS process.working_directory write it (Sysmon ends it with a backslash: C:\\Windows\\system32\\). Defender records no working directory.',
  },
  {
    name: 'process.integrity_level',
    type: 'string',
    description:
      'Mandatory integrity level of the new process: Low, Medium, High, System (Untrusted), as Sysmon IntegrityLevel and Defender ProcessIntegrityLevel write it; ECS has no field, the EQL target uses Elastic Defend\'s process.Ext.token.integrity_level_name, which spells it in lower case (src/ir/integrity-level.ts).',
  },
  {
    name: 'process.logon_id',
    type: 'string',
    description:
      'The logon session of the new process, in hexadecimal as Sysmon LogonId and Elastic Defend process.Ext.authentication_id write it (0x3e7 is the system account\'s session); Defender LogonId holds the number (999) (src/ir/logon-id.ts).',
  },
  { name: 'process.hash.sha256', type: 'string', hex: true, description: 'SHA-256 of the image.' },
  { name: 'process.hash.sha1', type: 'string', hex: true, description: 'SHA-1 of the image (Sysmon Hashes SHA1= entry, Defender SHA1, ECS process.hash.sha1).' },
  { name: 'process.hash.md5', type: 'string', hex: true, description: 'MD5 of the image (Sysmon Hashes MD5= entry, Defender MD5, ECS process.hash.md5).' },
  {
    name: 'process.pe.imphash',
    type: 'string',
    hex: true,
    description: 'Import hash of the image (Sysmon Hashes IMPHASH= entry, ECS process.pe.imphash). Defender records no import hash.',
  },
  { name: 'process.parent.name', type: 'string', description: 'File name of the parent image.' },
  { name: 'process.parent.executable', type: 'string', description: 'Full path of the parent image.' },
  { name: 'process.parent.command_line', type: 'string', description: 'Command line of the parent.' },
  { name: 'process.parent.pid', type: 'number', description: 'Process id of the parent.' },
  { name: 'process.parent.parent.name', type: 'string', description: 'File name of the grandparent image (Defender only).' },
];

const registrySet: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'registry.hive', type: 'string', description: 'Short hive name: HKLM, HKCU, HKU, HKCR.' },
  { name: 'registry.key', type: 'string', description: 'Key path below the hive, without the value name.' },
  { name: 'registry.value', type: 'string', description: 'Name of the value that was set.' },
  {
    name: 'registry.path',
    type: 'string',
    description:
      'Full path of the value: short hive, key and value name joined by backslashes (HKLM\\SYSTEM\\...\\Start), as Sysmon TargetObject and ECS registry.path. Derived from registry.hive, registry.key and registry.value (src/ir/registry-path.ts); absent unless the hive is known and key and value name are non-empty.',
  },
  { name: 'registry.data', type: 'string', description: 'The data written, as text (DWORDs in decimal).' },
  { name: 'registry.data.type', type: 'string', description: 'REG_SZ, REG_DWORD, ...' },
];

const fileEvent: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'file.path', type: 'string', description: 'Full path of the file.' },
  { name: 'file.name', type: 'string', description: 'File name of the file.' },
];

/**
 * A file deleted. The same fields as a file creation, with the same meaning: the acting process
 * (Sysmon events 23 and 26 Image/ProcessId/User; Defender's InitiatingProcess* columns of a
 * DeviceFileEvents row; ECS process.*) and the file it deleted (Sysmon TargetFilename, Defender
 * FolderPath/FileName, ECS file.path/file.name). Sysmon also records the deleted file's hashes,
 * IsExecutable and, on event 23, Archived; the rule model leaves them out, as it leaves out a
 * created file's hashes: Elastic's Sysmon pipeline (elastic/integrations, windows
 * sysmon_operational) writes event 23's hashes under process.hash and event 26's under
 * file.hash, so no one ECS field holds the deleted file's hash, and it keeps IsExecutable and
 * Archived outside ECS.
 */
const fileDelete: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'file.path', type: 'string', description: 'Full path of the deleted file.' },
  { name: 'file.name', type: 'string', description: 'File name of the deleted file.' },
];

/**
 * A registry key created: Sysmon event 12 with EventType CreateKey (TargetObject is the new
 * key, HIVE\\key), Defender's DeviceRegistryEvents row with ActionType RegistryKeyCreated
 * (RegistryKey the key). No value is named and no data is written, so the kind has neither
 * registry.value nor registry.data.
 */
const registryAdd: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'registry.hive', type: 'string', description: 'Short hive name of the created key: HKLM, HKCU, HKU, HKCR.' },
  { name: 'registry.key', type: 'string', description: 'The created key, below the hive.' },
  {
    name: 'registry.path',
    type: 'string',
    description: 'Full path of the created key: short hive and key joined by a backslash (HKLM\\SOFTWARE\\...), as Sysmon TargetObject writes it. Derived from registry.hive and registry.key (src/ir/registry-path.ts).',
  },
];

/**
 * A registry key or value deleted: Sysmon event 12 with EventType DeleteKey (TargetObject the
 * key) or DeleteValue (TargetObject the key and the value name); Defender's DeviceRegistryEvents
 * row with ActionType RegistryKeyDeleted (RegistryKey) or RegistryValueDeleted (RegistryKey and
 * RegistryValueName). A deletion with a value name is a value deletion, one without a key
 * deletion. No data is written, so the kind has no registry.data.
 */
const registryDelete: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'registry.hive', type: 'string', description: 'Short hive name: HKLM, HKCU, HKU, HKCR.' },
  { name: 'registry.key', type: 'string', description: 'The deleted key, or the key of the deleted value, below the hive.' },
  { name: 'registry.value', type: 'string', description: 'Name of the deleted value; absent when a key was deleted.' },
  {
    name: 'registry.path',
    type: 'string',
    description:
      'Full path of what was deleted: short hive and key, and the value name for a value deletion, joined by backslashes, as Sysmon TargetObject writes it. Derived from registry.hive, registry.key and registry.value (src/ir/registry-path.ts).',
  },
];

const networkConnection: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'source.ip', type: 'string', description: 'Local address.' },
  { name: 'source.port', type: 'number', description: 'Local port.' },
  { name: 'destination.ip', type: 'string', description: 'Remote address.' },
  { name: 'destination.port', type: 'number', description: 'Remote port.' },
  { name: 'destination.domain', type: 'string', description: 'Remote host name, when known.' },
  // Elastic's Sysmon pipeline (elastic/integrations, windows sysmon_operational) writes these
  // from Sysmon event 3: Initiated true/false → network.direction egress/ingress,
  // DestinationIsIpv6 (it reads SourceIsIpv6; a connection's two ends share one IP version)
  // → network.type ipv6/ipv4, Protocol → network.transport as written (tcp, udp).
  {
    name: 'network.direction',
    type: 'string',
    description:
      'egress when the acting process opened the connection, ingress when it accepted it: Sysmon Initiated true/false, ECS network.direction (src/ir/network-flags.ts). Defender has no column for it.',
  },
  {
    name: 'network.type',
    type: 'string',
    description: 'ipv4 or ipv6: Sysmon DestinationIsIpv6 false/true, ECS network.type (src/ir/network-flags.ts). Defender has no column for it.',
  },
  { name: 'network.transport', type: 'string', description: 'Transport protocol in lower case (tcp, udp): Sysmon Protocol, ECS network.transport, Defender Protocol.' },
];

const imageLoad: readonly FieldSpec[] = [
  ...common,
  ...actingProcess,
  { name: 'dll.path', type: 'string', description: 'Full path of the loaded module.' },
  { name: 'dll.name', type: 'string', description: 'File name of the loaded module.' },
  // Sysmon event 7 records the version info and the signature of the loaded module (not of the
  // process); ECS nests them under dll.pe and dll.code_signature. Defender's
  // DeviceImageLoadEvents has no version-info or signature columns.
  { name: 'dll.pe.original_file_name', type: 'string', description: 'OriginalFileName from the loaded module\'s PE version info (Sysmon event 7 OriginalFileName).' },
  { name: 'dll.pe.description', type: 'string', description: 'FileDescription from the loaded module\'s PE version info (Sysmon event 7 Description).' },
  { name: 'dll.pe.product', type: 'string', description: 'ProductName from the loaded module\'s PE version info (Sysmon event 7 Product).' },
  { name: 'dll.pe.company', type: 'string', description: 'CompanyName from the loaded module\'s PE version info (Sysmon event 7 Company).' },
  { name: 'dll.code_signature.subject_name', type: 'string', description: 'Signer of the loaded module (Sysmon event 7 Signature, e.g. "Microsoft Windows").' },
  // Sysmon event 7 Hashes (SHA1=..,MD5=..,SHA256=..,IMPHASH=..) and Defender's SHA1, SHA256,
  // MD5 columns of DeviceImageLoadEvents hash the loaded module; ECS dll.hash.*, dll.pe.imphash.
  { name: 'dll.hash.sha1', type: 'string', hex: true, description: 'SHA-1 of the loaded module (Sysmon Hashes SHA1= entry, Defender SHA1, ECS dll.hash.sha1).' },
  { name: 'dll.hash.md5', type: 'string', hex: true, description: 'MD5 of the loaded module (Sysmon Hashes MD5= entry, Defender MD5, ECS dll.hash.md5).' },
  { name: 'dll.hash.sha256', type: 'string', hex: true, description: 'SHA-256 of the loaded module (Sysmon Hashes SHA256= entry, Defender SHA256, ECS dll.hash.sha256).' },
  { name: 'dll.pe.imphash', type: 'string', hex: true, description: 'Import hash of the loaded module (Sysmon Hashes IMPHASH= entry, ECS dll.pe.imphash). Defender records no import hash.' },
  {
    name: 'dll.code_signature.signed',
    type: 'string',
    description:
      'true or false, as Sysmon event 7 Signed writes it. ECS has no such field: its dll.code_signature.exists ("a signature is present") is a boolean and the rule model has no boolean fields, so the EQL target cannot test it.',
  },
  {
    name: 'dll.code_signature.status',
    type: 'string',
    description: 'Signature check result as Sysmon event 7 SignatureStatus writes it (Valid, Expired, Unavailable, ...), copied as is into ECS by Elastic\'s Sysmon pipeline.',
  },
];

/**
 * A kernel driver loaded: Sysmon event 6, Defender's DeviceEvents row with ActionType
 * DriverLoad, ECS category driver. A driver is a file, so its fields are ECS file.* as Elastic's
 * Sysmon pipeline (elastic/integrations, windows sysmon_operational) writes them from event 6:
 * ImageLoaded → file.path (and file.name after its last backslash), Hashes → file.hash.* (the
 * IMPHASH entry → file.pe.imphash), Signature → file.code_signature.subject_name,
 * SignatureStatus → file.code_signature.status. Event 6 names no acting process and no user
 * (its fields are UtcTime, ImageLoaded, Hashes, Signed, Signature, SignatureStatus), so the kind
 * has neither process.* nor user.*.
 */
const driverLoad: readonly FieldSpec[] = [
  ...common.filter((f) => f.name === '@timestamp' || f.name === 'host.name' || f.name === 'event.action'),
  { name: 'file.path', type: 'string', description: 'Full path of the loaded driver (Sysmon ImageLoaded, Defender FolderPath, ECS file.path).' },
  { name: 'file.name', type: 'string', description: 'File name of the loaded driver (Defender FileName, ECS file.name).' },
  // Defender's DeviceEvents SHA1, SHA256 and MD5 hash "the file that the recorded action was
  // applied to" (Microsoft Learn), here the driver; Learn says SHA256 is usually empty.
  { name: 'file.hash.sha1', type: 'string', hex: true, description: 'SHA-1 of the loaded driver (Sysmon Hashes SHA1= entry, Defender SHA1, ECS file.hash.sha1).' },
  { name: 'file.hash.md5', type: 'string', hex: true, description: 'MD5 of the loaded driver (Sysmon Hashes MD5= entry, Defender MD5, ECS file.hash.md5).' },
  { name: 'file.hash.sha256', type: 'string', hex: true, description: 'SHA-256 of the loaded driver (Sysmon Hashes SHA256= entry, Defender SHA256, which Microsoft Learn says is usually not filled; ECS file.hash.sha256).' },
  { name: 'file.pe.imphash', type: 'string', hex: true, description: 'Import hash of the loaded driver (Sysmon Hashes IMPHASH= entry, ECS file.pe.imphash). Defender records no import hash.' },
  {
    name: 'file.code_signature.signed',
    type: 'string',
    description:
      'true or false, as Sysmon event 6 Signed writes it. Defender\'s DeviceEvents has no signature column; ECS has no such field (Elastic\'s Sysmon pipeline writes a boolean file.code_signature.signed, outside ECS), so the EQL target cannot test it.',
  },
  { name: 'file.code_signature.subject_name', type: 'string', description: 'Signer of the loaded driver (Sysmon event 6 Signature, e.g. "Microsoft Windows"), copied into ECS by Elastic\'s Sysmon pipeline. Defender has no column for it.' },
  { name: 'file.code_signature.status', type: 'string', description: 'Signature check result as Sysmon event 6 SignatureStatus writes it (Valid, Expired, ...), copied as is into ECS by Elastic\'s Sysmon pipeline. Defender has no column for it.' },
];

export const FIELDS_BY_KIND: Readonly<Record<EventKind, readonly FieldSpec[]>> = {
  process_creation: processCreation,
  registry_set: registrySet,
  file_event: fileEvent,
  network_connection: networkConnection,
  image_load: imageLoad,
  file_delete: fileDelete,
  registry_add: registryAdd,
  registry_delete: registryDelete,
  driver_load: driverLoad,
};

/** The specs by name, per kind (the first spec of a name, as a search of the list finds it): every emitted predicate asks. */
const byName = (specs: readonly FieldSpec[]): ReadonlyMap<string, FieldSpec> => {
  const map = new Map<string, FieldSpec>();
  for (const f of specs) if (!map.has(f.name)) map.set(f.name, f);
  return map;
};
const SPECS_BY_NAME = perKind((kind) => byName(FIELDS_BY_KIND[kind]));

export function fieldSpec(kind: EventKind, name: string): FieldSpec | undefined {
  return SPECS_BY_NAME[kind].get(name);
}

/** Every logical field name known for any kind. */
export const ALL_FIELD_NAMES: ReadonlySet<string> = new Set(
  Object.values(FIELDS_BY_KIND).flatMap((specs) => specs.map((s) => s.name)),
);
