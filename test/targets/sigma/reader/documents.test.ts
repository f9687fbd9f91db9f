import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../src/ir/value.js';
import { compileSigma } from '../../../../src/targets/sigma/evaluate.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { runSigma } from '../../../../src/targets/sigma/run.js';
import { FILE, matches, NOW, problemOf, rule } from './helpers.js';

const anyImage = "selection:\n  Image|endswith: '.exe'\ncondition: selection";

describe('an event is evaluated by the documents whose logsource selects it', () => {
  it.each<readonly [string, JsonObject, boolean]>([
    ['category: process_creation\n  product: windows', { EventID: 1, Image: 'a.exe' }, true],
    ['category: process_creation\n  product: windows', { EventID: '1', Image: 'a.exe' }, true],
    ['category: process_creation\n  product: windows', { EventID: 11, Image: 'a.exe' }, false],
    ['category: registry_set\n  product: windows', { EventID: 13, Image: 'a.exe' }, true],
    ['category: registry_set\n  product: windows', { EventID: 12, Image: 'a.exe' }, false],
    ['category: registry_event\n  product: windows', { EventID: 12, Image: 'a.exe' }, true],
    ['category: registry_event\n  product: windows', { EventID: 13, Image: 'a.exe' }, true],
    ['category: registry_event\n  product: windows', { EventID: 14, Image: 'a.exe' }, true],
    ['category: registry_add\n  product: windows', { EventID: 12, EventType: 'CreateKey', Image: 'a.exe' }, true],
    ['category: registry_add\n  product: windows', { EventID: 12, EventType: 'DeleteKey', Image: 'a.exe' }, false],
    ['category: registry_delete\n  product: windows', { EventID: 12, EventType: 'DeleteKey', Image: 'a.exe' }, true],
    ['category: registry_rename\n  product: windows', { EventID: 14, Image: 'a.exe' }, true],
    ['category: file_event\n  product: windows', { EventID: 11, Image: 'a.exe' }, true],
    ['category: network_connection\n  product: windows', { EventID: 3, Image: 'a.exe' }, true],
    ['category: image_load\n  product: windows', { EventID: 7, Image: 'a.exe' }, true],
    ['category: image_load\n  product: windows', { EventID: 1, Image: 'a.exe' }, false],
    ['category: dns_query\n  product: windows', { EventID: 22, Image: 'a.exe' }, true],
    // Sysmon events are Windows and the sysmon service.
    ['category: process_creation\n  product: linux', { EventID: 1, Image: 'a.exe' }, false],
    ['product: windows\n  service: sysmon', { EventID: 1, Image: 'a.exe' }, true],
    ['product: windows\n  service: security', { EventID: 1, Image: 'a.exe' }, false],
    // A Channel that is not Sysmon's makes the id say nothing: the event is tried everywhere.
    ['category: process_creation\n  product: windows', { EventID: 11, Channel: 'Security', Image: 'a.exe' }, true],
    ['category: process_creation\n  product: windows', { EventID: 11, Channel: 'Microsoft-Windows-Sysmon/Operational', Image: 'a.exe' }, false],
    // An explicit logsource on the event wins.
    ['category: process_creation\n  product: windows', { logsource: { category: 'process_creation', product: 'windows' }, Image: 'a.exe' }, true],
    ['category: process_creation\n  product: windows', { logsource: { category: 'file_event' }, EventID: 1, Image: 'a.exe' }, false],
    ['category: process_creation\n  product: windows', { logsource: { category: 'Process_Creation' }, Image: 'a.exe' }, true],
    ['category: process_creation\n  product: linux', { logsource: { category: 'process_creation' }, Image: 'a.exe' }, true],
    ['category: process_creation\n  product: linux', { logsource: { product: 'windows' }, Image: 'a.exe' }, false],
    // Neither: tried against every document.
    ['category: process_creation\n  product: windows', { Image: 'a.exe' }, true],
    ['category: process_creation\n  product: windows', { EventID: 4688, Image: 'a.exe' }, true],
  ])('logsource {%s} over %j → %s', (logsource, event, want) => {
    expect(matches(rule(anyImage, logsource), event)).toBe(want);
  });
});

const procDoc = `title: Proc
id: 11111111-1111-4111-8111-111111111111
name: proc_rule
logsource:
  category: process_creation
  product: windows
detection:
  selection:
    CommandLine|contains: 'evil'
  condition: selection
`;
const regDoc = `title: Reg
id: 22222222-2222-4222-8222-222222222222
logsource:
  category: registry_set
  product: windows
detection:
  selection:
    TargetObject|contains: 'Run'
  condition: selection
`;

describe('several documents in one file', () => {
  const text = `${procDoc}---\n${regDoc}`;
  it.each<readonly [JsonObject, boolean]>([
    [{ EventID: 1, CommandLine: 'so evil' }, true],
    [{ EventID: 1, TargetObject: 'HKLM\\Run' }, false],
    [{ EventID: 13, TargetObject: 'HKLM\\Run' }, true],
    [{ EventID: 13, CommandLine: 'so evil' }, false],
    [{ CommandLine: 'so evil' }, true],
    [{ TargetObject: 'Run' }, true],
  ])('%j → %s', (event, want) => expect(matches(text, event)).toBe(want));

  it('empty documents between separators are skipped', () => {
    const set = parseSigma(`---\n${procDoc}---\n---\n${regDoc}`, FILE);
    expect(set.documents.map((d) => d.title)).toEqual(['Proc', 'Reg']);
  });
});

