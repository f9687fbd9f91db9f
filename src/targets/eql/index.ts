import type { LogicalEvent } from '../../ir/value.js';
import type { NativeEvent, Target, TargetVerdict } from '../contract.js';
import type { EqlQuery } from './ast.js';
import { emitEql } from './emit.js';
import { compileFilter } from './evaluate.js';
import { importEql } from './import.js';
import { emitNdjson } from './ndjson.js';
import { parseEql } from './parse.js';
import { runQuery } from './run.js';
import { projectToEcs, unprojectFromEcs } from './schema.js';
import { emitToml } from './toml.js';

export type { EqlQuery } from './ast.js';

const NO_DERIVED: TargetVerdict['derived'] = Object.freeze({});
const MATCH: TargetVerdict = Object.freeze({ matched: true, derived: NO_DERIVED });
const NO_MATCH: TargetVerdict = Object.freeze({ matched: false, derived: NO_DERIVED });

/** Elastic EQL (Elasticsearch 7.12+ semantics, eql.md) over ECS documents. */
export const eqlTarget: Target<EqlQuery> = {
  id: 'eql',
  extension: '.eql',
  // The detection rule's schedule (`from = "now-<window>"`) sets the look-back, not the query.
  windowInQuery: false,
  emit: emitEql,
  parse: parseEql,
  compile(parsed) {
    const q = parsed.query;
    if (q.kind !== 'event') {
      throw new Error(`a ${q.kind} joins several events; it has no per-event verdict (use run)`);
    }
    const test = compileFilter(q.filter);
    return (event: NativeEvent) => (test(event) ? MATCH : NO_MATCH);
  },
  run: (parsed, events) => runQuery(parsed, events),
  chunkRunner(parsed) {
    // An event query yields each matching event as it comes (run.ts); head and tail need them
    // all, as do sequences and samples.
    const q = parsed.query;
    if (q.kind !== 'event' || parsed.pipes.length > 0) return undefined;
    const test = compileFilter(q.filter);
    return (docs) => docs.filter((d) => test(d));
  },
  formats: { eql: emitEql, 'elastic-toml': emitToml, 'elastic-ndjson': emitNdjson },
  importRule: (parsed, sourceName, warn) => importEql(parsed, sourceName, warn),
  project: (event: LogicalEvent) => projectToEcs(event),
  unproject: (event: NativeEvent) => unprojectFromEcs(event),
};
