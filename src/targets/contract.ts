import type { Diagnostic } from '../diagnostics.js';
import type { Rule } from '../ir/rule.js';
import type { FieldValue, JsonObject, LogicalEvent } from '../ir/value.js';

/**
 * The contract every target language fills, one folder each (`src/targets/<id>/`): emit the
 * IR as text, parse that text with the language's own grammar, evaluate the parsed form with
 * the language's own semantics, import it back into the IR, and project logical events into
 * the shape the language reads. The check (`src/check/`) uses nothing else.
 */
export type TargetId = 'kql' | 'sigma' | 'eql';

export interface EmitOptions {
  /** Lenient: write the nearest idiom and report it; strict (default): refuse. */
  readonly lenient: boolean;
  /** Target-specific flavour, e.g. KQL 'defender' | 'sentinel'. */
  readonly flavour?: string;
}

/** A place where the emitted text does not say exactly what the IR says, and why. */
export interface Approximation {
  /** Short, human description of the predicate concerned, e.g. `registry.key term "WinDefend"`. */
  readonly predicate: string;
  readonly reason: string;
}

export interface EmitResult {
  readonly text: string;
  readonly approximations: readonly Approximation[];
}

/** Thrown in strict mode when the target cannot say the rule exactly. */
export class NotExpressibleError extends Error {
  constructor(
    readonly target: TargetId,
    readonly predicate: string,
    readonly reason: string,
  ) {
    super(`${target}: cannot express ${predicate}: ${reason}`);
    this.name = 'NotExpressibleError';
  }
}

/** An event in the target's own shape (Defender row, Sysmon-shaped event, ECS document). */
export type NativeEvent = JsonObject;

/** One evaluation of a parsed query on one native event. */
export interface TargetVerdict {
  readonly matched: boolean;
  /** Derived values the target computed (KQL `extend`), keyed by the derived field's name. */
  readonly derived: Readonly<Record<string, FieldValue>>;
}

export interface TargetEvalOptions {
  /** Epoch milliseconds that `now()` / `ago()` are measured from. */
  readonly now: number;
}

export interface Target<Parsed> {
  readonly id: TargetId;
  /** File extension of the emitted query text. */
  readonly extension: string;
  /**
   * Whether the query text itself filters on the rule's time window. Where it does not
   * (Sigma, EQL: the SIEM's schedule sets the look-back), the check applies the window to the
   * events before evaluating, as the deployed rule's schedule would.
   */
  readonly windowInQuery: boolean;
  emit(rule: Rule, options: EmitOptions): EmitResult;
  /** Parses text with the language's grammar; throws SourceError (with line:col) on bad input. */
  parse(text: string, sourceName: string): Parsed;
  /** Compiles the parsed form once into a per-event test (filter + derived values). */
  compile(parsed: Parsed, options: TargetEvalOptions): (event: NativeEvent) => TargetVerdict;
  /**
   * Runs the parsed query over events as the language would (`unirule eval`): KQL yields
   * its result rows after extend/project/sort/take, Sigma and EQL the matching events (an
   * EQL sequence yields one record holding its events).
   */
  run(parsed: Parsed, events: Iterable<NativeEvent>, options: TargetEvalOptions): Iterable<JsonObject>;
  /**
   * `run` compiled once for a query whose rows come event by event, so that the rows for an
   * input are its chunks' rows one after the other: `unirule eval` then runs it a chunk of input
   * at a time, in memory that does not grow with the input. Undefined for a query that sorts
   * or cuts its result (KQL sort and take, EQL head and tail) or joins events (EQL sequences and
   * samples). Throws as `compile` does for a query the evaluator refuses.
   */
  chunkRunner(parsed: Parsed, options: TargetEvalOptions): ((events: readonly NativeEvent[]) => Iterable<JsonObject>) | undefined;
  /**
   * The deployable forms this target writes, by name (`unirule translate --to NAME`):
   * e.g. kql → { kql, sentinel, defender }, eql → { eql, 'elastic-toml', 'elastic-ndjson' }.
   */
  readonly formats: Readonly<Record<string, (rule: Rule, options: EmitOptions) => EmitResult>>;
  /**
   * Imports the parsed form into the rule model. `warn`, when given, receives what did not
   * carry over or looks wrong (file:line:col warnings); the import goes on regardless.
   */
  importRule(parsed: Parsed, sourceName: string, warn?: (d: Diagnostic) => void): Rule;
  /** A logical event in this target's shape. */
  project(event: LogicalEvent): NativeEvent;
  /** Back from the native shape, as far as it carries the facts. */
  unproject(event: NativeEvent): LogicalEvent;
}
