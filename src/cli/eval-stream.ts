import type { Readable, Writable } from 'node:stream';
import { SourceError } from '../diagnostics.js';
import { compileRuleMatcher } from '../evaluate/reference-evaluator.js';
import { readNdjsonBatches, toLogicalEvent, type BadLinePolicy } from '../events/index.js';
import type { Rule } from '../ir/rule.js';
import type { JsonObject, JsonValue, LogicalEvent } from '../ir/value.js';
import { JsonLineBuffer, skippedLine } from './json-lines.js';

export interface StreamEvaluation {
  /** Events read (bad lines skipped under `skip` are not counted). */
  readonly seen: number;
  /** Rows written: one per rule that matched an event. */
  readonly matched: number;
}

export interface StreamEvaluationOptions {
  /** The instant time windows are measured from. */
  readonly now: number;
  readonly onBadLine: BadLinePolicy;
  /** A skipped line's warning, already formatted (file:line:col: warning: ...). */
  readonly warn: (message: string) => void;
  /**
   * One rule's rows as they are (`eval RULE`), or each wrapped with the name of the rule it
   * matched, `{"rule": name, "row": {...}}` (`eval` over a set), so a row cannot be confused
   * with an event field called `rule`.
   */
  readonly tagged: boolean;
  /** Called after each chunk of input, for a progress line. */
  readonly progress?: (run: StreamEvaluation) => void;
}

/**
 * Unirule rules over an NDJSON stream, as `unirule eval` runs them: all rules in one set
 * (evaluate/rule-set.ts: each needle is looked for once per event, whatever the number of
 * rules), a chunk of input at a time, matches written as JSON lines in input order. Memory
 * holds one chunk and its rows, never the stream.
 */
export async function evaluateStream(rules: readonly Rule[], input: Readable, sourceName: string, out: Writable, options: StreamEvaluationOptions): Promise<StreamEvaluation> {
  const matcher = compileRuleMatcher(rules);
  const evaluateOptions = { now: options.now };
  const rows = new JsonLineBuffer(out);
  // Each rule's line starts the same way; only the row differs.
  const prefixes = rules.map((r) => (options.tagged ? `{"rule":${JSON.stringify(r.name)},"row":` : ''));
  const suffix = options.tagged ? '}' : '';
  let seen = 0;
  let matched = 0;
  const batches = readNdjsonBatches(input, sourceName, {
    onBadLine: options.onBadLine,
    report: (d) => options.warn(skippedLine([d])),
  });
  try {
    for await (const batch of batches) {
      for (const { line, value, text } of batch) {
        let event: LogicalEvent;
        try {
          event = toLogicalEvent(value, sourceName, line, text);
        } catch (err) {
          if (options.onBadLine === 'stop' || !(err instanceof SourceError)) throw err;
          options.warn(skippedLine(err.diagnostics));
          continue;
        }
        seen++;
        const matches = matcher.match(event, evaluateOptions);
        // Rules that print the whole event with nothing derived print the same row: it is
        // written out once per event, however many of them match it.
        let wholeEvent: string | undefined;
        for (let k = 0; k < matches.count; k++) {
          const index = matches.rules[k]!;
          const rule = rules[index]!;
          const derived = matches.verdicts[index]!.derived;
          let row: string;
          if (rule.output.fields.length === 0 && isEmpty(derived)) row = wholeEvent ??= JSON.stringify(event);
          else row = JSON.stringify(resultRow(rule, event, derived));
          rows.add(prefixes[index] + row + suffix);
          matched++;
        }
      }
      await rows.flush();
      options.progress?.({ seen, matched });
    }
  } finally {
    // What matched before a bad line stops the run is still written.
    await rows.flush();
  }
  return { seen, matched };
}

/** The rule's output fields when it names them (as KQL's project would), else the event plus derived values. */
function resultRow(rule: Rule, event: Readonly<Record<string, JsonValue | undefined>>, derived: Readonly<Record<string, JsonValue>>): JsonObject {
  const all: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(event)) if (v !== undefined) setField(all, k, v);
  for (const [k, v] of Object.entries(derived)) setField(all, k, v);
  if (rule.output.fields.length === 0) return all;
  const row: Record<string, JsonValue> = {};
  for (const f of rule.output.fields) setField(row, f, Object.prototype.hasOwnProperty.call(all, f) ? all[f]! : null);
  return row;
}

function isEmpty(derived: Readonly<Record<string, JsonValue>>): boolean {
  for (const _ in derived) return false;
  return true;
}

/** A store that keeps a field named `__proto__` as a field (a plain store would try to set the prototype). */
function setField(row: Record<string, JsonValue>, field: string, value: JsonValue): void {
  if (field === '__proto__') Object.defineProperty(row, field, { value, enumerable: true, writable: true, configurable: true });
  else row[field] = value;
}
