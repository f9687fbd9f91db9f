import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/diagnostics.js';
import { checkNativeEvent, nativeToLogical } from '../../src/events/index.js';
import { typedPaths } from '../../src/events/native-event.js';
import { EVENT_KINDS } from '../../src/ir/event-kind.js';
import { REFUSED, typedFieldsOf } from '../../src/ir/field-domains.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { targetById } from '../../src/targets/registry.js';

/**
 * Typed fields in events read in a target's schema (`events --from`, `eval --lang`). The names
 * are the schemas' own: Defender `ProcessId`, `InitiatingProcessId` (long), `LocalPort`,
 * `RemotePort` (int), `Timestamp`; Sysmon `ProcessId`, `ParentProcessId` (win:UInt32),
 * `SourcePort`, `DestinationPort` (win:UInt16), `UtcTime`; ECS `process.pid`,
 * `process.parent.pid`, `source.port`, `destination.port` (long), `@timestamp`. The domains
 * are those of NDJSON logical events (README "Fields").
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
type Lang = 'kql' | 'sigma' | 'eql';

/** [schema, line, logical field, native field, the value's text in the line]. */
const BAD: readonly (readonly [Lang, string, string, string, string])[] = [
  ['kql', '{"Timestamp":"2026-11-20T10:00:00Z","ActionType":"ConnectionSuccess","RemotePort":70000}', 'destination.port', 'RemotePort', '70000'],
  ['kql', '{"ActionType":"ConnectionSuccess","LocalPort":-1,"RemotePort":443}', 'source.port', 'LocalPort', '-1'],
  ['kql', '{"ActionType":"ProcessCreated","FileName":"a.exe","ProcessId":"0x10"}', 'process.pid', 'ProcessId', '"0x10"'],
  ['kql', '{"ActionType":"ProcessCreated","InitiatingProcessId":4294967296}', 'process.parent.pid', 'InitiatingProcessId', '4294967296'],
  ['kql', '{"ActionType":"RegistryValueSet","RegistryKey":"HKEY_LOCAL_MACHINE\\\\x","InitiatingProcessId":"abc"}', 'process.pid', 'InitiatingProcessId', '"abc"'],
  ['kql', '{"Timestamp":"2026-02-30T10:00:00Z","ActionType":"ProcessCreated"}', '@timestamp', 'Timestamp', '"2026-02-30T10:00:00Z"'],
  // Both ports out of range: each names its own column.
  ['kql', '{"ActionType":"ConnectionSuccess","LocalPort":443,"RemotePort":443.5}', 'destination.port', 'RemotePort', '443.5'],
  ['sigma', '{"EventID":3,"DestinationIp":"1.2.3.4","DestinationPort":"0443"}', 'destination.port', 'DestinationPort', '"0443"'],
  ['sigma', '{"EventID":3,"SourcePort":65536}', 'source.port', 'SourcePort', '65536'],
  ['sigma', '{"EventID":1,"CommandLine":"x","ProcessId":"-4"}', 'process.pid', 'ProcessId', '"-4"'],
  ['sigma', '{"EventID":1,"ParentProcessId":true}', 'process.parent.pid', 'ParentProcessId', 'true'],
  // Sysmon's UtcTime is rewritten to ISO-8601 on the way in; the error shows it as written.
  ['sigma', '{"EventID":1,"UtcTime":"2026-13-20 10:00:00.000","ProcessId":5}', '@timestamp', 'UtcTime', '"2026-13-20 10:00:00.000"'],
  ['eql', '{"event":{"category":"network"},"destination":{"port":-5}}', 'destination.port', 'destination.port', '-5'],
  ['eql', '{"event.category":"network","source.port":"http"}', 'source.port', 'source.port', '"http"'],
  ['eql', '{"event":{"category":"process"},"process":{"pid":1.5,"parent":{"pid":2}}}', 'process.pid', 'process.pid', '1.5'],
  ['eql', '{"event":{"category":"process"},"process":{"parent":{"pid":[1]}}}', 'process.parent.pid', 'process.parent.pid', '[1]'],
  ['eql', '{"@timestamp":"yesterday","event":{"category":"file"}}', '@timestamp', '@timestamp', '"yesterday"'],
  // A document that does not say its kind is read as any kind: its fields are still typed.
  ['eql', '{"process":{"pid":"abc"}}', 'process.pid', 'process.pid', '"abc"'],
];

