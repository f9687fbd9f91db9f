import { describe, expect, it } from 'vitest';
import { literals, match, type MatchInit } from '../../../src/ir/condition.js';
import type { EventKind } from '../../../src/ir/event-kind.js';
import { SourceError } from '../../../src/diagnostics.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';
import { eqlMatches, ruleWith } from './helpers.js';

/*
 * ECS types source.ip / destination.ip as ip and the ports and pids as long (ECS field
 * reference). Elasticsearch's EQL verifier takes `:` (both sides) and the string functions on
 * strings only ("consider using [==] instead"), so on those fields the tests are ==, in, the
 * orderings and cidrMatch; an ip field compares addresses, where the rule model compares text.
 */

function emitted(init: MatchInit, kind: EventKind, lenient: boolean) {
  const rule = ruleWith(match(init), { logsources: [kind] });
  const r = eqlTarget.emit(rule, { lenient });
  // The one test, without the category line.
  return { body: r.text.replace(/^\w+ where event\.type == "\w+" and\n {2}/, '').replace(/^\w+ where /, '').trimEnd(), approximations: r.approximations };
}

describe('a long field: equality with a number, nothing else', () => {
  it.each<[string, MatchInit, EventKind, string]>([
    ['one port', { field: 'destination.port', op: 'equals', values: literals(['443']) }, 'network_connection', 'destination.port == 443'],
    ['several ports', { field: 'destination.port', op: 'equals', values: literals(['80', '443']) }, 'network_connection', 'destination.port in (80, 443)'],
    ['source port', { field: 'source.port', op: 'equals', values: literals(['3389']) }, 'network_connection', 'source.port == 3389'],
    ['a pid', { field: 'process.pid', op: 'equals', values: literals(['4']) }, 'file_event', 'process.pid == 4'],
    // Case does not touch digits: a case-sensitive equality is the same test.
    ['case-sensitive', { field: 'destination.port', op: 'equals', values: literals(['53']), caseRule: 'sensitive' }, 'network_connection', 'destination.port == 53'],
  ])('%s', (_name, init, kind, want) => {
    const r = emitted(init, kind, false);
    expect(r.body).toBe(want);
    expect(r.approximations).toEqual([]);
  });

  it.each<[string, MatchInit]>([
    // The rule model reads 443 as the text "443": "0443" never equals it, and no number literal says so.
    ['a leading zero', { field: 'destination.port', op: 'equals', values: literals(['0443']) }],
    ['not a number', { field: 'destination.port', op: 'equals', values: literals(['https']) }],
    ['contains', { field: 'destination.port', op: 'contains', values: literals(['44']) }],
    ['startswith', { field: 'source.port', op: 'startswith', values: literals(['33']) }],
    ['regex', { field: 'destination.port', op: 'regex', values: literals(['^4']) }],
  ])('%s: strict refuses', (_name, init) => {
    expect(() => emitted(init, 'network_connection', false)).toThrow(NotExpressibleError);
    expect(emitted(init, 'network_connection', true).approximations[0]?.reason).toContain('as long');
  });
});

