import { describe, expect, it } from 'vitest';
import { and, literals, match, not, or, type Condition } from '../../../src/ir/condition.js';
import type { CaseRule, MatchOperator } from '../../../src/ir/match-operator.js';
import type { JsonObject, LogicalEvent } from '../../../src/ir/value.js';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';
import { itIsExactOn } from '../exact-everywhere.js';
import { ruleWith as kqlRuleWith } from '../kql/rule-factory.js';
import { eqlMatches, ruleWith } from './helpers.js';

/*
 * ECS's registry.data.type is "the standard registry type" (REG_SZ, REG_DWORD, ...) and
 * registry.data.strings holds a number as decimal text ("1"). Elastic's Sysmon pipeline
 * (elastic/integrations, packages/windows, sysmon_operational ingest pipeline default.yml, the
 * documents of logs-windows.sysmon_operational-*) reads event 13's Details and writes
 * `DWORD (0x00000001)` as strings ["1"], type "SZ_DWORD", and `QWORD (...)` as type "SZ_QWORD";
 * other text as type "REG_SZ", `Binary Data` as "REG_BINARY". A test the Windows constant passes
 * must pass the pipeline's spelling too, or a rule on a DWORD misses every Sysmon write there.
 */
const on = (field: string, op: MatchOperator, values: readonly string[], caseRule: CaseRule = 'insensitive'): Condition =>
  match({ field, op, values: literals(values), caseRule });
const REGISTRY = { logsources: ['registry_set'] as const };

/** A Sysmon event 13 as the pipeline indexes it. */
const piped = (strings: string, type: string): JsonObject => ({
  'event.category': 'registry',
  'event.type': 'change',
  'host.os.type': 'windows',
  'registry.path': 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware',
  'registry.data.strings': [strings],
  'registry.data.type': type,
});

describe('a type test holds for the Sysmon pipeline spelling of the number types', () => {
  it.each<readonly [string, Condition, string, readonly (readonly [JsonObject, boolean])[]]>([
    ['a DWORD', on('registry.data.type', 'equals', ['REG_DWORD']), 'registry.data.type : ("REG_DWORD", "SZ_DWORD")', [[piped('1', 'SZ_DWORD'), true], [piped('1', 'REG_DWORD'), true], [piped('1', 'SZ_QWORD'), false], [piped('1', 'REG_SZ'), false]]],
    ['a QWORD', on('registry.data.type', 'equals', ['REG_QWORD']), 'registry.data.type : ("REG_QWORD", "SZ_QWORD")', [[piped('1', 'SZ_QWORD'), true], [piped('1', 'SZ_DWORD'), false]]],
    ['both', on('registry.data.type', 'equals', ['REG_DWORD', 'REG_QWORD']), '"SZ_DWORD", "SZ_QWORD"', [[piped('1', 'SZ_QWORD'), true], [piped('1', 'SZ_DWORD'), true]]],
    // The pipeline writes REG_BINARY and REG_SZ as the standard names: nothing to add.
    ['binary', on('registry.data.type', 'equals', ['REG_BINARY']), 'registry.data.type : "REG_BINARY"', [[piped('Binary Data', 'REG_BINARY'), true], [piped('1', 'SZ_DWORD'), false]]],
    ['a case-sensitive DWORD', on('registry.data.type', 'equals', ['REG_DWORD'], 'sensitive'), 'registry.data.type == "REG_DWORD" or registry.data.type : "SZ_DWORD"', [[piped('1', 'SZ_DWORD'), true], [piped('1', 'reg_dword'), false]]],
    ['a prefix', on('registry.data.type', 'startswith', ['REG_D']), '"SZ_DWORD"', [[piped('1', 'SZ_DWORD'), true], [piped('x', 'REG_SZ'), false]]],
    ['not a DWORD', not(on('registry.data.type', 'equals', ['REG_DWORD'])), 'not registry.data.type : ("REG_DWORD", "SZ_DWORD")', [[piped('1', 'SZ_DWORD'), false], [piped('x', 'REG_SZ'), true]]],
  ])('%s', (_, condition, form, docs) => {
    const out = eqlTarget.emit(ruleWith(condition, { logsources: ['registry_set'] }), { lenient: false });
    expect(out.approximations).toEqual([]);
    expect(out.text).toContain(form);
    for (const [doc, verdict] of docs) expect(eqlMatches(out.text, doc)).toBe(verdict);
  });

  it('Details: DWORD (0x00000001) as the Sigma reader gives it finds the piped write', () => {
    // The reader's reading (sigma/import-details.ts): a REG_DWORD whose data is 1, or that text.
    const condition = or([and([on('registry.data.type', 'equals', ['REG_DWORD']), on('registry.data', 'equals', ['1'], 'sensitive')]), and([on('registry.data', 'equals', ['DWORD (0x00000001)']), not(on('registry.data.type', 'equals', ['REG_BINARY']))])]);
    const text = eqlTarget.emit(ruleWith(condition, { logsources: ['registry_set'] }), { lenient: false }).text;
    expect(eqlMatches(text, piped('1', 'SZ_DWORD'))).toBe(true);
    expect(eqlMatches(text, piped('0', 'SZ_DWORD'))).toBe(false);
    expect(eqlMatches(text, piped('1', 'REG_SZ'))).toBe(false);
  });
});

describe('the importer reads the pipeline spelling as the Windows constant', () => {
  const event = (type: string): LogicalEvent => ({ kind: 'registry_set', 'registry.data.type': type, 'registry.data': '1' });
  it.each([
    ['registry where registry.data.type : "SZ_DWORD"', 'REG_DWORD', true],
    ['registry where registry.data.type == "SZ_DWORD"', 'REG_DWORD', true],
    ['registry where registry.data.type in ("SZ_QWORD", "REG_SZ")', 'REG_QWORD', true],
    ['registry where registry.data.type : "SZ_DWORD"', 'REG_QWORD', false],
    // Case-sensitive: the pipeline writes SZ_DWORD in upper case, so sz_dword is other text.
    ['registry where registry.data.type == "sz_dword"', 'REG_DWORD', false],
  ])('%s on a %s write: %s', (query, type, verdict) => {
    const rule = eqlTarget.importRule(eqlTarget.parse(query, 'q.eql'), 'q.eql');
    expect(compileRule(rule)(event(type), { now: 0 }).matched).toBe(verdict);
  });
});

describe('exact on the rule model events, and read back', () => {
  const write = (type: string, data: string): LogicalEvent => ({ kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\X', 'registry.value': 'v', 'registry.data.type': type, 'registry.data': data });
  const PROBES = [write('REG_DWORD', '1'), write('REG_QWORD', '1'), write('REG_SZ', '1'), write('REG_BINARY', '1'), write('reg_dword', '1'), write('REG_DWORD', '0')];
  itIsExactOn(kqlRuleWith({ ...REGISTRY, condition: and([on('registry.data.type', 'equals', ['REG_DWORD']), on('registry.data', 'equals', ['1'], 'sensitive')]) }), PROBES, {
    eql: 'registry.data.type : ("REG_DWORD", "SZ_DWORD")',
  });
});
