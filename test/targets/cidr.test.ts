import { describe, expect, it } from 'vitest';
import { literals, match, not } from '../../src/ir/condition.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import { holdsIPv4Mapped, parseNetwork } from '../../src/semantics/cidr.js';
import { kqlTarget } from '../../src/targets/kql/index.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { ruleWith } from './kql/rule-factory.js';

/**
 * Networks on every target (README "Operators": `cidr` holds IPv4 and IPv6 networks).
 * KQL has one function per family: ipv4_is_in_range for IPv4 and ipv6_is_in_range for IPv6
 * (Kusto docs: true, false, or null when either string does not convert). An IPv4 address
 * is read by the IPv6 functions as its IPv4-mapped form ::ffff:a.b.c.d (parse_ipv6 docs;
 * RFC 4291 2.5.5.2), so an IPv6 network is exact in KQL when it holds no such address:
 * fe80::/10, fc00::/7 and ::1/128 (the ones SigmaHQ rules use) hold none; ::/0 and
 * ::ffff:0:0/96 do. Sigma's `cidr` and EQL's cidrMatch take both families.
 */
const conn = (ip: string | undefined): LogicalEvent => ({
  kind: 'network_connection',
  'process.executable': 'C:\\Windows\\System32\\svchost.exe',
  ...(ip === undefined ? {} : { 'destination.ip': ip }),
});
const PROBES = ['fe80::1', 'FE80::abcd:1', 'febf:ffff::1', 'fec0::1', '::1', '10.1.2.3', '11.0.0.1', '::ffff:10.1.2.3', 'fe80::1%eth0', 'not an address', '', undefined].map(conn);
const ON = { logsources: ['network_connection'] as const };

describe('an IPv6 and an IPv4 network, any of them', () => {
  itIsExactOnEveryTarget(ruleWith({ ...ON, condition: match({ field: 'destination.ip', op: 'cidr', values: literals(['fe80::/10', '10.0.0.0/8']) }) }), PROBES, {
    kql: 'ipv6_is_in_range(RemoteIP, "fe80::/10") or ipv4_is_in_range(RemoteIP, "10.0.0.0/8")',
    sigma: /DestinationIp\|cidr:\n\s+- 'fe80::\/10'\n\s+- '10\.0\.0\.0\/8'/,
    eql: 'cidrMatch(destination.ip, "fe80::/10", "10.0.0.0/8")',
  });
});

describe('not in an IPv6 network (a missing or malformed address is not in it)', () => {
  itIsExactOnEveryTarget(ruleWith({ ...ON, condition: not(match({ field: 'destination.ip', op: 'cidr', values: literals(['::1/128']) })) }), PROBES, {
    kql: 'not(coalesce(ipv6_is_in_range(RemoteIP, "::1/128"), false))',
    sigma: "DestinationIp|cidr: '::1/128'",
    eql: 'cidrMatch(destination.ip, "::1/128")',
  });
});

describe('which IPv6 networks hold IPv4-mapped addresses', () => {
  it.each([
    ['::/0', true],
    ['::/8', true],
    ['::ffff:0:0/96', true],
    ['::ffff:10.0.0.0/104', true],
    ['::ffff:0:0/95', true],
    ['::fffe:0:0/96', false],
    ['::1/128', false],
    ['fe80::/10', false],
    ['fc00::/7', false],
    ['10.0.0.0/8', false],
  ])('%s: %s', (text, holds) => {
    const net = parseNetwork(text);
    if (net === undefined) expect.fail(`${text} is a network`);
    expect(holdsIPv4Mapped(net)).toBe(holds);
  });
});

describe('the KQL evaluator and importer read ipv6_is_in_range as the docs say', () => {
  const run = (query: string, rows: readonly Record<string, string>[]): number => [...kqlTarget.run(kqlTarget.parse(query, 'q.kql'), rows, { now: 0 })].length;
  it.each([
    ['fe80::1', 'fe80::/10', true],
    ['fec0::1', 'fe80::/10', false],
    // An IPv4 address is read as ::ffff:10.1.2.3.
    ['10.1.2.3', '::ffff:10.0.0.0/104', true],
    ['10.1.2.3', 'fe80::/10', false],
    // Not an address: null, which `where` drops, and so does `where not(...)`.
    ['nonsense', 'fe80::/10', false],
  ])('%s in %s: %s', (ip, range, inside) => {
    const rows = [{ RemoteIP: ip, ActionType: 'ConnectionSuccess' }];
    expect(run(`DeviceNetworkEvents\n| where ipv6_is_in_range(RemoteIP, "${range}")`, rows)).toBe(inside ? 1 : 0);
  });

  it('null under not is still dropped; coalesce makes it false', () => {
    const rows = [{ RemoteIP: 'nonsense', ActionType: 'ConnectionSuccess' }];
    expect(run('DeviceNetworkEvents\n| where not(ipv6_is_in_range(RemoteIP, "fe80::/10"))', rows)).toBe(0);
    expect(run('DeviceNetworkEvents\n| where not(coalesce(ipv6_is_in_range(RemoteIP, "fe80::/10"), false))', rows)).toBe(1);
  });

  it.each([
    ['ipv6_is_in_range(RemoteIP, "::/0")', '"::/0" is not an IPv6 network that holds no IPv4-mapped address'],
    ['ipv4_is_in_range(RemoteIP, "fe80::/10")', '"fe80::/10" is not an IPv4 network, so this test is never true'],
  ])('the importer refuses %s', (test, message) => {
    expect(() => kqlTarget.importRule(kqlTarget.parse(`DeviceNetworkEvents\n| where ${test}`, 'q.kql'), 'q.kql')).toThrow(message);
  });
});
