import { describe, expect, it } from 'vitest';
import { readField } from '../../src/evaluate/field-value.js';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { toLogicalEvent } from '../../src/events/logical-event.js';
import { literals, match, not, type Condition } from '../../src/ir/condition.js';
import type { MatchOperator } from '../../src/ir/match-operator.js';
import { composeQualifiedName, splitQualifiedName } from '../../src/ir/user-qualified-name.js';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { type Target } from '../../src/targets/contract.js';
import { KIND_SCHEMAS } from '../../src/targets/kql/schema.js';
import { PROCESS_CREATED_ACTION } from '../../src/targets/kql/user-qualified-name.js';
import { targetById } from '../../src/targets/registry.js';
import { loadRuleText } from '../../src/rule/load.js';
import { kustoErrors } from './kql/kusto-language-service.js';
import { ruleWith } from './kql/rule-factory.js';
import { itIsExactOnEveryTarget } from './exact-everywhere.js';
import { oneCaseRuleFile } from './one-case-rule-file.js';

/**
 * `user.qualified_name` (src/ir/user-qualified-name.ts), from the schemas:
 * - Sysmon writes the account as one field, `User` = `DOMAIN\name` (`NT AUTHORITY\SYSTEM` for
 *   the local system account);
 * - Defender keeps `AccountDomain` and `AccountName` apart on a process row (the new process),
 *   `InitiatingProcessAccountDomain`/`...Name` on other rows (the actor), and spells the local
 *   system account `nt authority` / `system`;
 * - ECS keeps `user.domain` and `user.name` apart and has no joined field.
 */
const NOW = Date.parse('2026-11-20T12:00:00Z');
const kql = targetById('kql') as Target<unknown>;
const sigma = targetById('sigma') as Target<unknown>;
const eql = targetById('eql') as Target<unknown>;

type Part = string | number | null | undefined;
const proc = (domain: Part, name: Part, extra: Record<string, string> = {}): LogicalEvent => {
  const e: Record<string, string | number | null> = { kind: 'process_creation', ...extra };
  if (domain !== undefined) e['user.domain'] = domain;
  if (name !== undefined) e['user.name'] = name;
  return e as LogicalEvent;
};

describe('DOMAIN\\name from its parts', () => {
  it.each<readonly [string, Part, Part, string | undefined]>([
    ['as Sysmon writes SYSTEM', 'NT AUTHORITY', 'SYSTEM', 'NT AUTHORITY\\SYSTEM'],
    ["as Defender spells SYSTEM's domain", 'nt authority', 'system', 'nt authority\\system'],
    ['a domain account', 'CORP', 'alice', 'CORP\\alice'],
    ['a number as the name reads as its text', 'CORP', 1001, 'CORP\\1001'],
    ['no domain: none (Sysmon writes no User)', undefined, 'alice', undefined],
    ['an empty domain (Defender cannot tell it from none)', '', 'alice', undefined],
    ['no name', 'CORP', undefined, undefined],
    ['an empty name', 'CORP', '', undefined],
    ['a null name', 'CORP', null, undefined],
  ])('%s', (_what, domain, name, qualified) => {
    expect(composeQualifiedName(domain, name)).toBe(qualified);
    expect(readField(proc(domain, name), 'user.qualified_name')).toBe(qualified);
  });

  it('is read off the parts, never off a stored field, on every kind', () => {
    expect(readField({ kind: 'process_creation', 'user.qualified_name': 'A\\b' }, 'user.qualified_name')).toBeUndefined();
    expect(readField({ kind: 'registry_set', 'user.domain': 'CORP', 'user.name': 'bob' }, 'user.qualified_name')).toBe('CORP\\bob');
  });

  it.each<readonly [string, { domain: string; name: string } | undefined]>([
    ['NT AUTHORITY\\SYSTEM', { domain: 'NT AUTHORITY', name: 'SYSTEM' }],
    ['CORP\\a\\b', { domain: 'CORP', name: 'a\\b' }],
    ['alice', undefined],
    ['\\alice', undefined],
    ['CORP\\', undefined],
  ])('split %j', (text, parts) => {
    expect(splitQualifiedName(text)).toEqual(parts);
  });

  it('an NDJSON event giving only the joined name has the parts', () => {
    expect(toLogicalEvent({ kind: 'process_creation', user: { qualified_name: 'CORP\\alice' } }, 'e.ndjson', 1)).toEqual({ kind: 'process_creation', 'user.domain': 'CORP', 'user.name': 'alice' });
  });

  it('a union kind test and the computed column agree on the process action', () => {
    expect(PROCESS_CREATED_ACTION).toBe(KIND_SCHEMAS.process_creation.actionType);
  });
});

