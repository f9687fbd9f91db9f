import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import type { JsonObject } from '../../../src/ir/value.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';

/**
 * kql.md "Nulls": `where` drops a row whose predicate is null; strings are never null (a
 * missing one reads ""), a missing long is null. An ordering comparison with null is null, an
 * IP range function on text that is no address is null (Kusto docs), and not(null) is null,
 * so `not(p)` keeps the rows where p is false, not those where it is not true. The imported
 * rule must keep exactly the rows the query keeps.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const T = '2026-11-20T11:00:00Z';
const processRows: JsonObject[] = [
  { Timestamp: T, FileName: 'a.exe', ProcessId: 7 },
  { Timestamp: T, FileName: 'a.exe', ProcessId: 4 },
  { Timestamp: T, FileName: 'b.exe', ProcessId: 5 },
  { Timestamp: T, FileName: 'a.exe' },
  { Timestamp: T, FileName: 'b.exe' },
];
const networkRows: JsonObject[] = [
  { Timestamp: T, ActionType: 'ConnectionSuccess', RemoteIP: '10.1.2.3' },
  { Timestamp: T, ActionType: 'ConnectionSuccess', RemoteIP: '11.1.2.3' },
  { Timestamp: T, ActionType: 'ConnectionSuccess', RemoteIP: 'fe80::1' },
  { Timestamp: T, ActionType: 'ConnectionSuccess', RemoteIP: '2001:db8::1' },
  { Timestamp: T, ActionType: 'ConnectionSuccess', RemoteIP: 'localhost' },
  { Timestamp: T, ActionType: 'ConnectionSuccess' },
];

function agree(query: string, rows: readonly JsonObject[]): boolean[] {
  const parsed = kqlTarget.parse(query, 'q.kql');
  const imported = compileRule(kqlTarget.importRule(parsed, 'q.kql'));
  const native = rows.map((row) => [...kqlTarget.run(parsed, [row], { now: NOW })].length === 1);
  const back = rows.map((row) => imported(kqlTarget.unproject(row), { now: NOW }).matched);
  expect(back).toEqual(native);
  return native;
}

describe('a predicate that can be null imports with the rows the query keeps', () => {
  it.each([
    ['not(ProcessId > 5)', [false, true, true, false, false]],
    ['not(ProcessId >= 5) or FileName == "b.exe"', [false, true, true, false, true]],
    ['not(ProcessId > 5 or FileName == "b.exe")', [false, true, false, false, false]],
    ['not(not(ProcessId > 5))', [true, false, false, false, false]],
    ['ProcessId !between (5 .. 6)', [true, true, false, false, false]],
    ['not(ProcessId between (5 .. 6))', [true, true, false, false, false]],
    ['ProcessId != 5', [true, true, false, true, true]],
  ])('DeviceProcessEvents | where %s', (predicate, kept) => {
    expect(agree(`DeviceProcessEvents\n| where ${predicate}`, processRows)).toEqual(kept);
  });

  it.each([
    ['not(ipv4_is_in_range(RemoteIP, "10.0.0.0/8"))', [false, true, false, false, false, false]],
    // ipv6_is_in_range reads an IPv4 address as ::ffff:a.b.c.d: false, not null, outside fe80::/10.
    ['not(ipv6_is_in_range(RemoteIP, "fe80::/10"))', [true, true, false, true, false, false]],
    ['not(coalesce(ipv4_is_in_range(RemoteIP, "10.0.0.0/8"), false))', [false, true, true, true, true, true]],
  ])('DeviceNetworkEvents | where %s', (predicate, kept) => {
    expect(agree(`DeviceNetworkEvents\n| where ${predicate}`, networkRows)).toEqual(kept);
  });
});
