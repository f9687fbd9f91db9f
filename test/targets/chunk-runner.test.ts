import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRuleFile } from '../../src/rule/index.js';
import { TARGETS } from '../../src/targets/registry.js';
import type { JsonObject } from '../../src/ir/value.js';

/**
 * The contract `unirule eval` streams by (contract.ts `chunkRunner`): for a query whose rows come
 * event by event, the rows of an input are its chunks' rows one after the other, which is what
 * `run` gives over the whole input; a query that sorts, cuts or joins has no chunk runner.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const rules = ['rules/impair-defenses-security-services.yml', 'rules/service-stop-via-builtin-tools.yml'].map((f) => loadRuleFile(join(ROOT, f)).rule);
const now = Date.parse(rules[0]!.tests.now);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s', (_id, target) => {
  it.each(rules.map((r) => [r.name, r] as const))('%s: the chunks give what the whole input gives', (_name, rule) => {
    const parsed = target.parse(target.emit(rule, { lenient: true }).text, 'q');
    const events = rules.flatMap((r) => r.tests.cases.map((c) => target.project(c.event) as JsonObject));
    const whole = [...target.run(parsed, events, { now })];
    const runner = target.chunkRunner(parsed, { now });
    // The shipped KQL forms sort their output (output.sort), which needs every row first.
    if (target.id === 'kql') {
      expect(runner).toBeUndefined();
      return;
    }
    expect(runner).toBeDefined();
    for (const size of [1, 3, events.length]) expect(chunks(events, size).flatMap((c) => [...runner!(c)])).toEqual(whole);
    expect(whole.length).toBeGreaterThan(0);
  });
});

describe('queries that need the whole input have no chunk runner', () => {
  it.each([
    ['kql', 'DeviceProcessEvents\n| where FileName =~ "sc.exe"\n| take 1\n', false],
    ['kql', 'DeviceProcessEvents\n| where FileName =~ "sc.exe"\n| project FileName\n', true],
    ['eql', 'process where process.name : "sc.exe" | head 1\n', false],
    ['eql', 'sequence by host.name [process where true] [process where true]\n', false],
    ['eql', 'process where process.name : "sc.exe"\n', true],
  ])('%s %j', (id, text, streams) => {
    const target = TARGETS.find((t) => t.id === id)!;
    expect(target.chunkRunner(target.parse(text, 'q'), { now }) !== undefined).toBe(streams);
  });
});
