import { SourceError } from '../diagnostics.js';
import { EVENT_KINDS, isEventKind, type EventKind } from '../ir/event-kind.js';
import { REFUSED, refusalMessage, typedFieldsOf, type TypedField } from '../ir/field-domains.js';
import type { FieldValue, JsonObject, JsonValue, LogicalEvent } from '../ir/value.js';
import type { Target } from '../targets/contract.js';
import { jsonFieldSpan } from './json-field-span.js';

/**
 * Events in a target's own schema — Defender rows, Sysmon events, ECS documents, as `events
 * --from kql|sigma|eql` and `eval --lang kql|sigma|eql` read them — hold the typed fields
 * (ir/field-domains.ts) under their own names (`RemotePort`, `DestinationPort`,
 * `destination.port`). A value there that the field cannot hold is refused as in NDJSON logical
 * events (logical-event.ts): an error at the value, in the line as written, naming the schema's
 * field and the logical field it is.
 */

/** A schema: how a target writes a logical event (`project`) and reads one back (`unproject`). */
export type NativeSchema = Pick<Target<unknown>, 'project' | 'unproject'>;
type Unproject = NativeSchema['unproject'];

/**
 * The logical event of a native one with its typed fields checked (digit text in a number field
 * becomes the number, as in NDJSON), or a SourceError at the refused value. `text` is the line
 * as read, for the column.
 */
