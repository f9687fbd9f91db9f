import { canonicalIntegrityLevel } from '../../../src/ir/integrity-level.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventArb } from '../../property/arbitraries.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import { eqlTarget } from '../../../src/targets/eql/index.js';
import { ecsField, logicalField } from '../../../src/targets/eql/schema.js';

describe('logical event ↔ ECS document (fields.md "One event, three schemas")', () => {
  const registry: LogicalEvent = {
    kind: 'registry_set',
    '@timestamp': '2026-11-20T10:00:00Z',
    'process.name': 'reg.exe',
    'registry.hive': 'HKLM',
    'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend',
    'registry.value': 'Start',
    'registry.data': '4',
    'registry.data.type': 'REG_DWORD',
  };

  it('a registry event: category and type, data as an array, path = hive\\key\\value, actor in process.*', () => {
    expect(eqlTarget.project(registry)).toEqual({
      event: { category: 'registry', type: 'change' },
      host: { os: { type: 'windows' } },
      '@timestamp': '2026-11-20T10:00:00Z',
      process: { name: 'reg.exe' },
      registry: {
        hive: 'HKLM',
        key: 'SYSTEM\\CurrentControlSet\\Services\\WinDefend',
        value: 'Start',
        data: { strings: ['4'], type: 'REG_DWORD' },
        path: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start',
      },
    });
  });

  it('a process event: category process, type start; arrays stay arrays', () => {
    const doc = eqlTarget.project({ kind: 'process_creation', 'process.name': 'sc.exe', 'process.args': ['sc', 'stop'], 'process.parent.name': 'cmd.exe' });
    expect(doc).toEqual({ event: { category: 'process', type: 'start' }, host: { os: { type: 'windows' } }, process: { name: 'sc.exe', args: ['sc', 'stop'], parent: { name: 'cmd.exe' } } });
  });

  it('unproject inverts project', () => {
    expect(eqlTarget.unproject(eqlTarget.project(registry))).toEqual(registry);
  });

  it('unproject reads dotted keys, array categories, and fills hive/key/value from registry.path', () => {
    const back = eqlTarget.unproject({
      'event.category': ['registry'],
      'registry.path': 'HKLM\\SOFTWARE\\Run\\evil',
      'registry.data.strings': ['a', 'b'],
      'not.a.field': 1,
    });
    expect(back).toEqual({ kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\Run', 'registry.value': 'evil', 'registry.data': ['a', 'b'] });
  });

  it('names: registry.data is registry.data.strings; the grandparent has no ECS field', () => {
    expect(ecsField('registry.data')).toBe('registry.data.strings');
    expect(ecsField('process.parent.parent.name')).toBeUndefined();
    expect(logicalField('registry.data.strings', 'registry_set')).toBe('registry.data');
    // ECS registry.path is the logical registry.path (HKLM\<key>\<value>), on registry events only.
    expect(logicalField('registry.path', 'registry_set')).toBe('registry.path');
    expect(logicalField('registry.path', 'process_creation')).toBeUndefined();
  });

  it('a field called __proto__ stays data (no prototype pollution)', () => {
    const event = JSON.parse('{"kind":"process_creation","__proto__.polluted":"yes"}') as LogicalEvent;
    const doc = eqlTarget.project(event);
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(doc, '__proto__')).toBe(true);
  });
});

describe('projection round trip', () => {
  it('unproject(project(e)) is e for random events with hostile values', () => {
    // Up to one difference: Elastic Defend spells a known integrity level in lower case, so it
    // comes back in Sysmon's spelling (src/ir/integrity-level.ts), whatever case it had.
    const level = (e: LogicalEvent): LogicalEvent => {
      const v = e['process.integrity_level'];
      return typeof v === 'string' ? { ...e, 'process.integrity_level': canonicalIntegrityLevel(v) ?? v } : e;
    };
    fc.assert(
      fc.property(eventArb, (e) => {
        expect(eqlTarget.unproject(eqlTarget.project(e))).toEqual(level(e));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 3 },
    );
  });
});
