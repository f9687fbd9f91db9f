import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { SourceError } from '../../src/diagnostics.js';
import { readNdjsonBatches, toLogicalEvent } from '../../src/events/index.js';

async function collect(chunks: (string | Buffer)[], policy: 'stop' | 'skip', maxLineBytes?: number) {
  const reported: Diagnostic[] = [];
  const records = [];
  for await (const batch of readNdjsonBatches(Readable.from(chunks), 'e.ndjson', { onBadLine: policy, report: (d) => reported.push(d), ...(maxLineBytes ? { maxLineBytes } : {}) })) records.push(...batch);
  return { records, reported };
}

describe('reading NDJSON', () => {
  it('numbers lines across chunk boundaries, skips blank lines, accepts CRLF and a BOM', async () => {
    const { records } = await collect(['\uFEFF{"a":1}\r\n\n{"b"', ':2}\n{"c":3}'], 'stop');
    // Each record keeps its line's text, without the BOM and the CR, for errors that point into it.
    expect(records).toEqual([
      { line: 1, value: { a: 1 }, text: '{"a":1}' },
      { line: 3, value: { b: 2 }, text: '{"b":2}' },
      { line: 4, value: { c: 3 }, text: '{"c":3}' },
    ]);
  });

  it('stops at a malformed line with its line and column', async () => {
    await expect(collect(['{"a":1}\n{"a":}\n'], 'stop')).rejects.toThrow(/^e\.ndjson:2:6: error: not JSON/);
  });

  it('skips malformed lines when asked, reporting each and going on', async () => {
    const { records, reported } = await collect(['{"a":1}\nnot json\n{"a":2}\n'], 'skip');
    expect(records.map((r) => r.line)).toEqual([1, 3]);
    expect(reported.map((d) => d.position.line)).toEqual([2]);
  });

  it('reports a line longer than the bound without keeping it, and reads on', async () => {
    const long = '{"x":"' + 'a'.repeat(5000) + '"}';
    const { records, reported } = await collect([long.slice(0, 3000), long.slice(3000) + '\n{"ok":1}\n'], 'skip', 1024);
    expect(reported[0]?.message).toMatch(/longer than 1024 bytes/);
    expect(records).toEqual([{ line: 2, value: { ok: 1 }, text: '{"ok":1}' }]);
  });

  it('flags bytes that are not UTF-8', async () => {
    const { reported } = await collect([Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a])], 'skip');
    expect(reported[0]?.message).toBe('line is not valid UTF-8');
  });
});

describe('readNdjsonBatches', () => {
  it('gives the records of each chunk together, and under stop those before the bad line first', async () => {
    const batches: number[][] = [];
    const read = readNdjsonBatches(Readable.from(['{"a":1}\n{"a":2}\n', '{"a":3}\nnope\n{"a":5}\n']), 'e.ndjson', { onBadLine: 'stop' });
    await expect(
      (async () => {
        for await (const batch of read) batches.push(batch.map((r) => r.line));
      })(),
    ).rejects.toThrow(/e\.ndjson:4:2: error: not JSON/);
    expect(batches).toEqual([[1, 2], [3]]);
  });
});

describe('toLogicalEvent', () => {
  it('flattens nested objects to dotted names and keeps unknown fields', () => {
    expect(toLogicalEvent({ kind: 'process_creation', process: { name: 'sc.exe', args: ['sc', 'stop'] }, custom: 1 }, 'f', 1)).toEqual({
      kind: 'process_creation',
      'process.name': 'sc.exe',
      'process.args': ['sc', 'stop'],
      custom: 1,
    });
  });
  // A flat event (no nested value) is taken as it is; it must give what flattening gives: the
  // same fields in the order written, prototype names as plain own fields. The twin is the
  // same line with one nested field added, which only flattening reads.
  it.each([
    '{"kind":"process_creation","process.name":"a","process.pid":4,"x":null,"y":true}',
    '{"__proto__":"p","kind":"file_event","constructor":"c","toString":1,"hasOwnProperty":false}',
  ])('reads the flat %s as flattening reads it', (flatText) => {
    const flat = toLogicalEvent(JSON.parse(flatText), 'f', 1);
    const nested = toLogicalEvent(JSON.parse(flatText.replace(/}$/, ',"zz":{"w":1}}')), 'f', 1);
    const fields = (e: object): [string, unknown][] => Object.getOwnPropertyNames(e).filter((k) => k !== 'zz.w').map((k) => [k, Object.getOwnPropertyDescriptor(e, k)?.value]);
    expect(Object.getPrototypeOf(flat)).toBe(Object.prototype);
    expect(Object.keys(flat)).toEqual(Object.keys(JSON.parse(flatText)));
    expect(fields(flat)).toEqual(fields(nested));
    expect(fields(flat).length).toBe(Object.keys(JSON.parse(flatText)).length);
  });
  it('derives registry.path parts from a flat event as from a nested one, leaving the input as it was', () => {
    const input = { kind: 'registry_set', 'registry.path': 'HKLM\\SOFTWARE\\X\\V' };
    const flat = toLogicalEvent(input, 'f', 1);
    const nested = toLogicalEvent({ kind: 'registry_set', registry: { path: 'HKLM\\SOFTWARE\\X\\V' } }, 'f', 1);
    expect(flat).toEqual(nested);
    expect(flat['registry.hive']).toBeDefined();
    expect(input).toEqual({ kind: 'registry_set', 'registry.path': 'HKLM\\SOFTWARE\\X\\V' });
  });
  it('keeps a __proto__ key as a plain field, never as the prototype', () => {
    const e = toLogicalEvent(JSON.parse('{"kind":"process_creation","__proto__":{"polluted":true}}'), 'f', 1);
    expect(Object.getPrototypeOf(e)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(e['__proto__.polluted']).toBe(true);
  });
  it.each([
    [[1, 2], /must be a JSON object/],
    [{ a: 1 }, /needs `kind`/],
    [{ kind: 'dns' }, /needs `kind`.*got "dns"/],
  ])('rejects %j', (value, message) => {
    expect(() => toLogicalEvent(value, 'f', 7)).toThrow(SourceError);
    expect(() => toLogicalEvent(value, 'f', 7)).toThrow(message);
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a":}', 5],
    ['{"a":1,}', 7],
    ['[1 2]', 3],
    ['{"a":"x\\q"}', 8],
    ['{"a":tru}', 8],
    ['{"a":1} x', 8],
    ['{"a":"unterminated', 18],
  ])('%s fails at offset %i', async (text, offset) => {
    const { jsonErrorOffset } = await import('../../src/events/json-error-offset.js');
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});
