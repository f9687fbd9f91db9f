import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '../../src/ir/value.js';
import { TARGETS } from '../../src/targets/registry.js';
import { hostileString } from './arbitraries.js';
import { fuzzRuns, fuzzSeed } from './fuzz-config.js';
import { eventOf, PROTOTYPE_NAMES } from './own-fields.js';

/**
 * Every target must carry any logical event into its own shape and back without failing,
 * whatever the field names: real logs have fields named `constructor` or `__proto__`, and
 * a lookup table read without an own-property check turns them into Object's members.
 */
const runs = fuzzRuns(200);

const LOGICAL = ['process.name', 'process.command_line', 'registry.data', 'registry.key', 'file.path', 'destination.ip', 'user.name'];

const fieldName = fc.oneof(
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.constantFrom(...LOGICAL),
  fc.tuple(fc.constantFrom(...LOGICAL, ...PROTOTYPE_NAMES), fc.constantFrom(...PROTOTYPE_NAMES)).map(([a, b]) => `${a}.${b}`),
  hostileString,
);
const fieldValue: fc.Arbitrary<FieldValue> = fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(hostileString, { maxLength: 2 }));

const eventArb = fc
  .tuple(fc.constantFrom('process_creation', 'registry_set', 'file_event', 'network_connection', 'image_load', 'file_delete', 'registry_add', 'registry_delete', 'driver_load'), fc.array(fc.tuple(fieldName, fieldValue), { maxLength: 6 }))
  .map(([kind, fields]) => eventOf(kind, fields));

describe.each(TARGETS.map((t) => [t.id, t] as const))('%s projection', (_id, target) => {
  it('projects and unprojects events with any field names, touching nothing shared', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const native = target.project(event);
        expect(() => JSON.stringify(native)).not.toThrow();
        const back = target.unproject(JSON.parse(JSON.stringify(native)) as typeof native);
        expect(typeof back.kind).toBe('string');
        expect(Object.keys(Object.prototype)).toEqual([]);
      }),
      { numRuns: runs, seed: fuzzSeed(20261125) },
    );
  });
});
