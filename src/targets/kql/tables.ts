/**
 * The Defender XDR advanced-hunting tables a rule can read, with their documented columns and
 * types (learn.microsoft.com, "Advanced hunting schema"). The evaluator reads a column's type
 * from here (a missing string column reads `""`, other types read null), and the test suite
 * hands the same list to Microsoft's parser so that column names are checked too.
 */
export type KqlColumnType = 'string' | 'long' | 'int' | 'real' | 'bool' | 'datetime' | 'dynamic';

export type Columns = Readonly<Record<string, KqlColumnType>>;

const device: Columns = {
  Timestamp: 'datetime',
  DeviceId: 'string',
  DeviceName: 'string',
  ActionType: 'string',
  ReportId: 'long',
  AppGuardContainerId: 'string',
  AdditionalFields: 'dynamic',
};

const initiatingProcess: Columns = {
  InitiatingProcessAccountDomain: 'string',
  InitiatingProcessAccountName: 'string',
  InitiatingProcessAccountSid: 'string',
  InitiatingProcessAccountUpn: 'string',
  InitiatingProcessAccountObjectId: 'string',
  InitiatingProcessMD5: 'string',
  InitiatingProcessSHA1: 'string',
  InitiatingProcessSHA256: 'string',
  InitiatingProcessFileName: 'string',
  InitiatingProcessFileSize: 'long',
  InitiatingProcessFolderPath: 'string',
  InitiatingProcessId: 'long',
  InitiatingProcessCommandLine: 'string',
  InitiatingProcessCreationTime: 'datetime',
  InitiatingProcessIntegrityLevel: 'string',
  InitiatingProcessTokenElevation: 'string',
  InitiatingProcessParentId: 'long',
  InitiatingProcessParentFileName: 'string',
  InitiatingProcessParentCreationTime: 'datetime',
  InitiatingProcessVersionInfoCompanyName: 'string',
  InitiatingProcessVersionInfoProductName: 'string',
  InitiatingProcessVersionInfoProductVersion: 'string',
  InitiatingProcessVersionInfoInternalFileName: 'string',
  InitiatingProcessVersionInfoOriginalFileName: 'string',
  InitiatingProcessVersionInfoFileDescription: 'string',
  InitiatingProcessLogonId: 'long',
  InitiatingProcessSessionId: 'long',
  InitiatingProcessRemoteSessionDeviceName: 'string',
  InitiatingProcessRemoteSessionIP: 'string',
  InitiatingProcessUniqueId: 'string',
};

