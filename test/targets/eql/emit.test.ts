import { describe, expect, it } from 'vitest';
import { and, eventKindIs, listRef, literals, match, not, or, type MatchInit } from '../../../src/ir/condition.js';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';
import { ruleWith } from './helpers.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

// The operator each IR predicate must become (eql.md operator table and "Strings").
describe('golden: one predicate each', () => {
  it.each<[string, MatchInit, string]>([
    ['equals, insensitive → :', { field: 'process.name', op: 'equals', values: literals(['sc.exe']) }, 'process.name : "sc.exe"'],
    ['equals, several → : list', { field: 'process.name', op: 'equals', values: literals(['sc.exe', 'net.exe']) }, 'process.name : ("sc.exe", "net.exe")'],
    // A `*` or `?` in an insensitive equality cannot go into `:` (no escape): in~ has no wildcards.
    ['equals with * → in~', { field: 'process.name', op: 'equals', values: literals(['a*b', 'c']) }, '(process.name : "c" or process.name in~ ("a*b"))'],
    ['equals, sensitive → ==', { field: 'process.name', op: 'equals', values: literals(['sc.exe']), caseRule: 'sensitive' }, 'process.name == "sc.exe"'],
    ['equals, sensitive, several → in', { field: 'process.name', op: 'equals', values: literals(['a', 'b*']), caseRule: 'sensitive' }, 'process.name in ("a", "b*")'],
    ['equals, all → and', { field: 'process.args', op: 'equals', values: literals(['a', 'b']), quantifier: 'all' }, 'process.args : "a" and process.args : "b"'],
    ['contains → : "*v*"', { field: 'process.command_line', op: 'contains', values: literals(['stop']) }, 'process.command_line : "*stop*"'],
    ['startswith, sensitive → like', { field: 'process.command_line', op: 'startswith', values: literals(['sc']), caseRule: 'sensitive' }, 'process.command_line like "sc*"'],
    // A literal * or ? must be matched: the ~ functions take it literally.
    ['endswith with ? → endsWith~', { field: 'process.command_line', op: 'endswith', values: literals(['?']) }, 'endsWith~(process.command_line, "?")'],
    ['contains with *, sensitive → stringContains', { field: 'process.command_line', op: 'contains', values: literals(['*']), caseRule: 'sensitive' }, 'stringContains(process.command_line, "*")'],
    // Backslashes and quotes are escaped in the string; the pattern keeps them literal.
    ['escapes', { field: 'process.executable', op: 'startswith', values: literals(['C:\\Windows\\"x"']) }, 'process.executable : "C:\\\\Windows\\\\\\"x\\"*"'],
    ['control characters', { field: 'process.command_line', op: 'equals', values: literals(['a\nb\tc\u0001']) }, 'process.command_line : "a\\nb\\tc\\u{01}"'],
    // term (KQL has) → Lucene regex with boundary classes, whole value.
    ['term', { field: 'process.command_line', op: 'term', values: literals(['stop']) }, 'process.command_line regex~ "(.*[^0-9A-Za-z])?stop([^0-9A-Za-z].*)?"'],
    ['termprefix', { field: 'process.command_line', op: 'termprefix', values: literals(['sto']) }, 'process.command_line regex~ "(.*[^0-9A-Za-z])?sto.*"'],
    ['term of punctuation has no boundary', { field: 'process.command_line', op: 'term', values: literals(['-x-']), caseRule: 'sensitive' }, 'process.command_line regex ".*-x-.*"'],
    ['wildcard → : glob', { field: 'process.executable', op: 'wildcard', values: literals(['C:\\\\*\\\\sc.exe']) }, 'process.executable : "C:\\\\*\\\\sc.exe"'],
    ['wildcard with literal * → regex', { field: 'process.name', op: 'wildcard', values: literals(['a\\*b?']), caseRule: 'sensitive' }, 'process.name regex "a\\\\*b."'],
    // Regex search → Lucene whole value: wrapped in .*, \d → [0-9], Lucene operators escaped.
    ['regex', { field: 'process.command_line', op: 'regex', values: literals(['\\d+@x']) }, 'process.command_line regex~ ".*[0-9]+\\\\@x.*"'],
    ['regex anchored', { field: 'process.command_line', op: 'regex', values: literals(['^sc|exe$']), caseRule: 'sensitive' }, 'process.command_line regex "sc.*|.*exe"'],
    ['regex dot', { field: 'process.command_line', op: 'regex', values: literals(['a.b']), caseRule: 'sensitive' }, 'process.command_line regex ".*a[^\\n]b.*"'],
    ['cidr', { field: 'destination.ip', op: 'cidr', values: literals(['10.0.0.0/8', '192.168.0.0/16']) }, 'cidrMatch(destination.ip, "10.0.0.0/8", "192.168.0.0/16")'],
    ['exists', { field: 'process.parent.name', op: 'exists' }, '?process.parent.name != null'],
    ['numeric', { field: 'process.pid', op: 'gte', values: literals(['4']) }, 'process.pid >= 4'],
    ['empty list, any → false', { field: 'process.name', op: 'equals', values: literals([]) }, 'false'],
  ])('%s', (_name, init, want) => {
    const rule = ruleWith(match(init), { logsources: init.field === 'destination.ip' ? ['network_connection'] : ['process_creation'] });
    const text = eqlTarget.emit(rule, { lenient: false }).text;
    // One predicate per line at the top level; joined here to compare the predicate alone.
    const body = text.replace(/^(process|network) where event\.type == "start" and\n {2}/, '').replace(/^process where /, '').trimEnd().replace(/\n {2}/g, ' ');
    expect(body).toBe(want);
  });
});

