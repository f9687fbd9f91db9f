import { describe, expect, it } from 'vitest';
import { nativeDecider } from '../../src/check/native-decider.js';
import { diffRules } from '../../src/check/rule-diff.js';
import { kqlTarget } from '../../src/targets/kql/index.js';
import { ruleFrom, serviceStop } from './rules.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const commandLine = (op: string, value: string) =>
  ruleFrom(`
logsources: [process_creation]
condition: { field: process.command_line, op: ${op}, value: '${value}' }
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`);

describe('diff: events on which exactly one rule fires', () => {
  it('a rule and itself: no difference', () => {
    const d = diffRules(serviceStop(), serviceStop(), NOW);
    expect(d.differingEvents).toBe(0);
    expect(d.eventsCompared).toBeGreaterThan(10);
  });

  // Issue 6: `has "sc stop"` against `contains 'sc stop'` differs on a witness like `sc stopx`.
  it('term "sc stop" vs contains "sc stop": a glued letter tells them apart', () => {
    const d = diffRules(commandLine('term', 'sc stop'), commandLine('contains', 'sc stop'), NOW);
    expect(d.differingEvents).toBeGreaterThan(0);
    const witnesses = d.groups.flatMap((g) => g.witnesses);
    expect(witnesses.some((w) => w.fires === 'B' && w.event['process.command_line'] === 'sc stopx')).toBe(true);
    expect(d.groups.map((g) => g.predicate)).toContain('process.command_line term "sc stop"');
  });

  it('the window is compared as a setting, not per event', () => {
    const windowed = serviceStop();
    const { window: _w, ...plain } = windowed;
    const d = diffRules(windowed, plain, NOW);
    expect(d.differingEvents).toBe(0);
    expect(d.notes[0]).toContain('look-back differs');
  });

  // kql.md "Nulls": `where` drops a null; `ProcessId > 5` is null where ProcessId is missing,
  // and so is its not(). A rule-model reading that keeps such rows (what a careless import of
  // the query would give) must be told apart from the query itself.
  it('a side with its own text is decided by its language, not by its import', () => {
    const careless = ruleFrom(`
logsources: [process_creation]
condition: { not: { field: process.pid, op: gt, value: '5' } }
tests: { now: '2026-11-20T12:00:00Z', cases: [] }
`);
    const query = nativeDecider(kqlTarget, 'DeviceProcessEvents\n| where not(ProcessId > 5)', 'q.kql', NOW);
    expect(diffRules(careless, careless, NOW).differingEvents).toBe(0);
    const d = diffRules(careless, careless, NOW, { a: query });
    expect(d.differingEvents).toBeGreaterThan(0);
    expect(d.groups.flatMap((g) => g.witnesses).every((w) => w.fires === 'B' && w.event['process.pid'] === undefined)).toBe(true);
  });

  it('the query decides with its window out of the way: the time is placed inside it', () => {
    const rule = commandLine('contains', 'stop');
    const query = nativeDecider(kqlTarget, 'DeviceProcessEvents\n| where Timestamp > ago(1h)\n| where ProcessCommandLine contains "stop"', 'q.kql', NOW);
    expect(diffRules(rule, rule, NOW, { a: query }).differingEvents).toBe(0);
  });
});