describe('one account in each schema', () => {
  const SYSTEM = proc('NT AUTHORITY', 'SYSTEM', { 'process.executable': 'C:\\Windows\\System32\\schtasks.exe' });

  it('Sysmon: User is DOMAIN\\name, whole or not at all', () => {
    expect(sigma.project(SYSTEM)).toMatchObject({ User: 'NT AUTHORITY\\SYSTEM' });
    expect(sigma.project(proc(undefined, 'alice'))).not.toHaveProperty('User');
    expect(sigma.project({ kind: 'registry_set', 'user.domain': 'CORP', 'user.name': 'bob' })).toMatchObject({ EventID: 13, User: 'CORP\\bob' });
  });

  it('Defender: the parts in the process or the actor columns, no joined column', () => {
    const row = kql.project(SYSTEM) as JsonObject;
    expect(row).toMatchObject({ AccountDomain: 'NT AUTHORITY', AccountName: 'SYSTEM' });
    expect(row).not.toHaveProperty('UserQualifiedName');
    expect(kql.project({ kind: 'registry_set', 'user.domain': 'CORP', 'user.name': 'bob' })).toMatchObject({ InitiatingProcessAccountDomain: 'CORP', InitiatingProcessAccountName: 'bob' });
  });

  it('ECS: user.domain and user.name, no joined field', () => {
    const doc = eql.project(SYSTEM) as { user: Record<string, unknown> };
    expect(doc.user).toEqual({ domain: 'NT AUTHORITY', name: 'SYSTEM' });
  });

  it.each([sigma, kql, eql].map((t) => [t.id, t] as const))('%s: back from the native shape, the same name', (_id, t) => {
    expect(readField(t.unproject(JSON.parse(JSON.stringify(t.project(SYSTEM))) as JsonObject), 'user.qualified_name')).toBe('NT AUTHORITY\\SYSTEM');
  });
});

const on = (op: MatchOperator, value: string, caseRule: 'sensitive' | 'insensitive' = 'insensitive'): Condition =>
  op === 'exists' ? match({ field: 'user.qualified_name', op }) : match({ field: 'user.qualified_name', op, values: literals([value]), caseRule });

/** The accounts each form is tried on: both spellings of SYSTEM, look-alikes, half accounts. */
const PROBES: readonly LogicalEvent[] = [
  proc('NT AUTHORITY', 'SYSTEM'),
  proc('nt authority', 'system'),
  proc('AUTORITE NT', 'Systeme'),
  proc('CORP', 'admin-alice'),
  proc('CORP\\x', 'y'),
  proc('CORP', 'x\\y'),
  proc('CORP', 'SYSTEM'),
  proc(undefined, 'SYSTEM'),
  proc('NT AUTHORITY', ''),
  proc('', 'NT AUTHORITY\\SYSTEM'),
  proc('NT AUTHORITY', null),
];

