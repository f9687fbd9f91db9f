import { describe, expect, it } from 'vitest';
import type { LogicalEvent } from '../../src/ir/value.js';
import { TARGETS } from '../../src/targets/registry.js';
import { eventOf } from './own-fields.js';

/**
 * Shrunk counterexamples that property tests once found, kept as fixed cases so the bug they
 * exposed stays fixed whatever seed later runs use. Each says which property found it, the
 * seed and path fast-check printed, and what went wrong.
 */
interface Regression {
  readonly property: string;
  readonly found: string;
  readonly was: string;
  readonly event: LogicalEvent;
}

const PROJECTION: readonly Regression[] = [
  {
    property: 'projection.test.ts: projects and unprojects events with any field names',
    found: 'seed 20261125, path "0:0:1:1", 2026-11-29',
    was: 'eql projection: TypeError "path.split is not a function" — the ECS rename table was read without an own-property check, so `constructor` became Object',
    event: eventOf('process_creation', [['constructor', []]]),
  },
];

describe('property regressions: projection', () => {
  it.each(PROJECTION.flatMap((r) => TARGETS.map((t) => [t.id, r.was, t, r] as const)))('%s: %s', (_id, _was, target, r) => {
    const native = target.project(r.event);
    const back = target.unproject(JSON.parse(JSON.stringify(native)) as typeof native);
    expect(back.kind).toBe(r.event.kind);
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