describe('an ip field: no text test is exact; the nearest form is cidrMatch', () => {
  it.each<[string, MatchInit, string]>([
    ['an IPv4 address', { field: 'destination.ip', op: 'equals', values: literals(['169.254.169.254']) }, 'cidrMatch(destination.ip, "169.254.169.254/32")'],
    ['addresses of both families', { field: 'source.ip', op: 'equals', values: literals(['127.0.0.1', '::1']) }, 'cidrMatch(source.ip, "127.0.0.1/32", "::1/128")'],
    ['octet-boundary prefixes', { field: 'destination.ip', op: 'startswith', values: literals(['10.', '192.168.', '172.16.']) }, 'cidrMatch(destination.ip, "10.0.0.0/8", "192.168.0.0/16", "172.16.0.0/16")'],
    ['a whole address as prefix', { field: 'destination.ip', op: 'startswith', values: literals(['127.0.0.1']) }, 'cidrMatch(destination.ip, "127.0.0.1/32")'],
    // Text that starts with whole IPv6 groups fixes those groups: fe80: is fe80::/16.
    ['IPv6 group-boundary prefixes', { field: 'source.ip', op: 'startswith', values: literals(['fe80:', '0:0:']) }, 'cidrMatch(source.ip, "fe80::/16", "0:0::/32")'],
  ])('%s', (_name, init, nearest) => {
    expect(() => emitted(init, 'network_connection', false)).toThrow(NotExpressibleError);
    const r = emitted(init, 'network_connection', true);
    expect(r.body).toBe(nearest);
    expect(r.approximations).toHaveLength(1);
    expect(r.approximations[0]?.reason).toContain('as ip');
  });

  it.each<[string, MatchInit]>([
    ['a prefix inside an octet', { field: 'destination.ip', op: 'startswith', values: literals(['172.1']) }],
    ['a prefix inside an IPv6 group', { field: 'source.ip', op: 'startswith', values: literals(['fc']) }],
    ['contains', { field: 'destination.ip', op: 'contains', values: literals(['.10.']) }],
    ['endswith', { field: 'destination.ip', op: 'endswith', values: literals(['.1']) }],
    ['a value that is no address', { field: 'destination.ip', op: 'equals', values: literals(['localhost']) }],
    ['a zone', { field: 'destination.ip', op: 'equals', values: literals(['fe80::1%eth0']) }],
  ])('%s: no form, lenient reads it as true', (_name, init) => {
    expect(() => emitted(init, 'network_connection', false)).toThrow(NotExpressibleError);
    const r = emitted(init, 'network_connection', true);
    expect(r.body).not.toMatch(/\.ip/);
    expect(r.approximations[0]?.reason).toContain('as ip');
  });

  it('values that name no network are left out of the nearest form, and the reason says which', () => {
    const r = emitted({ field: 'destination.ip', op: 'startswith', values: literals(['::1', 'fe80:', 'fc', '10.']) }, 'network_connection', true);
    expect(r.body).toBe('cidrMatch(destination.ip, "::1/128", "fe80::/16", "10.0.0.0/8")');
    expect(r.approximations[0]?.reason).toContain('["fc"] name no network');
  });

  it('exists and cidr are as before', () => {
    expect(emitted({ field: 'destination.ip', op: 'exists' }, 'network_connection', false).body).toBe('?destination.ip != null');
    expect(emitted({ field: 'destination.ip', op: 'cidr', values: literals(['10.0.0.0/8']) }, 'network_connection', false).body).toBe('cidrMatch(destination.ip, "10.0.0.0/8")');
  });
});

describe('the parser refuses what Elasticsearch refuses', () => {
  it.each([
    'network where destination.port : "443"',
    'network where destination.port : ("80", "443")',
    'network where destination.ip : "10.*"',
    'network where source.ip like "127.*"',
    'network where destination.ip regex "10\\\\..*"',
    'network where startsWith(destination.ip, "10.")',
    'network where stringContains~(source.ip, "::")',
    'process where process.pid : "4"',
    'process where length(process.parent.pid) == 1',
  ])('%s', (query) => {
    expect(() => eqlTarget.parse(query, 'q.eql')).toThrow(SourceError);
  });

  it.each([
    'network where destination.port == 443',
    'network where destination.port in (80, 443)',
    'network where destination.ip == "127.0.0.1"',
    'network where cidrMatch(destination.ip, "10.0.0.0/8")',
    'network where string(destination.port) == "443"',
    'network where destination.domain : "*.example"',
  ])('%s parses', (query) => {
    expect(() => eqlTarget.parse(query, 'q.eql')).not.toThrow();
  });
});

describe('== and in on an ip field compare addresses', () => {
  const net = (ip: string) => ({ event: { category: 'network', type: 'start' }, source: { ip } });
  it.each<[string, string, boolean]>([
    ['source.ip == "::1"', '0:0:0:0:0:0:0:1', true],
    ['source.ip == "::1"', '::1', true],
    ['source.ip == "fe80::a"', 'FE80::A', true],
    ['source.ip == "10.0.0.1"', '::ffff:10.0.0.1', true],
    ['source.ip == "10.0.0.1"', '10.0.0.10', false],
    ['source.ip in ("10.0.0.2", "::1")', '0::1', true],
    ['source.ip != "::1"', '0:0:0:0:0:0:0:1', false],
    ['source.ip != "::1"', '::2', true],
  ])('%s on %s', (test, ip, want) => {
    expect(eqlMatches(`network where ${test}`, net(ip))).toBe(want);
  });
});
