/**
 * Values that flow through events and derived fields. Events are JSON, so these are JSON's
 * scalar types plus arrays of strings (ECS multi-valued fields such as `process.args`).
 */
export type Scalar = string | number | boolean;
export type FieldValue = Scalar | null | readonly string[];

/** A logical event: flat, dotted field names from the taxonomy, plus its `kind`. */
export interface LogicalEvent {
  readonly kind: string;
  readonly [field: string]: FieldValue | undefined;
}

/** JSON as it is read from NDJSON or YAML, before any interpretation. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}
