import { describe, expect, it } from 'vitest';
import { boundaryEvents } from '../../src/check/boundary-events.js';
import { globRule, ruleFrom, serviceStop, twoKinds } from './rules.js';
import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { and, literals, match, or } from '../../src/ir/condition.js';
import type { EventKind } from '../../src/ir/event-kind.js';
import { REFUSED, typedFieldsOf } from '../../src/ir/field-domains.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const valuesOf = (rule: ReturnType<typeof serviceStop>, field: string) =>
  boundaryEvents(rule, NOW).map((p) => p.event[field]);

describe('boundary events: synthesised from the rule\'s own literals', () => {
  it('are deterministic', () => {
    expect(JSON.stringify(boundaryEvents(serviceStop(), NOW))).toBe(JSON.stringify(boundaryEvents(serviceStop(), NOW)));
  });

  // Issue 6's probe list, one row each: the edge and a value that must appear.
  it.each([
    ['case flip', 'process.name', 'SC.EXE'],
    ['a letter glued after a term', 'process.command_line', 'stopx'],
    ['a letter glued before a term', 'process.command_line', 'xstop'],
    ['sc.exe vs sc', 'process.name', 'sc'],
    ['a path prefix', 'process.name', 'C:\\Windows\\System32\\sc.exe'],
    ['empty field', 'process.command_line', ''],
  ])('%s', (_edge, field, value) => {
    expect(valuesOf(serviceStop(), field)).toContain(value);
  });

  // fields.md: Defender's ProcessId is a long, ECS process.pid a long, Sysmon's ProcessId an
  // integer; text that is no number never sits there, so no probe puts it there.
  it('a numeric field is probed with numbers only (besides missing and null)', () => {
    const rule = ruleFrom(`
logsources: [process_creation]
condition: { field: process.pid, op: term, value: '5' }
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`);
    const pids = valuesOf(rule, 'process.pid').filter((v) => v !== undefined && v !== null);
    expect(pids).toContain(5);
    expect(pids.every((v) => typeof v === 'number')).toBe(true);
  });

  // Every probe is an event unirule would read (ir/field-domains.ts): a pid or port is a whole
  // number in the narrowest schema's range (Sysmon UInt32 / UInt16), @timestamp a time. A probe
  // outside it would be an input no source writes and no user can give, where targets differ.
  it.each([
    ['process_creation', '{ field: process.pid, op: exists }'],
    ['process_creation', "{ field: process.parent.pid, op: equals, values: ['0', '4294967295'] }"],
    // Literals outside the range load only where they are warnings (rule/typed-value-lint.ts).
    ['process_creation', "{ any: [{ field: process.parent.pid, op: lt, value: '-1' }, { field: process.pid, op: gt, value: '4294967295' }, { field: process.pid, op: contains, value: 'abc' }] }"],
    ['process_creation', "{ field: process.pid, op: lt, value: '1' }"],
    ['network_connection', "{ any: [{ field: destination.port, op: gte, value: '65535' }, { field: source.port, op: contains, value: '44' }] }"],
    ['network_connection', "{ field: destination.port, op: equals, value: '443' }"],
    ['process_creation', "{ field: '@timestamp', op: startswith, value: '2026' }"],
  ])('%s %s: every probe holds only values the typed fields can hold', (kind, condition) => {
    const rule = ruleFrom(`
logsources: [${kind}]
window: 1h
condition: ${condition}
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`);
    const outside = boundaryEvents(rule, NOW).flatMap(({ event, probe }) =>
      typedFieldsOf(event.kind as EventKind)
        .filter((f) => event[f.name] !== undefined && f.read(event[f.name]!) === REFUSED)
        .map((f) => `${probe}: ${f.name} = ${JSON.stringify(event[f.name])}`),
    );
    expect(outside).toEqual([]);
  });

  it('a missing field and a null field', () => {
    const events = boundaryEvents(serviceStop(), NOW).map((p) => p.event);
    expect(events.some((e) => !('process.command_line' in e) && e['process.name'] === 'sc.exe')).toBe(true);
    expect(events.some((e) => e['process.command_line'] === null)).toBe(true);
  });

  // fields.md: "FileName =~ sc.exe" vs "Image|endswith '\sc.exe'" agree only when the path ends in \name.
  it('a file name probe also comes with its full path, consistent and not', () => {
    const events = boundaryEvents(serviceStop(), NOW).map((p) => p.event);
    expect(events.some((e) => e['process.name'] === 'sc.exe' && e['process.executable'] === 'C:\\Windows\\System32\\sc.exe')).toBe(true);
    expect(events.some((e) => e['process.name'] === 'xsc.exe' && e['process.executable'] === 'C:\\Windows\\System32\\xsc.exe')).toBe(true);
  });

  it('separators doubled and changed in a multi-word literal', () => {
    const rule = twoKinds();
    const lines = boundaryEvents(rule, NOW).map((p) => p.event['process.command_line']);
    expect(lines).toContain('Set--MpPreference');
    expect(lines).toContain('Set\tMpPreference');
  });

  // fields.md: a term in the registry value name matches Sigma's TargetObject but not Defender's RegistryKey.
  it('the value in another field: a registry key term placed in the value name', () => {
    const events = boundaryEvents(twoKinds(), NOW).map((p) => p.event);
    expect(events.some((e) => e.kind === 'registry_set' && e['registry.value'] === 'WinDefend' && e['registry.key'] === 'other')).toBe(true);
  });

  it('covers every event kind the rule reads', () => {
    const kinds = new Set(boundaryEvents(twoKinds(), NOW).map((p) => p.event.kind));
    expect([...kinds].sort()).toEqual(['process_creation', 'registry_set']);
  });

  it('takes `*` and `?` literally as well as filling them', () => {
    const names = boundaryEvents(globRule(), NOW).map((p) => p.event['file.name']);
    expect(names).toContain('evil*.dll');
    expect(names).toContain('evilabc.dll');
    expect(names).toContain('evil.dll');
  });

  // README: with a window, an event matches only when @timestamp > now - window.
  it('probes the window edges: exactly at the start, just inside, no timestamp', () => {
    const stamps = boundaryEvents(serviceStop(), NOW).map((p) => p.event['@timestamp']);
    expect(stamps).toContain('2026-11-19T12:00:00.000Z');
    expect(stamps).toContain('2026-11-19T12:00:01.000Z');
    expect(stamps).toContain(undefined);
  });

  it('names what each event probes', () => {
    const probes = boundaryEvents(serviceStop(), NOW).map((p) => p.probe);
    expect(probes).toContain('process.command_line term "stop": a letter glued after (from test "sc stop")');
  });
});

