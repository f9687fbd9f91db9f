import { describe, expect, it } from 'vitest';
import type { JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { eqlTarget } from '../../src/targets/eql/index.js';
import { kqlTarget } from '../../src/targets/kql/index.js';
import { sigmaTarget } from '../../src/targets/sigma/index.js';

/**
 * The traps of "One event, three schemas" (the project's field facts, README "Fields"), one
 * test each, on the projections the check evaluates every form on: one logical event in each
 * target's shape, and back. Sigma's rows run once its target lands.
 */
const sigmaReady = (() => {
  try {
    sigmaTarget.project({ kind: 'process_creation' } as LogicalEvent);
    return true;
  } catch {
    return false;
  }
})();

const processEvent = {
  kind: 'process_creation',
  '@timestamp': '2026-11-20T10:00:00Z',
  'host.name': 'WS1',
  'user.name': 'alice',
  'user.domain': 'CORP',
  'process.name': 'sc.exe',
  'process.executable': 'C:\\Windows\\System32\\sc.exe',
  'process.command_line': 'sc stop WinDefend',
  'process.args': ['sc', 'stop', 'WinDefend'],
  'process.parent.name': 'cmd.exe',
  'process.parent.command_line': 'cmd.exe /c sc stop WinDefend',
} as unknown as LogicalEvent;

const registryEvent = {
  kind: 'registry_set',
  '@timestamp': '2026-11-20T10:00:00Z',
  'registry.hive': 'HKLM',
  'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend',
  'registry.value': 'Start',
  'registry.data': '4',
  'process.name': 'reg.exe',
  'process.command_line': 'reg add x',
  'user.name': 'bob',
} as unknown as LogicalEvent;

const at = (doc: JsonObject, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc);

describe('trap: the image file name', () => {
  // Defender: FileName; ECS: process.name; Sigma has only the full path, Image.
  it('is FileName in Defender and process.name in ECS, the full path FolderPath and process.executable', () => {
    expect(kqlTarget.project(processEvent)).toMatchObject({ FileName: 'sc.exe', FolderPath: 'C:\\Windows\\System32\\sc.exe' });
    const ecs = eqlTarget.project(processEvent);
    expect(at(ecs, 'process.name')).toBe('sc.exe');
    expect(at(ecs, 'process.executable')).toBe('C:\\Windows\\System32\\sc.exe');
  });

  it.runIf(sigmaReady)('is only the end of Image in Sigma', () => {
    expect(sigmaTarget.project(processEvent)).toMatchObject({ Image: 'C:\\Windows\\System32\\sc.exe', CommandLine: 'sc stop WinDefend' });
  });
});

describe('trap: the registry key and the value name', () => {
  // Defender: RegistryKey has the full hive name and no value name; ECS: registry.key without
  // the hive, registry.path = short hive + key + value name.
  it('Defender keeps the value name out of RegistryKey and spells the hive in full', () => {
    expect(kqlTarget.project(registryEvent)).toMatchObject({
      RegistryKey: 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\WinDefend',
      RegistryValueName: 'Start',
    });
  });

  it('ECS has the key without the hive, and registry.path with the value name', () => {
    const ecs = eqlTarget.project(registryEvent);
    expect(at(ecs, 'registry.hive')).toBe('HKLM');
    expect(at(ecs, 'registry.key')).toBe('SYSTEM\\CurrentControlSet\\Services\\WinDefend');
    expect(at(ecs, 'registry.path')).toBe('HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start');
  });

  it.runIf(sigmaReady)('Sigma has TargetObject = short hive, key and value name', () => {
    expect(sigmaTarget.project(registryEvent)).toMatchObject({ TargetObject: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start' });
  });
});

describe('trap: InitiatingProcess* is the parent of a process but the actor of a registry write', () => {
  it('Defender: a process event\'s parent and a registry event\'s actor both land in InitiatingProcess*', () => {
    expect(kqlTarget.project(processEvent)).toMatchObject({ InitiatingProcessFileName: 'cmd.exe', InitiatingProcessCommandLine: 'cmd.exe /c sc stop WinDefend' });
    const row = kqlTarget.project(registryEvent);
    expect(row).toMatchObject({ InitiatingProcessFileName: 'reg.exe', InitiatingProcessCommandLine: 'reg add x', InitiatingProcessAccountName: 'bob' });
    // The registry table has no ProcessCommandLine, FileName or AccountName of its own.
    expect(row).not.toHaveProperty('ProcessCommandLine');
    expect(row).not.toHaveProperty('FileName');
    expect(row).not.toHaveProperty('AccountName');
  });

  it('back from Defender, the same column becomes process.parent.* or process.* by table', () => {
    expect(kqlTarget.unproject(kqlTarget.project(processEvent))).toMatchObject({ 'process.parent.name': 'cmd.exe', 'process.name': 'sc.exe' });
    const back = kqlTarget.unproject(kqlTarget.project(registryEvent));
    expect(back).toMatchObject({ 'process.name': 'reg.exe', 'process.command_line': 'reg add x' });
    expect(back).not.toHaveProperty('process.parent.name');
  });

  it('ECS: process.parent.* for a process event, process.* for a registry event', () => {
    expect(at(eqlTarget.project(processEvent), 'process.parent.name')).toBe('cmd.exe');
    expect(at(eqlTarget.project(registryEvent), 'process.name')).toBe('reg.exe');
    expect(at(eqlTarget.project(registryEvent), 'process.parent')).toBeUndefined();
  });
});

describe('trap: fields one schema has and another lacks', () => {
  it('Defender has no process.args', () => {
    const row = kqlTarget.project(processEvent);
    expect(Object.values(row)).not.toContainEqual(['sc', 'stop', 'WinDefend']);
    expect(kqlTarget.unproject(row)).not.toHaveProperty('process.args');
  });

  it('ECS registry.data.strings is an array', () => {
    expect(at(eqlTarget.project(registryEvent), 'registry.data.strings')).toEqual(['4']);
  });

  it("Sentinel's time column is TimeGenerated, next to Defender's Timestamp", () => {
    expect(kqlTarget.project(processEvent)).toMatchObject({ Timestamp: '2026-11-20T10:00:00Z', TimeGenerated: '2026-11-20T10:00:00Z' });
    const { Timestamp: _t, ...sentinelOnly } = kqlTarget.project(processEvent);
    expect(kqlTarget.unproject(sentinelOnly)['@timestamp']).toBe('2026-11-20T10:00:00Z');
  });
});
