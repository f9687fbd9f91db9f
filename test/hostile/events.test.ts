import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/diagnostics.js';
import { compileRuleSet } from '../../src/evaluate/reference-evaluator.js';
import { readNdjsonBatches, toLogicalEvent } from '../../src/events/index.js';
import type { JsonValue, LogicalEvent } from '../../src/ir/value.js';
import { loadRuleText } from '../../src/rule/index.js';
import { expectPrototypeClean } from './bounded.js';
import { garbageBytes, MIB, nested, REGEX_BOMBS } from './inputs.js';
import { IR_RULE, NOW } from './samples.js';

/**
 * Hostile NDJSON events as `unirule eval` reads them: bytes in, each line parsed and turned
 * into a logical event. A bad line is refused with its line and column; a good one, however
 * odd, evaluates correctly; nothing takes unbounded time or memory.
 */
interface Read {
  readonly events: LogicalEvent[];
  readonly errors: SourceError[];
}

async function read(bytes: Uint8Array | string, maxLineBytes?: number): Promise<Read> {
  const events: LogicalEvent[] = [];
  const errors: SourceError[] = [];
  // In 64 KiB reads, as a file stream delivers them.
  const all = Buffer.from(bytes);
  const chunks = Array.from({ length: Math.ceil(all.length / 65536) }, (_, i) => all.subarray(i * 65536, (i + 1) * 65536));
  const input = Readable.from(chunks);
  const batches = readNdjsonBatches(input, 'hostile.ndjson', {
    onBadLine: 'skip',
    report: (d) => errors.push(new SourceError([d])),
    ...(maxLineBytes === undefined ? {} : { maxLineBytes }),
  });
  for await (const batch of batches) {
    for (const { line, value } of batch) {
      try {
        events.push(toLogicalEvent(value, 'hostile.ndjson', line));
      } catch (err) {
        if (!(err instanceof SourceError)) throw err;
        errors.push(err);
      }
    }
  }
  return { events, errors };
}

const line = (o: Record<string, JsonValue>): string => JSON.stringify(o) + '\n';
const GOOD = line({ kind: 'process_creation', '@timestamp': '2026-11-20T10:00:00Z', 'process.name': 'sc.exe', 'process.command_line': 'sc stop x' });

function where(err: SourceError | undefined): string {
  const d = err?.diagnostics[0];
  return d ? `${d.position.line}:${d.position.col} ${d.message}` : 'no error';
}