/**
 * Probes must start from events the rule fires on, for every way it can fire: otherwise a
 * form that misses one branch, or one of two values required on one field, is never caught.
 * Written the SigmaHQ way: two `contains` on one field (`|contains|all`), and alternatives.
 */
describe('boundary events reach every way the rule can fire', () => {
  const m = (field: string, op: 'equals' | 'contains' | 'startswith' | 'endswith', values: string[], quantifier: 'any' | 'all' = 'any') =>
    match({ field, op, values: literals(values), quantifier });
  const shadowCopies = {
    ...serviceStop(),
    lists: new Map<string, readonly string[]>(),
    derived: [],
    condition: or([
      and([m('process.name', 'equals', ['vssadmin.exe']), m('process.command_line', 'contains', ['delete']), m('process.command_line', 'contains', ['shadows'])]),
      and([m('process.name', 'equals', ['wmic.exe']), m('process.command_line', 'contains', ['shadowcopy', 'delete'], 'all')]),
      and([m('process.command_line', 'startswith', ['"C:\\Tools\\']), m('process.command_line', 'endswith', ['purge.cmd"'])]),
    ]),
    tests: { now: '2026-11-20T12:00:00Z', cases: [] },
  };
  it('each branch has a matching base event, with every value its field needs', () => {
    const reference = compileRule(shadowCopies);
    const firing = boundaryEvents(shadowCopies, NOW).map((p) => p.event).filter((e) => reference(e, { now: NOW }).matched);
    const names = new Set(firing.map((e) => e['process.name']));
    expect(names.has('vssadmin.exe')).toBe(true);
    expect(names.has('wmic.exe')).toBe(true);
    expect(firing.some((e) => String(e['process.command_line']).startsWith('"C:\\Tools\\'))).toBe(true);
  });
  it('a rule that can never fire gets no event that fires it', () => {
    const never = { ...shadowCopies, condition: and([m('process.name', 'equals', ['a.exe']), m('process.name', 'equals', ['b.exe'])]) };
    const reference = compileRule(never);
    expect(boundaryEvents(never, NOW).filter((p) => reference(p.event, { now: NOW }).matched)).toEqual([]);
  });
});