describe.each<readonly [string, Condition, { kql: string; sigma: string; eql: string | RegExp }]>([
  ['contains (SigmaHQ: AUTHORI)', on('contains', 'AUTHORI'), { kql: 'UserQualifiedName contains "AUTHORI"', sigma: "User|contains: 'AUTHORI'", eql: 'user.domain : "*AUTHORI*"' }],
  ['contains across the separator', on('contains', 'ITY\\SYS'), { kql: 'UserQualifiedName contains @"ITY\\SYS"', sigma: "User|contains: 'ITY\\SYS'", eql: 'user.domain : "*ITY"' }],
  ['endswith', on('endswith', '\\SYSTEM'), { kql: 'UserQualifiedName endswith @"\\SYSTEM"', sigma: "User|endswith: '\\SYSTEM'", eql: 'user.name : "SYSTEM"' }],
  ['equals', on('equals', 'NT AUTHORITY\\SYSTEM'), { kql: 'UserQualifiedName =~ @"NT AUTHORITY\\SYSTEM"', sigma: "User: 'NT AUTHORITY\\SYSTEM'", eql: 'user.domain : "NT AUTHORITY"' }],
  ['equals with two backslashes', on('equals', 'CORP\\x\\y'), { kql: 'UserQualifiedName =~ @"CORP\\x\\y"', sigma: "User: 'CORP\\x\\y'", eql: 'user.name : "x\\\\y"' }],
  ['startswith, case-sensitive', on('startswith', 'CORP\\adm', 'sensitive'), { kql: 'UserQualifiedName startswith_cs @"CORP\\adm"', sigma: "User|startswith|cased: 'CORP\\adm'", eql: 'user.name like "adm*"' }],
  ['not contains', not(on('contains', 'AUTHORI')), { kql: 'UserQualifiedName !contains "AUTHORI"', sigma: 'not filter', eql: /^  not \(\?user.domain != null/m }],
  ['exists', on('exists', ''), { kql: 'isnotempty(UserQualifiedName)', sigma: 'User|exists: true', eql: '?user.domain != null' }],
])('user.qualified_name %s', (_what, condition, forms) => {
  itIsExactOnEveryTarget(ruleWith({ condition }), PROBES, forms);
});

describe('forms with no split over ECS', () => {
  it.each<readonly [string, Condition]>([
    ['a glob', on('wildcard', 'NT*\\SYS*')],
    ['a regex', on('regex', '^NT .*\\\\')],
  ])('%s: exact in KQL and Sigma, refused in EQL', (_what, condition) => {
    const rule = ruleWith({ condition });
    for (const t of [kql, sigma]) expect(t.emit(rule, { lenient: false }).approximations).toEqual([]);
    expect(() => eql.emit(rule, { lenient: false })).toThrow(/ECS has no DOMAIN\\name field/);
  });
});

describe('Defender: the computed name in a union', () => {
  it('picks the process or the actor columns by the row action, and Kusto accepts it', () => {
    const rule = ruleWith({ logsources: ['process_creation', 'registry_set'], condition: on('endswith', '\\SYSTEM') });
    const out = kql.emit(rule, { lenient: false });
    expect(out.text).toContain('ActionType == "ProcessCreated"');
    expect(kustoErrors(out.text)).toEqual([]);
    const run = kql.compile(kql.parse(out.text, 'q.kql'), { now: NOW });
    const regSystem: LogicalEvent = { kind: 'registry_set', 'user.domain': 'NT AUTHORITY', 'user.name': 'SYSTEM', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\X', 'registry.value': 'v' };
    // A process row's InitiatingProcessAccount* is the parent's account, which the name must not read.
    const parentSystem = kql.project(proc('CORP', 'alice'));
    expect(run(kql.project(regSystem)).matched).toBe(true);
    expect(run(kql.project(proc('NT AUTHORITY', 'SYSTEM'))).matched).toBe(true);
    expect(run({ ...parentSystem, InitiatingProcessAccountDomain: 'NT AUTHORITY', InitiatingProcessAccountName: 'SYSTEM' }).matched).toBe(false);
    const back = kql.importRule(kql.parse(out.text, 'q.kql'), 'q.kql');
    expect(back.condition).toMatchObject({ kind: 'match', field: 'user.qualified_name', op: 'endswith' });
  });

  it('output: projected by its name and read back as the field', () => {
    const rule = ruleWith({ condition: on('contains', 'x'), output: { fields: ['@timestamp', 'user.qualified_name'], sort: [] } });
    const text = kql.emit(rule, { lenient: false }).text;
    expect(text).toContain('project Timestamp, UserQualifiedName');
    expect(kql.importRule(kql.parse(text, 'q.kql'), 'q.kql').output.fields).toEqual(['@timestamp', 'user.qualified_name']);
  });
});

describe('Sigma User imports as user.qualified_name', () => {
  const sigmaRule = (detection: string): string => `title: t\nlogsource: { category: process_creation, product: windows }\ndetection:\n${detection}`;
  it.each<readonly [string, string, string]>([
    ['contains, in two languages', "  s:\n    User|contains:\n      - 'AUTHORI'\n      - 'AUTORI'\n  condition: s\n", 'contains'],
    ['equals', "  s:\n    User: 'NT AUTHORITY\\SYSTEM'\n  condition: s\n", 'equals'],
    ['endswith', "  s:\n    User|endswith: '\\SYSTEM'\n  condition: s\n", 'endswith'],
    ['exists', "  s:\n    User|exists: true\n  condition: s\n", 'exists'],
  ])('%s', (_what, detection, op) => {
    const text = sigmaRule(detection);
    const rule = sigma.importRule(sigma.parse(text, 'r.yml'), 'r.yml');
    expect(rule.condition).toMatchObject({ kind: 'match', field: 'user.qualified_name', op });
    const reference = compileRule(rule);
    const native = sigma.compile(sigma.parse(text, 'r.yml'), { now: NOW });
    const want = PROBES.map((e) => native(sigma.project(e)).matched);
    expect(want).toContain(true);
    expect(PROBES.map((e) => reference(e, { now: NOW }).matched)).toEqual(want);
  });
});

describe('test events may give the joined name instead of its parts', () => {
  const ruleText = (event: string): string =>
    oneCaseRuleFile('process_creation', 'T1053', '{ field: user.qualified_name, op: endswith, value: "\\\\SYSTEM" }', event);

  it('the joined name alone fills domain and name', () => {
    const rule = loadRuleText(ruleText("{ kind: process_creation, user.qualified_name: 'NT AUTHORITY\\SYSTEM' }"), 'r.yml');
    expect(rule.rule.tests.cases[0]?.event).toEqual({ kind: 'process_creation', 'user.domain': 'NT AUTHORITY', 'user.name': 'SYSTEM' });
  });

  it.each([
    ["{ kind: process_creation, user.qualified_name: 'NT AUTHORITY\\SYSTEM', user.name: bob }", /derived from user.domain and user.name/],
    ["{ kind: process_creation, user.qualified_name: 'SYSTEM' }", /must read DOMAIN\\name/],
  ])('%s is an error at the name', (event, message) => {
    expect(() => loadRuleText(ruleText(event), 'r.yml')).toThrow(message);
  });
});
