import { describe, expect, it } from 'vitest';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { literals, match, type Condition } from '../../src/ir/condition.js';
import type { CaseRule, MatchOperator } from '../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { NotExpressibleError, type Target } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { ruleWith } from './kql/rule-factory.js';
import { itIsExactOn, itIsExactOnEveryTarget } from './exact-everywhere.js';

/**
 * Three facts of a network connection (README "Fields"), written from the schemas:
 * - Sysmon event 3 writes `Initiated` `true` when the process opened the connection and
 *   `false` when it accepted one, and `DestinationIsIpv6` `true`/`false`; Elastic's Sysmon
 *   pipeline turns them into ECS `network.direction` `egress`/`ingress` and `network.type`
 *   `ipv6`/`ipv4` (elastic/integrations, windows sysmon_operational ingest pipeline).
 * - Defender's DeviceNetworkEvents has no direction or IP-version column (Microsoft Learn,
 *   DeviceNetworkEvents: RemoteIP, RemotePort, RemoteUrl, LocalIP, LocalPort, Protocol,
 *   LocalIPType, RemoteIPType, ...), so KQL cannot test them.
 * - Sysmon `Protocol` (tcp, udp), ECS `network.transport` and Defender `Protocol` hold the
 *   transport as one field each.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

const net = (fields: Record<string, string | number | null>): LogicalEvent => ({
  kind: 'network_connection',
  'process.executable': 'C:\\Windows\\System32\\certutil.exe',
  'destination.ip': '93.184.216.34',
  'destination.port': 443,
  ...fields,
});
const ON = { logsources: ['network_connection'] as const };

describe('one connection in each schema', () => {
  it.each([
    ['egress', 'true'],
    ['ingress', 'false'],
  ])('network.direction %s is Sysmon Initiated %s and ECS network.direction; no Defender column', (direction, flag) => {
    const e = net({ 'network.direction': direction });
    expect(sigma.project(e)).toMatchObject({ EventID: 3, Initiated: flag });
    expect(eql.project(e)).toMatchObject({ network: { direction: direction } });
    expect(Object.values(kql.project(e) as JsonObject)).not.toContain(direction);
  });

  it.each([
    ['ipv6', 'true'],
    ['ipv4', 'false'],
  ])('network.type %s is Sysmon DestinationIsIpv6 and SourceIsIpv6 %s and ECS network.type', (type, flag) => {
    const e = net({ 'network.type': type });
    // Sysmon event 3 writes both flags; one connection's two ends speak one IP version.
    expect(sigma.project(e)).toMatchObject({ DestinationIsIpv6: flag, SourceIsIpv6: flag });
    expect(eql.project(e)).toMatchObject({ network: { type } });
  });

  it.each([
    [{ SourceIsIpv6: 'true' }, 'ipv6'],
    [{ SourceIsIpv6: 'false' }, 'ipv4'],
    [{ DestinationIsIpv6: 'true', SourceIsIpv6: 'true' }, 'ipv6'],
  ])('Sysmon %j reads back as network.type %s', (flags, type) => {
    expect(sigma.unproject({ EventID: 3, ...flags })['network.type']).toBe(type);
  });

  // Elastic's Sysmon pipeline derives network.type from SourceIsIpv6.
  it.each([
    ["'true'", 'ipv6'],
    ["'false'", 'ipv4'],
  ])('a Sigma test SourceIsIpv6: %s imports as network.type %s', (flag, type) => {
    const text = `title: t\nlogsource: { category: network_connection, product: windows }\ndetection:\n  sel:\n    SourceIsIpv6: ${flag}\n  condition: sel\n`;
    const rule = sigma.importRule(sigma.parse(text, 't.yml'), 't.yml');
    expect(rule.condition).toMatchObject({ kind: 'match', field: 'network.type', op: 'equals' });
    expect(JSON.stringify(rule.condition)).toContain(`"${type}"`);
  });

  it('a direction Sysmon has no flag for is not written; one in another case is', () => {
    expect(sigma.project(net({ 'network.direction': 'outbound' }))).not.toHaveProperty('Initiated');
    expect(sigma.project(net({ 'network.direction': 'unknown' }))).not.toHaveProperty('Initiated');
    expect(sigma.project(net({ 'network.direction': 'EGRESS' }))).toMatchObject({ Initiated: 'true' });
  });

  it.each([
    ['true', 'egress'],
    ['false', 'ingress'],
    ['True', 'egress'],
  ])('Sysmon Initiated %s reads back as %s', (flag, direction) => {
    expect(sigma.unproject({ EventID: 3, Initiated: flag })['network.direction']).toBe(direction);
  });

  it('other text in the flag reads back as no direction', () => {
    expect(sigma.unproject({ EventID: 3, Initiated: 'yes' })).not.toHaveProperty('network.direction');
  });

  it('the transport is Sysmon Protocol, Defender Protocol and ECS network.transport', () => {
    const e = net({ 'network.transport': 'tcp' });
    expect(sigma.project(e)).toMatchObject({ Protocol: 'tcp' });
    expect(kql.project(e)).toMatchObject({ Protocol: 'tcp' });
    expect(eql.project(e)).toMatchObject({ network: { transport: 'tcp' } });
    for (const t of [sigma, kql, eql]) expect(t.unproject(JSON.parse(JSON.stringify(t.project(e))) as JsonObject)['network.transport']).toBe('tcp');
  });
});

const on = (field: string, op: MatchOperator, values: readonly string[], caseRule: CaseRule = 'insensitive'): Condition =>
  op === 'exists' ? match({ field, op }) : match({ field, op, values: literals(values), caseRule });

const PROBES: readonly LogicalEvent[] = [
  net({ 'network.direction': 'egress', 'network.type': 'ipv4', 'network.transport': 'tcp' }),
  net({ 'network.direction': 'ingress', 'network.type': 'ipv6', 'network.transport': 'udp' }),
  net({ 'network.direction': 'EGRESS', 'network.type': 'IPv6', 'network.transport': 'TCP' }),
  net({ 'network.direction': 'outbound', 'network.type': 'ipv4' }),
  net({ 'network.direction': '', 'network.transport': '' }),
  net({ 'network.direction': null }),
  net({}),
];

describe('the one exact Sigma form: case-insensitive equality with the flagged values', () => {
  const both = (field: string, values: readonly string[], sigmaForm: string, eqlForm: string): void => {
    const rule = ruleWith({ ...ON, condition: on(field, 'equals', values) });
    itIsExactOn(rule, PROBES, { sigma: sigmaForm, eql: eqlForm });

    it('kql refuses it: Defender has no column for it', () => {
      expect(() => kql.emit(rule, { lenient: false })).toThrow(new RegExp(`Defender has no column for ${field.replace('.', '\\.')}`));
    });
  };

  describe('direction egress', () => both('network.direction', ['egress'], "Initiated: 'true'", 'network.direction : "egress"'));
  describe('direction ingress or egress', () => both('network.direction', ['ingress', 'egress'], "Initiated:\n", 'network.direction : ("ingress", "egress")'));
  describe('type ipv4', () => both('network.type', ['ipv4'], "DestinationIsIpv6: 'false'", 'network.type : "ipv4"'));
});

describe('what Sysmon has no flag for is refused in strict Sigma and declared in lenient', () => {
  it.each<readonly [string, Condition, RegExp]>([
    ['a direction without a flag', on('network.direction', 'equals', ['outbound']), /"outbound" has no flag/],
    ['a case-sensitive equality', on('network.direction', 'equals', ['egress'], 'sensitive'), /case-sensitive test has no form/],
    ['a substring', on('network.direction', 'contains', ['gress']), /only equality has a form/],
    ['exists', on('network.direction', 'exists', []), /any other value is not written/],
  ])('%s', (_what, condition, reason) => {
    const rule = ruleWith({ ...ON, condition });
    let err: unknown;
    try {
      sigma.emit(rule, { lenient: false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotExpressibleError);
    expect((err as NotExpressibleError).reason).toMatch(reason);
    const lenient = sigma.emit(rule, { lenient: true });
    expect(lenient.approximations.map((a) => a.reason).join('\n')).toMatch(reason);
  });

  it('equality with two different values under all is false, exactly', () => {
    const rule = ruleWith({ ...ON, condition: match({ field: 'network.direction', op: 'equals', values: literals(['egress', 'outbound']), quantifier: 'all' }) });
    expect(sigma.emit(rule, { lenient: false }).approximations).toEqual([]);
  });
});

describe('the transport is exact everywhere', () => {
  itIsExactOnEveryTarget(ruleWith({ ...ON, condition: on('network.transport', 'equals', ['udp']) }), PROBES, {
    kql: 'Protocol =~ "udp"',
    sigma: "Protocol: 'udp'",
    eql: 'network.transport : "udp"',
  });
});

const SIGMA_HEAD = 'title: t\nlogsource: { category: network_connection, product: windows }\ndetection:\n  s:\n';
const sigmaRule = (item: string): string => `${SIGMA_HEAD}    ${item}\n  condition: s\n`;

describe('hand-written Sigma rules import the flags', () => {
  it.each<readonly [string, string, string, readonly string[]]>([
    ["Initiated: 'true'", "Initiated: 'true'", 'network.direction', ['egress']],
    ['Initiated: false (a YAML boolean)', 'Initiated: false', 'network.direction', ['ingress']],
    ["DestinationIsIpv6: 'false'", "DestinationIsIpv6: 'false'", 'network.type', ['ipv4']],
    ["Protocol: 'udp'", "Protocol: 'udp'", 'network.transport', ['udp']],
  ])('%s', (_what, item, field, values) => {
    const text = sigmaRule(item);
    const rule = sigma.importRule(sigma.parse(text, 'rule.yml'), 'rule.yml');
    expect(rule.condition).toMatchObject({ kind: 'match', field, op: 'equals', values: { kind: 'literals', values }, caseRule: 'insensitive' });
    const reference = compileRule(rule);
    const native = sigma.compile(sigma.parse(text, 'rule.yml'), { now: NOW });
    const want = PROBES.map((e) => native(sigma.project(e)).matched);
    expect(want).toContain(true);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });

  it('a negated flag imports as the negated equality', () => {
    const text = `${SIGMA_HEAD}    Initiated: 'true'\n  condition: not s\n`;
    const rule = sigma.importRule(sigma.parse(text, 'rule.yml'), 'rule.yml');
    const reference = compileRule(rule);
    const native = sigma.compile(sigma.parse(text, 'rule.yml'), { now: NOW });
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(PROBES.map((e) => native(sigma.project(e)).matched));
  });

  it.each([
    ["Initiated|contains: 'tru'", /only a plain whole-value test of the flag imports/],
    ["Initiated|cased: 'true'", /only a plain whole-value test of the flag imports/],
    ["Initiated: 'yes'", /"yes" is neither/],
    ['Initiated: null', /null is neither/],
    ["DestinationIsIpv6: 'tr*'", /"tr\*" is neither/],
  ])('%s is refused with the reason', (item, reason) => {
    expect(() => sigma.importRule(sigma.parse(sigmaRule(item), 'rule.yml'), 'rule.yml')).toThrow(reason);
  });
});
