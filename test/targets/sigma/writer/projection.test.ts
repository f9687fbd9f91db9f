import { describe, expect, it } from 'vitest';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { projectEvent, unprojectEvent } from '../../../../src/targets/sigma/schema.js';
import { kindOfCategory, kindOfEventId, parseDetails, renderDetails, splitTargetObject } from '../../../../src/targets/sigma/taxonomy.js';

/**
 * The Sysmon shape of logical events, trap by trap (fields.md "One event, three schemas" and
 * "Traps the check must catch"; sigma.md "A rule": categories follow Sysmon event ids).
 */
describe('projection into Sysmon events', () => {
  it.each([
    ['process_creation', 1],
    ['registry_set', 13],
    ['file_event', 11],
    ['network_connection', 3],
    ['image_load', 7],
    ['file_delete', 23],
  ] as const)('%s events carry EventID %i, and back', (kind, id) => {
    expect(projectEvent({ kind })['EventID']).toBe(id);
    expect(kindOfEventId(id)).toBe(kind);
    expect(kindOfCategory(kind)).toBe(kind);
    expect(unprojectEvent({ EventID: id }).kind).toBe(kind);
  });

  it('a process event: full paths and command lines under their Sysmon names; the name has no field of its own', () => {
    const event: LogicalEvent = {
      kind: 'process_creation',
      'process.name': 'sc.exe',
      'process.executable': 'C:\\Windows\\System32\\sc.exe',
      'process.command_line': 'sc stop WinDefend',
      'process.pe.original_file_name': 'sc.exe',
      'process.pid': 4242,
      'process.parent.name': 'cmd.exe',
      'process.parent.executable': 'C:\\Windows\\System32\\cmd.exe',
      'process.parent.command_line': 'cmd /c x',
      'process.parent.pid': 100,
      'process.parent.parent.name': 'explorer.exe',
      'host.name': 'ws-1',
    };
    expect(projectEvent(event)).toEqual({
      EventID: 1,
      Image: 'C:\\Windows\\System32\\sc.exe',
      CommandLine: 'sc stop WinDefend',
      OriginalFileName: 'sc.exe',
      ProcessId: 4242,
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      ParentCommandLine: 'cmd /c x',
      ParentProcessId: 100,
      Computer: 'ws-1',
    });
    // The names come back from the paths; the grandparent does not (Sysmon does not record it).
    const { ['process.parent.parent.name']: _dropped, ...rest } = event;
    expect(unprojectEvent(projectEvent(event))).toEqual(rest);
  });

  it('a file name given without its path has nowhere to go (Sigma reads it off Image)', () => {
    expect(projectEvent({ kind: 'process_creation', 'process.name': 'sc.exe' })).toEqual({ EventID: 1 });
  });

  it('user: User = DOMAIN\\name, split at the first backslash', () => {
    const native = projectEvent({ kind: 'process_creation', 'user.domain': 'NT AUTHORITY', 'user.name': 'SYSTEM' });
    expect(native['User']).toBe('NT AUTHORITY\\SYSTEM');
    expect(unprojectEvent(native)).toMatchObject({ 'user.domain': 'NT AUTHORITY', 'user.name': 'SYSTEM' });
    // Sysmon writes the account whole: a name without a domain has no User (user-qualified-name.ts).
    expect(projectEvent({ kind: 'process_creation', 'user.name': 'alice' })).not.toHaveProperty('User');
  });

  it('registry: TargetObject = short hive \\ key \\ value name; the actor is Image, not the parent', () => {
    const event: LogicalEvent = {
      kind: 'registry_set',
      'registry.hive': 'HKLM',
      'registry.key': 'SYSTEM\\CurrentControlSet\\Services\\WinDefend',
      'registry.value': 'Start',
      'registry.data': '4',
      'registry.data.type': 'REG_DWORD',
      'process.executable': 'C:\\Windows\\regedit.exe',
      'process.command_line': 'regedit',
    };
    const native = projectEvent(event);
    expect(native).toEqual({
      EventID: 13,
      EventType: 'SetValue',
      TargetObject: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start',
      Details: 'DWORD (0x00000004)',
      Image: 'C:\\Windows\\regedit.exe',
    });
    expect(native).not.toHaveProperty('ParentImage');
    // Sysmon's event 13 has no command line: it does not come back.
    const { ['process.command_line']: _cl, ...rest } = event;
    expect(unprojectEvent(native)).toEqual({ ...rest, 'process.name': 'regedit.exe' });
  });

  it('a long hive name is written short, as Sysmon does', () => {
    expect(projectEvent({ kind: 'registry_set', 'registry.hive': 'HKEY_CURRENT_USER', 'registry.key': 'Software\\X', 'registry.value': 'v' })['TargetObject']).toBe('HKCU\\Software\\X\\v');
  });

  it('the split of TargetObject is ambiguous when a value name holds a backslash (why key and value are approximations)', () => {
    const a = projectEvent({ kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\A', 'registry.value': 'B\\C' });
    const b = projectEvent({ kind: 'registry_set', 'registry.hive': 'HKLM', 'registry.key': 'SOFTWARE\\A\\B', 'registry.value': 'C' });
    expect(a['TargetObject']).toBe(b['TargetObject']);
    expect(splitTargetObject(a['TargetObject'] as string)).toEqual({ hive: 'HKLM', key: 'SOFTWARE\\A\\B', value: 'C' });
  });

  it.each([
    ['HKLM\\SOFTWARE\\X\\Start', { hive: 'HKLM', key: 'SOFTWARE\\X', value: 'Start' }],
    ['\\REGISTRY\\MACHINE\\SYSTEM\\X\\Start', { hive: 'HKLM', key: 'SYSTEM\\X', value: 'Start' }],
    ['\\REGISTRY\\USER\\S-1-5-21\\Run\\x', { hive: 'HKU', key: 'S-1-5-21\\Run', value: 'x' }],
    ['HKCU\\Start', { hive: 'HKCU', value: 'Start' }],
    ['NoHive\\Key\\Val', { key: 'NoHive\\Key', value: 'Val' }],
  ])('TargetObject %j reads as %j', (target, parts) => {
    expect(splitTargetObject(target)).toEqual(parts);
  });

  it.each([
    ['1', 'REG_DWORD', 'DWORD (0x00000001)'],
    ['4294967295', 'REG_DWORD', 'DWORD (0xffffffff)'],
    ['4294967296', 'REG_DWORD', '4294967296'],
    ['4294967296', 'REG_QWORD', 'QWORD (0x00000001-0x00000000)'],
    ['01', 'REG_DWORD', '01'],
    ['4d5a', 'REG_BINARY', 'Binary Data'],
    ['C:\\x.exe', 'REG_SZ', 'C:\\x.exe'],
    ['1', undefined, '1'],
    ['', 'REG_SZ', '(Empty)'],
    ['', undefined, '(Empty)'],
    ['', 'REG_BINARY', 'Binary Data'],
  ])('Details of %j as %s is %j', (data, type, details) => {
    expect(renderDetails(data, type)).toBe(details);
    expect(projectEvent({ kind: 'registry_set', 'registry.data': data, ...(type ? { 'registry.data.type': type } : {}) })['Details']).toBe(details);
  });

  it.each([
    ['DWORD (0x00000001)', { data: '1', type: 'REG_DWORD' }],
    ['DWORD (0xFFFFFFFF)', { data: '4294967295', type: 'REG_DWORD' }],
    ['QWORD (0x00000001-0x00000002)', { data: '4294967298', type: 'REG_QWORD' }],
    ['Binary Data', { data: 'Binary Data', type: 'REG_BINARY' }],
    ['hello', { data: 'hello' }],
    ['(Empty)', { data: '' }],
  ])('Details %j reads as %j', (details, back) => {
    expect(parseDetails(details)).toEqual(back);
  });

  it('hashes are one Hashes field', () => {
    const native = projectEvent({ kind: 'process_creation', 'process.hash.sha256': 'ab12' });
    expect(native['Hashes']).toBe('SHA256=ab12');
    expect(unprojectEvent({ EventID: 1, Hashes: 'SHA1=00,MD5=11,SHA256=AB12,IMPHASH=22' })['process.hash.sha256']).toBe('AB12');
  });

  it('nulls and arrays are left out; fields of other kinds are not projected', () => {
    expect(projectEvent({ kind: 'process_creation', 'process.command_line': null, 'process.args': ['a'], 'registry.key': 'x' })).toEqual({ EventID: 1 });
  });

  it('times are written as Sysmon writes UtcTime, and read back', () => {
    const native = projectEvent({ kind: 'file_event', '@timestamp': '2026-11-20T10:00:00Z', 'file.path': 'C:\\x.ps1' });
    expect(native).toEqual({ EventID: 11, UtcTime: '2026-11-20 10:00:00.000', TargetFilename: 'C:\\x.ps1' });
    expect(unprojectEvent(native)).toEqual({ kind: 'file_event', '@timestamp': '2026-11-20T10:00:00.000Z', 'file.path': 'C:\\x.ps1', 'file.name': 'x.ps1' });
  });

  it('network and image-load fields', () => {
    expect(
      projectEvent({ kind: 'network_connection', 'source.ip': '10.0.0.1', 'source.port': 50000, 'destination.ip': '1.2.3.4', 'destination.port': 443, 'destination.domain': 'x.example' }),
    ).toEqual({ EventID: 3, SourceIp: '10.0.0.1', SourcePort: 50000, DestinationIp: '1.2.3.4', DestinationPort: 443, DestinationHostname: 'x.example' });
    expect(projectEvent({ kind: 'image_load', 'dll.path': 'C:\\x\\a.dll', 'dll.name': 'a.dll' })).toEqual({ EventID: 7, ImageLoaded: 'C:\\x\\a.dll' });
  });

  it('an event without EventID is recognised by the fields only one kind has', () => {
    expect(unprojectEvent({ TargetObject: 'HKLM\\x\\y' }).kind).toBe('registry_set');
    expect(unprojectEvent({ CommandLine: 'x' }).kind).toBe('process_creation');
    expect(unprojectEvent({}).kind).toBe('unknown');
  });
});
