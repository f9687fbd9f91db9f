import type { JsonObject, JsonValue } from '../../ir/value.js';
import type { SigmaLogsource } from './ast.js';
import { CATEGORY_EVENT_IDS } from './taxonomy.js';

/**
 * Which Sigma logsources an event belongs to, so a rule is evaluated only on the events its
 * logsource selects (sigma.md "A rule": Windows categories follow Sysmon event ids).
 *
 * An event says it in one of two ways: an explicit `logsource` object
 * (`{category, product, service}`), which wins; or a Sysmon `EventID` (a number or decimal
 * text) — unless a `Channel` names another log, since Security's and Sysmon's ids overlap.
 * An event that says neither is tried against every document, as a hand-written test event
 * usually means "whatever rule this is".
 */
export interface EventLogsource {
  /** The categories the event belongs to; undefined when the event does not say. */
  readonly categories?: ReadonlySet<string>;
  readonly product?: string;
  readonly service?: string;
}

/** Sysmon event ids of categories beyond the project's kinds (taxonomy.ts lists those). */
const MORE_SYSMON_CATEGORIES: Readonly<Record<string, readonly number[]>> = {
  file_change: [2],
  process_termination: [5],
  create_remote_thread: [8],
  raw_access_thread: [9],
  process_access: [10],
  create_stream_hash: [15],
  pipe_created: [17, 18],
  wmi_event: [19, 20, 21],
  dns_query: [22],
  process_tampering: [25],
  // The taxonomy appendix's own category for event 26 (taxonomy.ts: file_delete reads 23 and 26).
  file_delete_detected: [26],
};

const CATEGORIES_BY_EVENT_ID: ReadonlyMap<number, readonly string[]> = (() => {
  const out = new Map<number, string[]>();
  for (const table of [CATEGORY_EVENT_IDS, MORE_SYSMON_CATEGORIES]) {
    for (const [category, ids] of Object.entries(table)) {
      for (const id of ids) out.set(id, [...(out.get(id) ?? []), category]);
    }
  }
  return out;
})();

export function eventLogsource(event: JsonObject): EventLogsource | undefined {
  const explicit = event['logsource'];
  if (explicit !== null && typeof explicit === 'object' && !Array.isArray(explicit)) {
    const ls = explicit as JsonObject;
    const text = (k: string): string | undefined => (typeof ls[k] === 'string' ? (ls[k] as string).toLowerCase() : undefined);
    const category = text('category');
    const product = text('product');
    const service = text('service');
    return {
      ...(category !== undefined ? { categories: new Set([category]) } : {}),
      ...(product !== undefined ? { product } : {}),
      ...(service !== undefined ? { service } : {}),
    };
  }
  const id = eventIdOf(event['EventID']);
  if (id === undefined) return undefined;
  const channel = event['Channel'];
  if (typeof channel === 'string' && !/sysmon/i.test(channel)) return undefined;
  let categories = CATEGORIES_BY_EVENT_ID.get(id);
  if (categories === undefined) return undefined;
  if (id === 12) {
    // Event 12 is a key or value created or deleted; EventType tells which, when present.
    const type = event['EventType'];
    if (type === 'CreateKey' || type === 'CreateValue') categories = categories.filter((c) => c !== 'registry_delete');
    if (type === 'DeleteKey' || type === 'DeleteValue') categories = categories.filter((c) => c !== 'registry_add');
  }
  return { categories: new Set(categories), product: 'windows', service: 'sysmon' };
}

function eventIdOf(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^[0-9]{1,6}$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Whether a document's logsource selects events of this logsource: each part the document
 * names must agree with the event's, where the event says it (lower case, as Sigma writes them).
 * The document's parts are lowered once, not per event.
 */
export function logsourceSelector(doc: SigmaLogsource): (event: EventLogsource | undefined) => boolean {
  const category = doc.category?.toLowerCase();
  const product = doc.product?.toLowerCase();
  const service = doc.service?.toLowerCase();
  return (event) => {
    if (event === undefined) return true;
    if (category !== undefined && event.categories !== undefined && !event.categories.has(category)) return false;
    if (product !== undefined && event.product !== undefined && product !== event.product) return false;
    if (service !== undefined && event.service !== undefined && service !== event.service) return false;
    return true;
  };
}