/** [schema, line, logical field, the value the logical event holds]. */
const GOOD: readonly (readonly [Lang, string, string, unknown])[] = [
  ['kql', '{"ActionType":"ConnectionSuccess","RemotePort":65535}', 'destination.port', 65535],
  ['kql', '{"ActionType":"ConnectionSuccess","LocalPort":"5000"}', 'source.port', 5000],
  ['kql', '{"ActionType":"ProcessCreated","ProcessId":4294967295}', 'process.pid', 4294967295],
  ['sigma', '{"EventID":3,"DestinationIp":"1.2.3.4","DestinationPort":"443"}', 'destination.port', 443],
  ['sigma', '{"EventID":1,"CommandLine":"x","ProcessId":"4410","UtcTime":"2026-11-20 10:00:00.000"}', 'process.pid', 4410],
  ['eql', '{"event":{"category":"network"},"destination":{"port":0}}', 'destination.port', 0],
  ['eql', '{"event":{"category":"process"},"process.parent.pid":"12"}', 'process.parent.pid', 12],
  ['eql', '{"@timestamp":1795168800000,"event":{"category":"process"}}', '@timestamp', 1795168800000],
];

const columnOf = (line: string, valueText: string): number => line.lastIndexOf(valueText) + 1;

function refusal(run: () => unknown): SourceError | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    if (err instanceof SourceError) return err;
    throw err;
  }
}

describe('typed fields in events of a target schema', () => {
  it.each(BAD)('%s %s: an error at the value of %s', (lang, line, field, native, valueText) => {
    const err = refusal(() => nativeToLogical(targetById(lang), JSON.parse(line) as JsonObject, 'e.ndjson', 4, line));
    expect(err).toBeDefined();
    const d = err!.diagnostics[0]!;
    expect([d.file, d.position.line, d.position.col]).toEqual(['e.ndjson', 4, columnOf(line, valueText)]);
    expect(d.message).toMatch(new RegExp(`^\`${field.replace(/\./g, '\\.')}\` must be .*; got ${valueText.replace(/[.[\]]/g, '\\$&')}`));
    if (native !== field) expect(d.message.endsWith(` (read from \`${native}\`)`)).toBe(true);
  });

  it.each(BAD)('%s %s: checkNativeEvent (eval --lang) refuses it alike', (lang, line) => {
    const err = refusal(() => checkNativeEvent(targetById(lang), JSON.parse(line) as JsonObject, 'e.ndjson', 4, line));
    const expected = refusal(() => nativeToLogical(targetById(lang), JSON.parse(line) as JsonObject, 'e.ndjson', 4, line));
    expect(err?.message).toBe(expected!.message);
  });

  it.each(GOOD)('%s %s: %s is %j, and eval accepts it', (lang, line, field, expected) => {
    const native = JSON.parse(line) as JsonObject;
    expect(nativeToLogical(targetById(lang), native, 'e.ndjson', 1, line)[field]).toEqual(expected);
    expect(() => checkNativeEvent(targetById(lang), native, 'e.ndjson', 1, line)).not.toThrow();
  });
});

/**
 * What eval's quick look relies on: a schema reads each typed field from the names its
 * projection writes it to, and from no other name it writes. Each projected event of every kind,
 * with one leaf at a time made a value no typed field holds: the unprojection refuses it only
 * when that leaf is one of `typedPaths`, and always when it is the only one of them left
 * (Defender's TimeGenerated is read where Timestamp is missing).
 */
