import type { JsonObject, JsonValue } from '../../ir/value.js';
import type { EqlQuery, SampleQuery, SequenceQuery, SequenceTerm } from './ast.js';
import { readEcsField } from './ecs-value.js';
import { compileFilter, compileJoinKey, joinKey, type DocTest, type JoinKeyFn } from './evaluate.js';
import { parseInstant } from '../../semantics/instant.js';

/**
 * Runs a parsed query over documents as Elasticsearch would answer it: an event query yields
 * the matching events; a sequence yields one record per completed sequence
 * (`{join_keys, events}`, as ES's `hits.sequences`); a sample one record per join key that
 * every term matched. `head N` / `tail N` keep the first / last N results.
 */
export function runQuery(parsed: EqlQuery, docs: Iterable<JsonObject>): JsonObject[] {
  let results: JsonObject[];
  const q = parsed.query;
  if (q.kind === 'event') {
    const test = compileFilter(q.filter);
    results = [];
    for (const d of docs) if (test(d)) results.push(d);
  } else if (q.kind === 'sequence') {
    results = runSequence(q, [...docs]);
  } else {
    results = runSample(q, [...docs]);
  }
  for (const p of parsed.pipes) results = p.kind === 'head' ? results.slice(0, p.count) : results.slice(Math.max(0, results.length - p.count));
  return results;
}

/** `@timestamp` as epoch ms (ISO-8601 text or a number); undefined when absent or unreadable. */
export function timestampOf(doc: JsonObject): number | undefined {
  const t = readEcsField(doc, '@timestamp');
  if (typeof t === 'number') return Number.isFinite(t) ? t : undefined;
  if (typeof t !== 'string') return undefined;
  return parseInstant(t);
}

interface CompiledTerm {
  readonly test: DocTest;
  readonly keys: readonly JoinKeyFn[];
}

function compileTerm(shared: SequenceQuery['by'], term: SequenceTerm): CompiledTerm {
  return { test: compileFilter(term.filter), keys: [...shared, ...term.by].map(compileJoinKey) };
}

/** Events in time order (stable for equal times); events without a time cannot be ordered and are left out. */
function inTimeOrder(docs: readonly JsonObject[]): { doc: JsonObject; ts: number }[] {
  const timed: { doc: JsonObject; ts: number; i: number }[] = [];
  docs.forEach((doc, i) => {
    const ts = timestampOf(doc);
    if (ts !== undefined) timed.push({ doc, ts, i });
  });
  timed.sort((a, b) => a.ts - b.ts || a.i - b.i);
  return timed;
}

interface Partial {
  readonly events: JsonObject[];
  readonly start: number;
  readonly keyValues: JsonValue[];
}

/**
 * A sequence as Elasticsearch's matcher runs it: per join key and stage, the latest partial
 * sequence; an event of stage i extends the partial sequence at stage i-1 with its key (when the
 * whole sequence stays within maxspan), an event of stage 0 starts a new one, replacing the
 * older; an `until` event drops every partial sequence of its key.
 */
function runSequence(q: SequenceQuery, docs: readonly JsonObject[]): JsonObject[] {
  const terms = q.terms.map((t) => compileTerm(q.by, t));
  const until = q.until ? compileTerm(q.by, q.until) : undefined;
  const stages: Map<string, Partial>[] = terms.map(() => new Map());
  const out: JsonObject[] = [];
  const last = terms.length - 1;
  for (const { doc, ts } of inTimeOrder(docs)) {
    if (until?.test(doc)) {
      const k = joinKey(until.keys, doc);
      if (k) for (const s of stages) s.delete(k.key);
    }
    for (let i = last; i >= 1; i--) {
      const term = terms[i] as CompiledTerm;
      if (!term.test(doc)) continue;
      const k = joinKey(term.keys, doc);
      if (!k) continue;
      const prev = (stages[i - 1] as Map<string, Partial>).get(k.key);
      if (!prev) continue;
      (stages[i - 1] as Map<string, Partial>).delete(k.key);
      if (q.maxspanMs !== undefined && ts - prev.start > q.maxspanMs) continue;
      const next: Partial = { events: [...prev.events, doc], start: prev.start, keyValues: prev.keyValues };
      if (i === last) out.push({ join_keys: next.keyValues, events: next.events });
      else (stages[i] as Map<string, Partial>).set(k.key, next);
    }
    const first = terms[0] as CompiledTerm;
    if (first.test(doc)) {
      const k = joinKey(first.keys, doc);
      if (k) (stages[0] as Map<string, Partial>).set(k.key, { events: [doc], start: ts, keyValues: k.values });
    }
  }
  return out;
}

/** A sample: for each join key, the first event of each term, when every term has one. */
function runSample(q: SampleQuery, docs: readonly JsonObject[]): JsonObject[] {
  const terms = q.terms.map((t) => compileTerm(q.by, t));
  const byKey = new Map<string, { values: JsonValue[]; events: (JsonObject | undefined)[] }>();
  for (const doc of docs) {
    terms.forEach((term, i) => {
      if (!term.test(doc)) return;
      const k = joinKey(term.keys, doc);
      if (!k) return;
      let entry = byKey.get(k.key);
      if (!entry) byKey.set(k.key, (entry = { values: k.values, events: terms.map(() => undefined) }));
      entry.events[i] ??= doc;
    });
  }
  const out: JsonObject[] = [];
  for (const { values, events } of byKey.values()) {
    if (events.every((e) => e !== undefined)) out.push({ join_keys: values, events: events as JsonObject[] });
  }
  return out;
}