const filterDoc = (rules: string, logsource = '', condition = 'not selection'): string => `title: Exclude the admin
${logsource}filter:
  rules:
${rules}
  selection:
    User|contains: 'admin'
  condition: ${condition}
`;

describe('filters are ANDed onto the rules they name', () => {
  it.each<readonly [string, string]>([
    ['by id', '    - 11111111-1111-4111-8111-111111111111'],
    ['by name', '    - proc_rule'],
    ['as one value', '    proc_rule'.replace('    ', '    ')],
  ])('%s', (_how, rules) => {
    const text = `${procDoc}---\n${filterDoc(rules.startsWith('    -') ? rules : `    - ${rules.trim()}`)}`;
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'bob' })).toBe(true);
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'ADMIN' })).toBe(false);
    expect(matches(text, { EventID: 1, CommandLine: 'evil' })).toBe(true);
  });

  it('leaves the rules it does not name alone', () => {
    const text = `${procDoc}---\n${regDoc}---\n${filterDoc('    - proc_rule')}`;
    expect(matches(text, { EventID: 13, TargetObject: 'Run', User: 'admin' })).toBe(true);
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'admin' })).toBe(false);
  });

  it('applies only where its logsource fits the rule', () => {
    const both = '    - proc_rule\n    - 22222222-2222-4222-8222-222222222222';
    const text = `${procDoc}---\n${regDoc}---\n${filterDoc(both, 'logsource:\n  category: registry_set\n')}`;
    expect(matches(text, { EventID: 13, TargetObject: 'Run', User: 'admin' })).toBe(false);
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'admin' })).toBe(true);
  });

  it('a filter may stand before the rule it names', () => {
    const text = `${filterDoc('    - proc_rule')}---\n${procDoc}`;
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'admin' })).toBe(false);
  });

  it('two filters on one rule both apply', () => {
    const second = `title: Exclude svc\nfilter:\n  rules: [proc_rule]\n  svc:\n    User: 'svc'\n  condition: not svc\n`;
    const text = `${procDoc}---\n${filterDoc('    - proc_rule')}---\n${second}`;
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'svc' })).toBe(false);
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'admin' })).toBe(false);
    expect(matches(text, { EventID: 1, CommandLine: 'evil', User: 'bob' })).toBe(true);
  });

  it('a filter that applies to no rule of the file is an error at its rules', () => {
    const text = `${procDoc}---\n${filterDoc('    - nosuchrule')}`;
    const p = problemOf(() => compileSigma(parseSigma(text, FILE), { now: NOW }));
    expect(p.message).toMatch(/applies to no rule of this file.*nosuchrule/);
    expect([p.line, p.col]).toEqual([15, 7]); // procDoc is 10 lines, then `---`
  });

  it('a file of filters only is an error', () => {
    const p = problemOf(() => compileSigma(parseSigma(filterDoc('    - proc_rule'), FILE), { now: NOW }));
    expect(p.message).toMatch(/no detection rule/);
  });
});

describe('correlation rules are refused, never crash', () => {
  const correlation = `title: Many failed logons
id: 33333333-3333-4333-8333-333333333333
correlation:
  type: event_count
  rules:
    - proc_rule
  group-by:
    - User
  timespan: 5m
  condition:
    gte: 10
`;
  it('at compile time, with the position of the correlation document', () => {
    const set = parseSigma(`${procDoc}---\n${correlation}`, FILE);
    expect(set.documents.map((d) => d.kind)).toEqual(['rule', 'correlation']);
    const p = problemOf(() => compileSigma(set, { now: NOW }));
    expect(p.message).toMatch(/^correlation rules are not supported yet/);
    expect(p.message).toMatch(/event_count/);
    expect([p.line, p.col]).toEqual([12, 1]);
  });
  it('by run before any event is read', () => {
    const set = parseSigma(correlation, FILE);
    const p = problemOf(() => runSigma(set, [], { now: NOW }));
    expect(p.message).toMatch(/correlation rules are not supported yet/);
    expect([p.line, p.col]).toEqual([1, 1]);
  });
});

describe('runSigma yields the matching events in order, each once', () => {
  it('over several documents', () => {
    const set = parseSigma(`${procDoc}---\n${regDoc}`, FILE);
    const events: JsonObject[] = [
      { EventID: 1, CommandLine: 'evil', n: 1 },
      { EventID: 1, CommandLine: 'good', n: 2 },
      { EventID: 13, TargetObject: 'Run', n: 3 },
      { CommandLine: 'evil', TargetObject: 'Run', n: 4 },
    ];
    expect([...runSigma(set, events, { now: NOW })].map((e) => e['n'])).toEqual([1, 3, 4]);
  });
  it('compileSigma derives nothing', () => {
    const verdict = compileSigma(parseSigma(procDoc, FILE), { now: NOW })({ CommandLine: 'evil' });
    expect(verdict).toEqual({ matched: true, derived: {} });
  });
});