describe('hostile NDJSON events', () => {
  it('a truncated line is refused at the end of its JSON; the next line is still read', async () => {
    const { events, errors } = await read(GOOD.slice(0, 40) + '\n' + GOOD);
    expect(where(errors[0])).toMatch(/^1:41 not JSON/);
    expect(events).toHaveLength(1);
  });

  it('binary garbage is refused line by line as not UTF-8', async () => {
    const { events, errors } = await read(garbageBytes(64 * 1024));
    expect(events).toHaveLength(0);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.diagnostics[0]?.message).toMatch(/not valid UTF-8|not JSON|event/);
  });

  it('invalid UTF-8 is refused at the bad byte, even split across reads', async () => {
    const bytes = Buffer.concat([Buffer.from(GOOD), Buffer.from('{"kind":"process_creation","process.name":"sc'), Buffer.from([0xe2, 0x82]), Buffer.from('.exe"}\n'), Buffer.from(GOOD)]);
    for (const cut of [0, GOOD.length + 46, GOOD.length + 47, bytes.length]) {
      const events: LogicalEvent[] = [];
      const errors: SourceError[] = [];
      const input = Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)].filter((b) => b.length > 0));
      for await (const batch of readNdjsonBatches(input, 'hostile.ndjson', { onBadLine: 'skip', report: (d) => errors.push(new SourceError([d])) })) {
        for (const r of batch) events.push(toLogicalEvent(r.value, 'hostile.ndjson', r.line));
      }
      expect(where(errors[0])).toBe('2:46 line is not valid UTF-8');
      expect(events).toHaveLength(2);
    }
  });

  it('a correctly encoded U+FFFD is a character like any other', async () => {
    const { events, errors } = await read(line({ kind: 'process_creation', 'process.name': 'sc\uFFFD.exe' }));
    expect(errors).toEqual([]);
    expect(events[0]?.['process.name']).toBe('sc\uFFFD.exe');
  });

  it.each([
    ['objects', nested('{"a":', '1', '}', 100_000)],
    ['arrays', nested('[', '1', ']', 100_000)],
  ])('%s nested 100,000 deep are refused, not a stack overflow', async (_what, deep) => {
    const { events, errors } = await read(`{"kind":"process_creation","x":${deep}}\n` + GOOD);
    expect(where(errors[0])).toMatch(/^1:1 .*deeper than/);
    expect(events).toHaveLength(1);
  });

  it('a 10 MB value is read and evaluated', async () => {
    const { rule } = loadRuleText(IR_RULE, 'base.yml');
    const set = compileRuleSet([rule]);
    const value = `sc ${'A'.repeat(10 * MIB)} stop`;
    const { events } = await read(line({ kind: 'process_creation', '@timestamp': '2026-11-20T10:00:00Z', 'process.name': 'sc.exe', 'process.command_line': value }));
    expect(events[0]?.['process.command_line']).toBe(value);
    expect(set(events[0] as LogicalEvent, { now: NOW })[0]?.matched).toBe(true);
  });

  it('a line over the length bound is refused without being kept, and reading goes on', async () => {
    const { events, errors } = await read(line({ kind: 'process_creation', x: 'A'.repeat(3 * MIB) }) + GOOD, 2 * MIB);
    expect(where(errors[0])).toMatch(/^1:1 line is longer than/);
    expect(events).toHaveLength(1);
  });

  it('`__proto__`, `constructor` and friends are plain fields, and pollute nothing', async () => {
    const text = '{"kind":"process_creation","__proto__":{"kind":"registry_set","polluted":1},"constructor":"c","toString":"t","process.name":"sc.exe"}\n';
    const { events } = await read(text);
    const event = events[0] as LogicalEvent;
    expect(event.kind).toBe('process_creation');
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(event['__proto__.kind']).toBe('registry_set');
    expect(event['constructor']).toBe('c');
    expectPrototypeClean();
  });

  it('values of every JSON type where strings are expected are read as their JSON text', async () => {
    const { rule } = loadRuleText(IR_RULE, 'base.yml');
    const set = compileRuleSet([rule]);
    const { events, errors } = await read('{"kind":"process_creation","process.name":[1,{"a":2},null,["sc.exe"]],"process.command_line":1e308,"@timestamp":{"t":1}}\n');
    expect(errors).toEqual([]);
    expect(set(events[0] as LogicalEvent, { now: NOW })[0]?.matched).toBe(false);
  });

  it.each(REGEX_BOMBS.map(([pattern, explode]) => [pattern, explode] as const))('a 10 MB event value meant to explode %s is evaluated in linear time', async (pattern, explode) => {
    const { rule } = loadRuleText(IR_RULE.replace("      op: contains\n      values: [stop]", () => `      op: regex\n      values: ['${pattern}']`), 'bomb.yml');
    const set = compileRuleSet([rule]);
    const { events } = await read(line({ kind: 'process_creation', '@timestamp': '2026-11-20T10:00:00Z', 'process.name': 'sc.exe', 'process.command_line': explode(10 * MIB) }));
    // Finishing at all within the test's timeout is the proof; a backtracking engine never would.
    expect(set(events[0] as LogicalEvent, { now: NOW })[0]?.matched).toBe(false);
  });

  it.each([
    ['a JSON array', '[1,2,3]\n', /must be a JSON object/],
    ['a JSON string', '"event"\n', /must be a JSON object/],
    ['no kind', '{"process.name":"sc.exe"}\n', /needs `kind`/],
    ['an unknown kind', '{"kind":"__proto__"}\n', /needs `kind`/],
    ['a NUL inside JSON text', '{"kind":"process_creation",\u0000"a":1}\n', /not JSON/],
  ])('%s is refused with its line', async (_what, text, message) => {
    const { events, errors } = await read(text + GOOD);
    expect(errors[0]?.diagnostics[0]?.message).toMatch(message);
    expect(errors[0]?.diagnostics[0]?.position.line).toBe(1);
    expect(events).toHaveLength(1);
  });
});