describe('golden: whole queries', () => {
  it('one kind: category where event.type and one test per line', () => {
    const rule = ruleWith(
      and([
        match({ field: 'process.name', op: 'equals', values: listRef('Tools') }),
        not(match({ field: 'process.parent.name', op: 'equals', values: literals(['services.exe']) })),
        or([match({ field: 'process.command_line', op: 'contains', values: literals(['stop']) }), match({ field: 'process.args', op: 'equals', values: literals(['config']) })]),
      ]),
      { lists: new Map([['Tools', ['sc.exe', 'net.exe']]]) },
    );
    expect(eqlTarget.emit(rule, { lenient: false }).text).toBe(
      'process where event.type == "start" and\n' +
        '  process.name : ("sc.exe", "net.exe") and\n' +
        '  not process.parent.name : "services.exe" and\n' +
        '  (process.command_line : "*stop*" or process.args : "config")\n',
    );
  });

  it('several kinds: any where, one branch per kind with event.category', () => {
    const rule = ruleWith(
      or([
        and([eventKindIs('process_creation'), match({ field: 'process.name', op: 'equals', values: literals(['reg.exe']) })]),
        and([eventKindIs('registry_set'), match({ field: 'registry.data', op: 'equals', values: literals(['4']) })]),
      ]),
      { logsources: ['process_creation', 'registry_set'] },
    );
    expect(eqlTarget.emit(rule, { lenient: false }).text).toBe(
      'any where\n' +
        '  (event.category == "process" and event.type == "start" and process.name : "reg.exe") or\n' +
        '  (event.category == "registry" and event.type == "change" and registry.data.strings : "4")\n',
    );
  });

  it('a kind whose branch cannot fire is left out; one kind left is its own category', () => {
    const rule = ruleWith(and([eventKindIs('registry_set'), match({ field: 'registry.value', op: 'contains', values: literals(['Run']) })]), {
      logsources: ['process_creation', 'registry_set'],
    });
    expect(eqlTarget.emit(rule, { lenient: false }).text).toBe('registry where event.type == "change" and\n  registry.value : "*Run*"\n');
  });
});

// ECS registry.key is the key below the hive (Elastic Defend); Elastic's Sysmon pipeline, whose
// index the registry envelope lists, writes it with the value name appended (the pipeline's
// registry script joins the TargetObject's parts after the hive). Only `exists` reads alike.
describe('registry.key on the indices whose documents append the value name', () => {
  const keyRule = (op: 'equals' | 'contains' | 'startswith' | 'exists') =>
    ruleWith(match({ field: 'registry.key', op, values: literals(op === 'exists' ? [] : ['SYSTEM\\CurrentControlSet\\Services\\WinDefend']) }), { logsources: ['registry_set'] });
  it.each(['equals', 'contains', 'startswith'] as const)('%s is refused when strict and declared when lenient', (op) => {
    expect(() => eqlTarget.emit(keyRule(op), { lenient: false })).toThrow(NotExpressibleError);
    const lenient = eqlTarget.emit(keyRule(op), { lenient: true });
    expect(lenient.text).toContain('registry.key');
    expect(lenient.approximations.map((a) => a.reason).join('\n')).toContain('value name appended');
  });
  it('exists is exact', () => {
    expect(eqlTarget.emit(keyRule('exists'), { lenient: false }).approximations).toHaveLength(0);
  });
});

