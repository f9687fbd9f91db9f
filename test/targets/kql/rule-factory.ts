import type { Condition } from '../../../src/ir/condition.js';
import type { DerivedField } from '../../../src/ir/derived.js';
import type { EventKind } from '../../../src/ir/event-kind.js';
import type { Rule, RuleOutput } from '../../../src/ir/rule.js';

export interface RuleInit {
  readonly condition: Condition;
  readonly logsources?: readonly EventKind[];
  readonly lists?: Record<string, readonly string[]>;
  readonly derived?: readonly DerivedField[];
  readonly output?: RuleOutput;
  readonly window?: string;
  readonly techniques?: readonly string[];
}

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A rule with every metadata field filled in, so tests state only what they are about. */
export function ruleWith(init: RuleInit): Rule {
  const w = init.window ? /^([0-9]+)(ms|s|m|h|d)$/.exec(init.window) : null;
  return {
    id: '3f0c2a55-1b7e-4d0a-9c1e-6a2b8d4f7e10',
    name: 'kql-test-rule',
    title: 'KQL test rule',
    description: 'A rule built in a test.',
    author: ['unirule'],
    date: '2026-11-22',
    status: 'experimental',
    severity: 'high',
    confidence: 'medium',
    attack: { version: '18', techniques: init.techniques ?? ['T1489'] },
    references: [],
    falsePositives: [],
    dataSources: [],
    related: [],
    notes: {},
    logsources: init.logsources ?? ['process_creation'],
    ...(w ? { window: { ms: Number(w[1]) * (UNIT[w[2] as string] as number), text: init.window as string } } : {}),
    lists: new Map(Object.entries(init.lists ?? {})),
    condition: init.condition,
    derived: init.derived ?? [],
    output: init.output ?? { fields: [], sort: [] },
    tests: { now: '2026-11-20T12:00:00Z', cases: [] },
  };
}
