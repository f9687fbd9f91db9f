import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/diagnostics.js';
import { compileRule } from '../../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';

const importText = (text: string) => eqlTarget.importRule(eqlTarget.parse(text, 'q.eql'), 'q.eql');
const importError = (text: string): string => {
  try {
    importText(text);
  } catch (err) {
    if (err instanceof SourceError) return err.message;
    throw err;
  }
  throw new Error(`imported: ${text}`);
};

describe('import: event queries → rule model', () => {
  it('maps the category to the event kind and ECS fields to logical ones', () => {
    const rule = importText('process where process.name : "sc.exe"');
    expect(rule.logsources).toEqual(['process_creation']);
    expect(rule.condition).toMatchObject({ kind: 'match', field: 'process.name', op: 'equals', caseRule: 'insensitive', values: { values: ['sc.exe'] } });
    expect(rule.name).toBe('q');
  });

  it('reads registry.data.strings as registry.data and any where by its category tests', () => {
    const rule = importText('any where event.category == "registry" and registry.data.strings : "*x*"');
    expect(rule.logsources).toEqual(['registry_set']);
    expect(JSON.stringify(rule.condition)).toContain('"field":"registry.data","op":"contains"');
  });

  it('gives the same id for the same query text', () => {
    expect(importText('process where true').id).toBe(importText('process where true').id);
    expect(importText('process where true').id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([
    ['sequence [process where true] [registry where true]', 'not representable in the rule model yet'],
    ['sample by host.name [process where true] [registry where true]', 'not representable in the rule model yet'],
    ['process where true | head 5', 'head pipe'],
    ['process where length(process.name) > 3', 'expected a field here'],
    ['process where process.nonsense == "x"', 'ECS field process.nonsense has no field'],
    ['dns where true', 'event category "dns"'],
    ['process where concat(process.name, "x") == "y"', 'expected a field'],
    ['process where indexOf(process.name, "x") == 1', 'expected a field'],
  ])('%s → %s', (text, message) => {
    expect(importError(text)).toContain(message);
  });

  it('points at the offending field', () => {
    expect(importError('process where\n  process.nonsense == "x"')).toMatch(/^q\.eql:2:3: error:/);
  });
});

/** Importing keeps meaning: the imported rule, on the reference evaluator, agrees with the EQL evaluator. */
describe('imported rules agree with the EQL evaluator', () => {
  const queries = [
    'process where process.name : "SC.exe"',
    'process where process.name : ("s?.exe", "*net*")',
    'process where process.name like "sc*"',
    'process where process.name like~ "*EXE"',
    'process where process.name == "sc.exe"',
    'process where process.name != "sc.exe"',
    'process where process.name in ("sc.exe", "NET.exe")',
    'process where process.name not in~ ("sc.exe")',
    'process where process.command_line regex ".*stop.*"',
    'process where process.command_line regex~ "SC [a-z]+ .*"',
    'process where process.command_line regex "s@|a\\"b\\"c"',
    'process where startsWith~(process.command_line, "SC ")',
    'process where stringContains(process.command_line, "*")',
    'process where endsWith(process.name, ".exe")',
    'process where ?process.parent.name != null',
    'process where process.parent.name == null',
    'process where process.pid >= 100 and 200 > process.pid',
    'process where process.args : "stop" and not process.args : "config"',
    'any where (event.category == "process" and process.name : "reg.exe") or (event.category == "registry" and registry.data.strings : "4")',
    'any where event.type == "change" and process.name : "reg.exe"',
    'network where cidrMatch(destination.ip, "10.0.0.0/8", "::1/128")',
  ];
  const events: LogicalEvent[] = [
    { kind: 'process_creation', 'process.name': 'sc.exe', 'process.command_line': 'sc stop WinDefend', 'process.args': ['sc.exe', 'stop', 'WinDefend'], 'process.pid': 150 },
    { kind: 'process_creation', 'process.name': 'SC.EXE', 'process.command_line': 'SC CONFIG x start= disabled', 'process.args': ['SC.EXE', 'config'], 'process.parent.name': 'cmd.exe', 'process.pid': 99 },
    { kind: 'process_creation', 'process.name': 'net.exe', 'process.command_line': 'net stop "x*"', 'process.pid': '150' },
    { kind: 'process_creation', 'process.name': 'reg.exe', 'process.command_line': 'a"b"c' },
    { kind: 'process_creation', 'process.name': 's1.exe', 'process.command_line': 'sxyz' },
    { kind: 'registry_set', 'process.name': 'reg.exe', 'registry.hive': 'HKLM', 'registry.key': 'SYSTEM\\x', 'registry.value': 'Start', 'registry.data': '4' },
    { kind: 'network_connection', 'destination.ip': '10.2.3.4', 'process.name': 'sc.exe' },
    { kind: 'network_connection', 'destination.ip': '::1' },
    { kind: 'network_connection', 'destination.ip': '11.0.0.1' },
  ];
  it.each(queries)('%s', (text) => {
    const parsed = eqlTarget.parse(text, 'q.eql');
    const eql = eqlTarget.compile(parsed, { now: 0 });
    const reference = compileRule(eqlTarget.importRule(parsed, 'q.eql'));
    let matches = 0;
    for (const e of events) {
      const want = eql(eqlTarget.project(e)).matched;
      if (want) matches++;
      expect(reference(e, { now: 0 }).matched, `${JSON.stringify(e)}`).toBe(want);
    }
    // Every query in the table selects something, so agreement is not all-false.
    expect(matches).toBeGreaterThan(0);
  });
});

describe('import keeps the rule model plain', () => {
  it('event.type tests under one category are settled by the kind', () => {
    const rule = eqlTarget.importRule(eqlTarget.parse('process where event.type == "start" and process.name : "x"', 'q.eql'), 'q.eql');
    expect(rule.condition).toMatchObject({ kind: 'match', field: 'process.name' });
  });
  it('a Lucene search .*x.* becomes an unanchored regex', () => {
    const rule = eqlTarget.importRule(eqlTarget.parse('process where process.command_line regex ".*st[0-9]p.*"', 'q.eql'), 'q.eql');
    expect(rule.condition).toMatchObject({ op: 'regex', values: { values: ['st[0-9]p'] }, caseRule: 'sensitive' });
  });
  it('regex~ spells out ASCII case folding, since the rule model folds regexes differently', () => {
    const rule = eqlTarget.importRule(eqlTarget.parse('process where process.command_line regex~ "a.*"', 'q.eql'), 'q.eql');
    expect(rule.condition).toMatchObject({ op: 'regex', values: { values: ['^[aA]'] }, caseRule: 'sensitive' });
  });
});

/**
 * Elastic's Windows rules open with `host.os.type == "windows"`. Every rule-model event is a
 * Windows event and is projected with host.os.type "windows", so the test is settled on import
 * and the imported rule gives the query's verdict on every projected event.
 */
describe('host.os.type, the same on every projected event', () => {
  const events: LogicalEvent[] = [
    { kind: 'process_creation', 'process.name': 'certutil.exe', 'host.name': 'ws1' },
    { kind: 'process_creation', 'process.name': 'cmd.exe' },
    { kind: 'registry_set', 'process.name': 'certutil.exe' },
  ];
  it('is projected on every event, beside host.name', () => {
    expect(eqlTarget.project(events[0] as LogicalEvent)).toMatchObject({ host: { name: 'ws1', os: { type: 'windows' } } });
    expect(eqlTarget.unproject(eqlTarget.project(events[0] as LogicalEvent))).toEqual(events[0]);
  });
  it.each([
    ['process where host.os.type == "windows" and process.name : "certutil.exe"', [true, false, false]],
    ['process where host.os.type : "WINDOWS" and process.name : "certutil.exe"', [true, false, false]],
    ['process where host.os.type == "WINDOWS"', [false, false, false]],
    ['any where host.os.type in ("linux", "macos")', [false, false, false]],
    ['any where host.os.type != "linux" and process.name : "certutil.exe"', [true, false, true]],
    ['process where ?host.os.type != null', [true, true, false]],
  ] as const)('%s', (text, want) => {
    const query = eqlTarget.compile(eqlTarget.parse(text, 'q.eql'), { now: 0 });
    const reference = compileRule(importText(text));
    expect(events.map((e) => query(eqlTarget.project(e)).matched)).toEqual(want);
    expect(events.map((e) => reference(e, { now: 0 }).matched)).toEqual(want);
  });
  it('wildcards on it are refused at the pattern', () => {
    expect(importError('process where host.os.type : "win*"')).toContain('q.eql:1:28: error: wildcards on host.os.type are not representable');
  });
});