describe('what EQL cannot say is refused or reported, never dropped', () => {
  const grandparent = ruleWith(match({ field: 'process.parent.parent.name', op: 'equals', values: literals(['x']) }));
  it('a field without an ECS name: strict refuses', () => {
    expect(() => eqlTarget.emit(grandparent, { lenient: false })).toThrow(NotExpressibleError);
  });
  it('a field without an ECS name: lenient reports an approximation', () => {
    const r = eqlTarget.emit(grandparent, { lenient: true });
    expect(r.approximations).toHaveLength(1);
    expect(r.approximations[0]?.reason).toContain('ECS has no field');
  });
  it('a regex anchor inside a group has no Lucene form', () => {
    const rule = ruleWith(match({ field: 'process.command_line', op: 'regex', values: literals(['a(^b)']) }));
    expect(() => eqlTarget.emit(rule, { lenient: false })).toThrow(/Lucene form/);
  });
  it('derived fields: strict refuses, lenient reports each one', () => {
    const rule = ruleWith(match({ field: 'process.name', op: 'equals', values: literals(['sc.exe']) }), {
      derived: [{ name: 'Method', expr: { kind: 'literal', value: 'sc' } }],
    });
    expect(() => eqlTarget.emit(rule, { lenient: false })).toThrow(/derived field Method/);
    expect(eqlTarget.emit(rule, { lenient: true }).approximations.map((a) => a.predicate)).toEqual(['derived field Method']);
  });
});

/** Emit → parse → evaluate on the projected event gives the reference verdict. */
describe('emitted predicates agree with the reference evaluator', () => {
  const values = ['sc.exe', 'SC.EXE', 'a*b', 'axxb', 'A*B', 'x?', 'xy', 'C:\\Windows\\sc.exe', 'stop', 'sc stop WinDefend', 'sc-stop', 'scstop', '123', '12a', 'a\nb', 'é', 'É', '', '10.1.2.3', '::1', '2001:db8::5'];
  const preds: MatchInit[] = [
    ...(['equals', 'contains', 'startswith', 'endswith', 'term', 'termprefix', 'termsuffix', 'wildcard'] as const).flatMap((op) =>
      (['sensitive', 'insensitive'] as const).flatMap((caseRule) =>
        [['sc.exe'], ['a*b'], ['x?'], ['stop'], ['C:\\Windows\\*'], ['a\\*b'], ['é']].map((v) => ({ field: 'process.command_line', op, values: literals(v), caseRule })),
      ),
    ),
    ...['^sc', 'exe$', '\\d+', '[a-c]\\*', 'a.b', '(?:st|x)op', '^$', 'sc\\s', '[^\\d]{2}', '\\w+\\.exe$', 'b$|^a'].flatMap((re) =>
      (['sensitive', 'insensitive'] as const).flatMap((caseRule) => [
        { field: 'process.command_line', op: 'regex' as const, values: literals([re]), caseRule },
        { field: 'process.command_line', op: 'regex' as const, values: literals([re]), caseRule, regexFlags: { multiline: true, dotAll: true } },
      ]),
    ),
    { field: 'process.command_line', op: 'cidr', values: literals(['10.0.0.0/8', '2001:db8::/32']) },
    { field: 'process.command_line', op: 'gt', values: literals(['100']) },
    { field: 'process.command_line', op: 'exists' },
  ];
  it.each(preds.map((p) => [`${p.op} ${p.caseRule ?? ''} ${JSON.stringify(p.values)} ${p.regexFlags ? 'ms' : ''}`, p] as const))('%s', (_n, init) => {
    const rule = ruleWith(match(init));
    const text = eqlTarget.emit(rule, { lenient: false }).text;
    const test = eqlTarget.compile(eqlTarget.parse(text, 'gen.eql'), { now: NOW });
    const reference = compileRule(rule);
    for (const v of values) {
      const event: LogicalEvent = { kind: 'process_creation', 'process.command_line': v };
      expect(test(eqlTarget.project(event)).matched, `${text} on ${JSON.stringify(v)}`).toBe(reference(event, { now: NOW }).matched);
    }
  });
});
