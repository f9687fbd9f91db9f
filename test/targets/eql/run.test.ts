import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/ir/value.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';

const run = (query: string, docs: JsonObject[]): JsonObject[] => [...eqlTarget.run(eqlTarget.parse(query, 'q.eql'), docs, { now: 0 })];

const ev = (minute: number, category: string, fields: Record<string, unknown>): JsonObject =>
  ({ '@timestamp': `2026-11-20T10:${String(minute).padStart(2, '0')}:00Z`, event: { category }, ...fields }) as JsonObject;

describe('event queries', () => {
  const docs = [1, 2, 3, 4].map((m) => ev(m, 'process', { process: { name: m % 2 ? 'sc.exe' : 'cmd.exe' }, n: m }));
  it('yield the matching events, head and tail keep the first / last N', () => {
    expect(run('process where process.name : "sc.exe"', docs).map((d) => d.n)).toEqual([1, 3]);
    expect(run('process where true | head 3', docs).map((d) => d.n)).toEqual([1, 2, 3]);
    expect(run('process where true | tail 2', docs).map((d) => d.n)).toEqual([3, 4]);
    expect(run('process where true | head 3 | tail 1', docs).map((d) => d.n)).toEqual([3]);
  });
  it('compile refuses a sequence: it has no per-event verdict', () => {
    expect(() => eqlTarget.compile(eqlTarget.parse('sequence [a where true] [b where true]', 'q.eql'), { now: 0 })).toThrow(/per-event/);
  });
});

describe('sequences (ordered by @timestamp, joined by `by`, bounded by maxspan)', () => {
  const q = 'sequence by host.name [process where process.name : "a"] [process where process.name : "b"]';
  it('match terms in time order with the same join key, as one record holding its events', () => {
    const docs = [
      ev(3, 'process', { host: { name: 'h1' }, process: { name: 'b' }, n: 3 }),
      ev(1, 'process', { host: { name: 'h1' }, process: { name: 'a' }, n: 1 }),
      ev(2, 'process', { host: { name: 'h2' }, process: { name: 'b' }, n: 2 }),
    ];
    const out = run(q, docs);
    expect(out).toHaveLength(1);
    expect(out[0]?.join_keys).toEqual(['h1']);
    expect((out[0]?.events as JsonObject[]).map((d) => d.n)).toEqual([1, 3]);
  });
  it('need the later term after the earlier one', () => {
    const docs = [ev(1, 'process', { host: { name: 'h' }, process: { name: 'b' } }), ev(2, 'process', { host: { name: 'h' }, process: { name: 'a' } })];
    expect(run(q, docs)).toHaveLength(0);
  });
  it('keep all events within maxspan of the first', () => {
    const mq = 'sequence by host.name with maxspan=2m [process where process.name : "a"] [process where process.name : "b"]';
    const near = [ev(1, 'process', { host: { name: 'h' }, process: { name: 'a' } }), ev(3, 'process', { host: { name: 'h' }, process: { name: 'b' } })];
    const far = [ev(1, 'process', { host: { name: 'h' }, process: { name: 'a' } }), ev(4, 'process', { host: { name: 'h' }, process: { name: 'b' } })];
    expect(run(mq, near)).toHaveLength(1);
    expect(run(mq, far)).toHaveLength(0);
  });
  it('until drops the sequences in progress for its key', () => {
    const uq = `${q} until [process where process.name : "stop"]`;
    const docs = [
      ev(1, 'process', { host: { name: 'h' }, process: { name: 'a' } }),
      ev(2, 'process', { host: { name: 'h' }, process: { name: 'stop' } }),
      ev(3, 'process', { host: { name: 'h' }, process: { name: 'b' } }),
    ];
    expect(run(uq, docs)).toHaveLength(0);
    expect(run(q, docs)).toHaveLength(1);
  });
  it('per-term by keys join fields of different names', () => {
    const pq = 'sequence [process where true] by process.pid [network where true] by process.ppid';
    const docs = [ev(1, 'process', { process: { pid: 7 } }), ev(2, 'network', { process: { ppid: 7 } }), ev(3, 'network', { process: { ppid: 8 } })];
    expect(run(pq, docs)).toHaveLength(1);
  });
  it('a newer start replaces an older partial sequence of the same key', () => {
    const docs = [
      ev(1, 'process', { host: { name: 'h' }, process: { name: 'a' }, n: 1 }),
      ev(2, 'process', { host: { name: 'h' }, process: { name: 'a' }, n: 2 }),
      ev(3, 'process', { host: { name: 'h' }, process: { name: 'b' }, n: 3 }),
    ];
    const out = run(q, docs);
    expect(out).toHaveLength(1);
    expect((out[0]?.events as JsonObject[]).map((d) => d.n)).toEqual([2, 3]);
  });
});

describe('samples', () => {
  it('one record per join key that every term matched, in any order', () => {
    const sq = 'sample by host.name [process where process.name : "a"] [registry where true]';
    const docs = [
      ev(2, 'registry', { host: { name: 'h1' } }),
      ev(1, 'process', { host: { name: 'h1' }, process: { name: 'a' } }),
      ev(3, 'process', { host: { name: 'h2' }, process: { name: 'a' } }),
    ];
    const out = run(sq, docs);
    expect(out.map((r) => r.join_keys)).toEqual([['h1']]);
  });
});

describe('join keys and runs (ES 8)', () => {
  it('a null non-optional key never joins; an optional ?key joins on null', () => {
    const docs = [ev(1, 'process', { process: { name: 'a' } }), ev(2, 'process', { process: { name: 'b' } })];
    expect(run('sequence by user.name [process where process.name == "a"] [process where process.name == "b"]', docs)).toHaveLength(0);
    const out = run('sequence by ?user.name [process where process.name == "a"] [process where process.name == "b"]', docs);
    expect(out.map((r) => r.join_keys)).toEqual([[null]]);
  });
  it('with runs=N repeats a term N times', () => {
    const docs = [1, 2, 3].map((m) => ev(m, 'process', { host: { name: 'h' }, process: { name: m < 3 ? 'a' : 'b' } }));
    const q = 'sequence by host.name [process where process.name == "a"] with runs=2 [process where process.name == "b"]';
    expect(run(q, docs)).toHaveLength(1);
    expect(run(q, docs.slice(1))).toHaveLength(0);
  });
});
