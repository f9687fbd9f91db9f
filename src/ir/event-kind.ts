/**
 * Event kinds a rule can read. The names are Sigma's logsource categories, which detection
 * engineers already know; each target maps a kind to its own table / category / index.
 */
export const EVENT_KINDS = [
  'process_creation',
  'registry_set',
  'file_event',
  'network_connection',
  'image_load',
  'file_delete',
  'registry_add',
  'registry_delete',
  'driver_load',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export function isEventKind(value: unknown): value is EventKind {
  return typeof value === 'string' && (EVENT_KINDS as readonly string[]).includes(value);
}

/** A table with one entry per event kind, each worked out from the kind once. */
export function perKind<T>(of: (kind: EventKind) => T): Readonly<Record<EventKind, T>> {
  const table = {} as Record<EventKind, T>;
  for (const kind of EVENT_KINDS) table[kind] = of(kind);
  return table;
}
