import { describe, expect, it } from 'vitest';
import { formatEvent, minimiseWitness } from '../../src/check/witness.js';
import type { LogicalEvent } from '../../src/ir/value.js';

describe('witness', () => {
  it('drops every field the disagreement does not need, keeps kind', () => {
    const event: LogicalEvent = { kind: 'process_creation', 'host.name': 'pc', 'process.command_line': 'sc stopx', 'user.name': 'bob' };
    const differs = (e: LogicalEvent) => String(e['process.command_line'] ?? '').includes('stopx');
    expect(minimiseWitness(event, differs)).toEqual({ kind: 'process_creation', 'process.command_line': 'sc stopx' });
  });

  it('keeps fields that matter together', () => {
    const event: LogicalEvent = { kind: 'process_creation', a: '1', b: '2', c: '3' };
    const differs = (e: LogicalEvent) => e['a'] === '1' && e['c'] === '3';
    expect(minimiseWitness(event, differs)).toEqual({ kind: 'process_creation', a: '1', c: '3' });
  });

  it('formats one readable line, fields sorted, values quoted as JSON', () => {
    expect(formatEvent({ kind: 'registry_set', 'registry.value': 'WinDefend', 'registry.key': 'other' })).toBe(
      'registry_set {registry.key: "other", registry.value: "WinDefend"}',
    );
  });
});