describe('typedPaths: where each schema keeps the typed fields', () => {
  const full = (kind: (typeof EVENT_KINDS)[number]): LogicalEvent => {
    const event: Record<string, unknown> = { kind, '@timestamp': '2026-11-20T10:00:00Z' };
    for (const f of typedFieldsOf(kind)) if (f.name !== '@timestamp') event[f.name] = 7;
    return event as LogicalEvent;
  };
  const setLeaf = (doc: JsonObject, path: string, value: unknown): JsonObject => {
    const copy = structuredClone(doc) as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(copy, path)) {
      copy[path] = value;
      return copy as JsonObject;
    }
    const [head, ...rest] = path.split('.');
    copy[head!] = setLeaf(copy[head!] as JsonObject, rest.join('.'), value);
    return copy as JsonObject;
  };
  const leaves = (doc: JsonObject, prefix = ''): string[] =>
    Object.entries(doc).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v as JsonObject, `${prefix}${k}.`) : [`${prefix}${k}`]));

  it.each(['kql', 'sigma', 'eql'] as const)('%s', (lang) => {
    const target = targetById(lang);
    const paths = typedPaths(target);
    expect(paths.size).toBeGreaterThan(0);
    for (const kind of EVENT_KINDS) {
      const native = target.project(full(kind)) as JsonObject;
      for (const leaf of leaves(native)) {
        const changed = target.unproject(setLeaf(native, leaf, 'x-not-typed'));
        const refused = typedFieldsOf(kind).some((f) => changed[f.name] !== undefined && f.read(changed[f.name]!) === REFUSED);
        if (refused) expect([kind, leaf, 'typed']).toEqual([kind, leaf, paths.has(leaf) ? 'typed' : 'not among typedPaths']);
        if (!paths.has(leaf)) continue;
        // ECS names each typed field once (dotted paths), the others may stand in for each other.
        const alone = setLeaf(native, leaf, 'x-not-typed') as Record<string, unknown>;
        for (const other of paths.keys()) if (other !== leaf && !other.includes('.')) delete alone[other];
        const read = target.unproject(alone as JsonObject);
        expect([kind, leaf, typedFieldsOf(kind).some((f) => read[f.name] !== undefined && f.read(read[f.name]!) === REFUSED)]).toEqual([kind, leaf, true]);
      }
    }
  });
});

function unirule(args: string[]) {
  const r = spawnSync(process.execPath, ['dist/cli/bin.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI on a refused value in a target schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unirule-native-'));
  const rows = join(dir, 'rows.ndjson');
  const good = '{"Timestamp":"2026-11-20T10:00:00Z","ActionType":"ConnectionSuccess","RemotePort":443}';
  const bad = '{"Timestamp":"2026-11-20T10:00:00Z","ActionType":"ConnectionSuccess","RemotePort":70000}';
  writeFileSync(rows, `${good}\n${bad}\n${good}\n`);
  const query = join(dir, 'q.kql');
  writeFileSync(query, 'DeviceNetworkEvents | where RemotePort == 443\n');
  const at = `${rows}:2:${columnOf(bad, '70000')}`;
  const message = '`destination.port` must be a whole number from 0 to 65535 (a JSON number, or its decimal digits as text); got 70000 (read from `RemotePort`)';

  it('events --from kql stops with exit 2 at the value, after the events before it', () => {
    const r = unirule(['events', '--from', 'kql', '--to', 'ir', rows]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${at}: error: ${message}\n`);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('events --from kql --on-bad-line skip warns and goes on, exit 0', () => {
    const r = unirule(['events', '--from', 'kql', '--to', 'sigma', rows, '--on-bad-line', 'skip']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`${at}: warning: ${message} (skipped)\n`);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
  });

  it('eval --lang kql stops with exit 2 at the value; skip goes on', () => {
    const stop = unirule(['eval', query, rows, '--now', '2026-11-20T12:00:00Z']);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toBe(`${at}: error: ${message}\n`);
    const skip = unirule(['eval', query, rows, '--now', '2026-11-20T12:00:00Z', '--on-bad-line', 'skip']);
    expect(skip.code).toBe(0);
    expect(skip.stdout.trim().split('\n')).toHaveLength(2);
    expect(skip.stderr).toBe(`${at}: warning: ${message} (skipped)\n`);
  });

  it('eval of a Sigma rule over Sysmon events, and of an EQL query over ECS documents', () => {
    const sysmon = join(dir, 'sysmon.ndjson');
    const line = '{"EventID":3,"DestinationIp":"1.2.3.4","DestinationPort":"-1"}';
    writeFileSync(sysmon, `${line}\n`);
    const sigma = join(dir, 'r.yml');
    writeFileSync(sigma, 'title: t\nlogsource: { category: network_connection, product: windows }\ndetection:\n  sel: { DestinationIp: 1.2.3.4 }\n  condition: sel\n');
    const r = unirule(['eval', sigma, sysmon]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${sysmon}:1:${columnOf(line, '"-1"')}: error: \`destination.port\` must be `);
    const ecs = join(dir, 'ecs.ndjson');
    const doc = '{"event":{"category":"network"},"destination":{"port":65536}}';
    writeFileSync(ecs, `${doc}\n`);
    const eql = join(dir, 'q.eql');
    writeFileSync(eql, 'network where true\n');
    const e = unirule(['eval', eql, ecs]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`${ecs}:1:${columnOf(doc, '65536')}: error: \`destination.port\` must be `);
  });
});
