import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics.js';
import { SourceError } from '../../src/diagnostics.js';
import { readNdjson, toLogicalEvent } from '../../src/events/index.js';

async function collect(chunks: (string | Buffer)[], policy: 'stop' | 'skip', maxLineBytes?: number) {
  const reported: Diagnostic[] = [];
  const records = [];
  for await (const r of readNdjson(Readable.from(chunks), 'e.ndjson', { onBadLine: policy, report: (d) => reported.push(d), ...(maxLineBytes ? { maxLineBytes } : {}) })) records.push(r);
  return { records, reported };
}

describe('readNdjson', () => {
  it('numbers lines across chunk boundaries, skips blank lines, accepts CRLF and a BOM', async () => {
    const { records } = await collect(['\uFEFF{"a":1}\r\n\n{"b"', ':2}\n{"c":3}'], 'stop');
    expect(records).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 3, value: { b: 2 } },
      { line: 4, value: { c: 3 } },
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
    expect(records).toEqual([{ line: 2, value: { ok: 1 } }]);
  });

  it('flags bytes that are not UTF-8', async () => {
    const { reported } = await collect([Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a])], 'skip');
    expect(reported[0]?.message).toBe('line is not valid UTF-8');
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