/** Table name → columns, in the order the tables are documented. */
export const DEFENDER_TABLES: Readonly<Record<string, Columns>> = {
  DeviceProcessEvents: {
    ...device,
    FileName: 'string',
    FolderPath: 'string',
    SHA1: 'string',
    SHA256: 'string',
    MD5: 'string',
    FileSize: 'long',
    ProcessVersionInfoCompanyName: 'string',
    ProcessVersionInfoProductName: 'string',
    ProcessVersionInfoProductVersion: 'string',
    ProcessVersionInfoInternalFileName: 'string',
    ProcessVersionInfoOriginalFileName: 'string',
    ProcessVersionInfoFileDescription: 'string',
    ProcessId: 'long',
    ProcessCommandLine: 'string',
    ProcessIntegrityLevel: 'string',
    ProcessTokenElevation: 'string',
    ProcessCreationTime: 'datetime',
    ProcessUniqueId: 'string',
    ProcessRemoteSessionDeviceName: 'string',
    ProcessRemoteSessionIP: 'string',
    AccountDomain: 'string',
    AccountName: 'string',
    AccountSid: 'string',
    AccountUpn: 'string',
    AccountObjectId: 'string',
    LogonId: 'long',
    IsProcessRemoteSession: 'bool',
    ...initiatingProcess,
    IsInitiatingProcessRemoteSession: 'bool',
  },
  DeviceRegistryEvents: {
    ...device,
    RegistryKey: 'string',
    RegistryValueType: 'string',
    RegistryValueName: 'string',
    RegistryValueData: 'string',
    PreviousRegistryKey: 'string',
    PreviousRegistryValueName: 'string',
    PreviousRegistryValueData: 'string',
    ...initiatingProcess,
    IsInitiatingProcessRemoteSession: 'bool',
  },
  DeviceFileEvents: {
    ...device,
    FileName: 'string',
    FolderPath: 'string',
    SHA1: 'string',
    SHA256: 'string',
    MD5: 'string',
    FileOriginUrl: 'string',
    FileOriginReferrerUrl: 'string',
    FileOriginIP: 'string',
    PreviousFolderPath: 'string',
    PreviousFileName: 'string',
    FileSize: 'long',
    RequestProtocol: 'string',
    RequestSourceIP: 'string',
    RequestSourcePort: 'int',
    RequestAccountName: 'string',
    RequestAccountDomain: 'string',
    RequestAccountSid: 'string',
    ShareName: 'string',
    SensitivityLabel: 'string',
    SensitivitySubLabel: 'string',
    IsAzureInfoProtectionApplied: 'bool',
    ...initiatingProcess,
    IsInitiatingProcessRemoteSession: 'bool',
  },
  DeviceNetworkEvents: {
    ...device,
    RemoteIP: 'string',
    RemotePort: 'int',
    RemoteUrl: 'string',
    LocalIP: 'string',
    LocalPort: 'int',
    Protocol: 'string',
    LocalIPType: 'string',
    RemoteIPType: 'string',
    ...initiatingProcess,
    IsInitiatingProcessRemoteSession: 'bool',
  },
  DeviceImageLoadEvents: {
    ...device,
    FileName: 'string',
    FolderPath: 'string',
    SHA1: 'string',
    SHA256: 'string',
    MD5: 'string',
    FileSize: 'long',
    ...initiatingProcess,
    IsInitiatingProcessRemoteSession: 'bool',
  },
  // The miscellaneous events table (Microsoft Learn, DeviceEvents): many ActionTypes share it,
  // each filling the columns it has a use for (a driver load: FileName, FolderPath, hashes).
  DeviceEvents: {
    ...device,
    FileName: 'string',
    FolderPath: 'string',
    SHA1: 'string',
    SHA256: 'string',
    MD5: 'string',
    FileSize: 'long',
    AccountDomain: 'string',
    AccountName: 'string',
    AccountSid: 'string',
    RemoteUrl: 'string',
    RemoteDeviceName: 'string',
    ProcessId: 'long',
    ProcessCommandLine: 'string',
    ProcessCreationTime: 'datetime',
    ProcessTokenElevation: 'string',
    LogonId: 'long',
    RegistryKey: 'string',
    RegistryValueName: 'string',
    RegistryValueData: 'string',
    RemoteIP: 'string',
    RemotePort: 'int',
    LocalIP: 'string',
    LocalPort: 'int',
    FileOriginUrl: 'string',
    FileOriginIP: 'string',
    ...initiatingProcess,
    IsInitiatingProcessRemoteSession: 'bool',
    CreatedProcessSessionId: 'long',
    IsProcessRemoteSession: 'bool',
    ProcessRemoteSessionDeviceName: 'string',
    ProcessRemoteSessionIP: 'string',
  },
};

/** Columns Log Analytics adds to every table it stores (Sentinel): `TimeGenerated`, `Type`, `TenantId`. */
export const LOG_ANALYTICS_COLUMNS: Columns = { TimeGenerated: 'datetime', Type: 'string', TenantId: 'string' };

export function isDefenderTable(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(DEFENDER_TABLES, name);
}

/** The type of a column in a table, or undefined when the table does not document it. */
export function columnType(table: string, column: string): KqlColumnType | undefined {
  return COLUMN_TYPES.get(table)?.get(column) ?? LOG_ANALYTICS_TYPES.get(column);
}

/*
 * The same tables as maps, made once: emitters ask for a column's type on every predicate,
 * and a map answers a computed name without the own-property test a record needs.
 */
const COLUMN_TYPES: ReadonlyMap<string, ReadonlyMap<string, KqlColumnType>> = new Map(
  Object.entries(DEFENDER_TABLES).map(([table, cols]) => [table, new Map(Object.entries(cols))] as const),
);
const LOG_ANALYTICS_TYPES: ReadonlyMap<string, KqlColumnType> = new Map(Object.entries(LOG_ANALYTICS_COLUMNS));

/** Whether a Defender table documents a column (not counting what Log Analytics adds). */
export function tableHasColumn(table: string, column: string): boolean {
  return COLUMN_TYPES.get(table)?.has(column) ?? false;
}
