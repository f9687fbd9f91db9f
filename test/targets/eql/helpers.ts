import { and, type Condition } from '../../../src/ir/condition.js';
import type { EventKind } from '../../../src/ir/event-kind.js';
import type { Rule } from '../../../src/ir/rule.js';
import type { JsonObject } from '../../../src/ir/value.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';

/** A rule around a condition, with the metadata the envelopes need. */
export function ruleWith(condition: Condition, overrides: Partial<Rule> = {}): Rule {
  return {
    id: '0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11',
    name: 'service-stop-via-builtin-tools',
    title: 'Service stopped or disabled with a built-in tool',
    description: 'Detects sc.exe or net.exe stopping a service.',
    author: ['unirule'],
    date: '2026-11-22',
    status: 'experimental',
    severity: 'high',
    confidence: 'high',
    attack: { version: '18', techniques: ['T1489'] },
    references: [],
    falsePositives: [],
    dataSources: [],
    related: [],
    notes: {},
    logsources: ['process_creation'] as readonly EventKind[],
    lists: new Map(),
    condition: condition ?? and([]),
    derived: [],
    output: { fields: [], sort: [] },
    tests: { now: '2026-11-20T12:00:00Z', cases: [] },
    ...overrides,
  };
}

/** Parses and runs an EQL event query on one ECS document. */
export function eqlMatches(query: string, doc: JsonObject): boolean {
  const test = eqlTarget.compile(eqlTarget.parse(query, 'test.eql'), { now: 0 });
  return test(doc).matched;
}

export const proc = (fields: Record<string, unknown>): JsonObject =>
  ({ event: { category: 'process', type: 'start' }, ...fields }) as JsonObject;