export function nativeToLogical(schema: NativeSchema, native: JsonObject, file: string, line: number, text?: string): LogicalEvent {
  const unproject = schema.unproject;
  const event = unproject(native);
  let out: LogicalEvent = event;
  for (const field of typedFieldsFor(event.kind)) {
    const value = event[field.name];
    if (value === undefined || value === null) continue;
    const read = field.read(value);
    if (read === value) continue;
    if (read === REFUSED) throw refusal(unproject, native, field, value, file, line, text);
    if (out === event) out = { ...event };
    Object.defineProperty(out, field.name, { value: read, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Only the check of `nativeToLogical`, for a run that reads the native event as it is (`eval
 * --lang`). Unprojecting every event would cost more than a simple query's evaluation, so the
 * schema's typed fields are first read where the schema writes them (`typedPaths`): when each
 * value there is one its field holds as it is, so is the logical event's, and nothing else is
 * asked; otherwise the event is read as `nativeToLogical` reads it.
 */
export function checkNativeEvent(schema: NativeSchema, native: JsonObject, file: string, line: number, text?: string): void {
  for (const [path, fields] of typedPaths(schema)) {
    if (someValueAt(native, path, fields)) {
      nativeToLogical(schema, native, file, line, text);
      return;
    }
  }
}

/**
 * Whether a value a dotted name reaches in the document, however its parts are nested, is one
 * some field reads as another value (digit text) or refuses. It runs on every event of a
 * query's run, so it allocates nothing: the ways to split a name are worked out once.
 */
function someValueAt(doc: JsonObject, name: string, fields: readonly TypedField[]): boolean {
  if (Object.prototype.hasOwnProperty.call(doc, name)) {
    const value = doc[name];
    if (value !== null && value !== undefined) for (const f of fields) if (f.read(value as FieldValue) !== value) return true;
  }
  for (const [head, rest] of splitsOf(name)) {
    const inner = Object.prototype.hasOwnProperty.call(doc, head) ? doc[head] : undefined;
    if (inner !== null && inner !== undefined && typeof inner === 'object' && !Array.isArray(inner) && someValueAt(inner as JsonObject, rest, fields)) return true;
  }
  return false;
}

/** Each (head, rest) a dotted name splits into at one of its dots; names come from the schemas' typed paths, a few dozen. */
function splitsOf(name: string): readonly (readonly [string, string])[] {
  let splits = SPLITS.get(name);
  if (splits === undefined) {
    const out: (readonly [string, string])[] = [];
    for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) out.push([name.slice(0, dot), name.slice(dot + 1)]);
    SPLITS.set(name, (splits = out));
  }
  return splits;
}

const SPLITS = new Map<string, readonly (readonly [string, string])[]>();

const TYPED_PATHS = new WeakMap<NativeSchema, ReadonlyMap<string, readonly TypedField[]>>();

/**
 * Each dotted path at which the schema writes a typed field, on any kind, and the fields it
 * holds there: the leaves a logical event with that one field adds to its projection. The
 * unprojections read a typed field from exactly the names their projections write it to
 * (Defender's `Timestamp` and `TimeGenerated`, `ProcessId` and `InitiatingProcessId`; Sysmon's
 * placements; ECS names one for one), test/events/native-typed-fields.test.ts holds them to it.
 */
export function typedPaths(schema: NativeSchema): ReadonlyMap<string, readonly TypedField[]> {
  let paths = TYPED_PATHS.get(schema);
  if (paths !== undefined) return paths;
  const out = new Map<string, TypedField[]>();
  for (const kind of EVENT_KINDS as readonly EventKind[]) {
    const base = leafTexts(schema.project({ kind } as LogicalEvent));
    for (const field of typedFieldsOf(kind)) {
      const sample: FieldValue = field.holdsText('1') ? 1 : '2026-11-20T10:00:00Z';
      const withField = leafTexts(schema.project({ kind, [field.name]: sample } as LogicalEvent));
      for (const [path, value] of withField) {
        if (base.get(path) === value) continue;
        const fields = out.get(path) ?? [];
        if (!fields.some((f) => f.name === field.name)) fields.push(field);
        out.set(path, fields);
      }
    }
  }
  TYPED_PATHS.set(schema, (paths = out));
  return paths;
}

/** Every leaf of a document by its dotted path, with its JSON text. */
function leafTexts(doc: object): Map<string, string> {
  return new Map(leavesOf(doc as JsonObject).map((path) => [path.join('.'), JSON.stringify(leafAt(doc as JsonObject, path))]));
}

/**
 * The typed fields of an event's kind; for an event whose kind the schema does not tell (an
 * ECS document without `event.category`), those of every kind, which agree where they share a
 * name.
 */
function typedFieldsFor(kind: string): readonly TypedField[] {
  return isEventKind(kind) ? typedFieldsOf(kind) : ALL_TYPED;
}

const ALL_TYPED: readonly TypedField[] = (() => {
  const out: TypedField[] = [];
  for (const kind of EVENT_KINDS as readonly EventKind[]) for (const f of typedFieldsOf(kind)) if (!out.some((o) => o.name === f.name)) out.push(f);
  return out;
})();

/**
 * The error for a refused value, at the native field it came from. Only asked on a refusal, so
 * it may be slow: the field is the leaf without which the logical value changes and the kind
 * does not (a field that tells the kind, ActionType or EventID, changes every field with it),
 * preferring one that holds that very value (another field may feed the same logical one, as
 * Defender's `TimeGenerated` does `Timestamp`'s), else the first leaf holding the value.
 */
function refusal(unproject: Unproject, native: JsonObject, field: TypedField, value: FieldValue, file: string, line: number, text: string | undefined): SourceError {
  const leaves = leavesOf(native);
  const same = (v: FieldValue | undefined): boolean => JSON.stringify(v) === JSON.stringify(value);
  const kind = unproject(native).kind;
  const changes = (path: readonly string[]): boolean => {
    const other = unproject(without(native, path));
    return other.kind === kind && !same(other[field.name]);
  };
  const holds = (path: readonly string[]): boolean => same(leafAt(native, path) as FieldValue);
  const source = leaves.find((path) => holds(path) && changes(path)) ?? leaves.find(changes) ?? leaves.find(holds);
  const name = source?.join('.');
  const span = name === undefined || text === undefined ? undefined : jsonFieldSpan(text, name);
  const written = span === undefined ? JSON.stringify(value) : (text as string).slice(span[0], span[1]);
  const message = `${refusalMessage(field, written)}${name === undefined || name === field.name ? '' : ` (read from \`${name}\`)`}`;
  return SourceError.at(file, line, span === undefined ? 1 : span[0] + 1, message);
}

/** The path of every leaf (a value that is not an object) of a document, nested keys apart. */
function leavesOf(doc: JsonObject): string[][] {
  const out: string[][] = [];
  const walk = (obj: JsonObject, prefix: string[], depth: number): void => {
    for (const key of Object.keys(obj)) {
      const v = obj[key] as JsonValue;
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < MAX_DEPTH) walk(v as JsonObject, [...prefix, key], depth + 1);
      else out.push([...prefix, key]);
    }
  };
  walk(doc, [], 0);
  return out;
}

function leafAt(doc: JsonObject, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const key of path) node = node !== null && typeof node === 'object' && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, key) ? (node as JsonObject)[key] : undefined;
  return node;
}

/** The document without one leaf; the objects on its path copied, the rest shared. */
function without(doc: JsonObject, path: readonly string[]): JsonObject {
  const [key, ...rest] = path as [string, ...string[]];
  const copy: Record<string, JsonValue> = {};
  for (const k of Object.keys(doc)) {
    if (k !== key) Object.defineProperty(copy, k, { value: doc[k], enumerable: true, writable: true, configurable: true });
    else if (rest.length > 0) Object.defineProperty(copy, k, { value: without(doc[k] as JsonObject, rest), enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** Deeper than the schemas nest (the ECS unprojection flattens 32 levels). */
const MAX_DEPTH = 32;
