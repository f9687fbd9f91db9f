import { describe, expect, it } from 'vitest';
import { latestAttackVersion, resolveRevoked, tacticByShortname, tacticsFor, techniqueIn } from '../../../../src/attack/index.js';
import type { Diagnostic } from '../../../../src/diagnostics.js';
import { importSigma, importSigmaDocuments } from '../../../../src/targets/sigma/import.js';
import { splitAuthors } from '../../../../src/targets/sigma/import-metadata.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { FILE } from './helpers.js';

/**
 * Metadata of a Sigma rule (Sigma rules specification v2: "Author", "Identification",
 * "Fields", "Tags" and the tags appendix) → the rule model. What the model cannot hold is
 * left out with a warning at the line and column it is written, never silently.
 */
const HEAD = 'title: Metadata test\nid: 0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9\nstatus: test\n';
const BODY = "logsource:\n  category: process_creation\n  product: windows\ndetection:\n  sel:\n    CommandLine|contains: 'evil'\n  condition: sel\nlevel: high\n";

function imported(text: string): { rule: ReturnType<typeof importSigma>; warnings: readonly Diagnostic[] } {
  const { rule, warnings } = importSigmaDocuments(parseSigma(text, FILE), FILE);
  return { rule, warnings };
}
/** The line (1-based) of the first line of `text` holding `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('author: several authors are separated by commas, a comma in parentheses is not a separator', () => {
  it.each<readonly [string, readonly string[]]>([
    ['Ann', ['Ann']],
    ['Ann, Bob', ['Ann', 'Bob']],
    ['Ann,Bob ,  Cy', ['Ann', 'Bob', 'Cy']],
    ['A. Person (originally from Lab One, Lab Two), community', ['A. Person (originally from Lab One, Lab Two)', 'community']],
    ['Ann (a, b), Bob [c, d], Cy {e, f}', ['Ann (a, b)', 'Bob [c, d]', 'Cy {e, f}']],
    ['Ann (nested (x, y), z), Bob', ['Ann (nested (x, y), z)', 'Bob']],
    ['Ann), Bob', ['Ann)', 'Bob']],
    [' , Ann, ', ['Ann']],
    ['', []],
  ])('%j', (text, want) => {
    expect(splitAuthors(text)).toEqual(want);
  });

  it('on import', () => {
    const text = `${HEAD}author: A. Person (originally from Lab One, Lab Two), community\n${BODY}`;
    expect(imported(text).rule.author).toEqual(['A. Person (originally from Lab One, Lab Two)', 'community']);
  });
});

describe('tags', () => {
  const v = latestAttackVersion();

  it('a tactic-only tag is kept as the tactic (the tags appendix names tactics by shortname; older rules write _)', () => {
    for (const tag of ['attack.defense-evasion', 'attack.defense_evasion']) {
      const { rule, warnings } = imported(`${HEAD}tags:\n  - ${tag}\n${BODY}`);
      expect(rule.attack).toEqual({ version: v, techniques: [], tactics: ['TA0005'] });
      expect(warnings).toEqual([]);
    }
  });

  it('a tactic the techniques already imply is not repeated; one they do not imply is kept', () => {
    // T1059 is an Execution technique in every shipped version.
    expect(tacticsFor('T1059', v).map((t) => t.id)).toEqual(['TA0002']);
    const implied = imported(`${HEAD}tags:\n  - attack.execution\n  - attack.t1059\n${BODY}`).rule.attack;
    expect(implied).toEqual({ version: v, techniques: ['T1059'] });
    const extra = imported(`${HEAD}tags:\n  - attack.persistence\n  - attack.t1059\n${BODY}`).rule.attack;
    expect(extra).toEqual({ version: v, techniques: ['T1059'], tactics: ['TA0003'] });
  });

  it('a technique revoked in the stamped ATT&CK version is imported as its replacement, with a warning at the tag', () => {
    // data/attack: T1562.004 is revoked in v19 (revoked_by T1686).
    const moved = resolveRevoked('T1562.004', v);
    expect(moved).toBeDefined();
    const text = `${HEAD}tags:\n  - attack.defense-evasion\n  - attack.t1562.004\n${BODY}`;
    const { rule, warnings } = imported(text);
    expect(rule.attack.techniques).toEqual([moved?.id]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ file: FILE, severity: 'warning', position: { line: lineOf(text, 'attack.t1562.004'), col: 5 } });
    expect(warnings[0]?.message).toContain(`T1562.004 is revoked in ATT&CK v${v}; imported as its replacement ${moved?.id as string}`);
  });

  it('a deprecated technique is kept (it has no replacement) with a warning; an unknown one is left out with a warning', () => {
    const deprecated = 'T1053.004';
    expect(techniqueIn(v, deprecated)?.deprecated).toBe(true);
    const text = `${HEAD}tags:\n  - attack.t1053.004\n  - attack.t9999\n${BODY}`;
    const { rule, warnings } = imported(text);
    expect(rule.attack.techniques).toEqual([deprecated]);
    expect(warnings.map((w) => [w.position.line, w.message])).toEqual([
      [lineOf(text, 'attack.t1053.004'), expect.stringContaining('deprecated')],
      [lineOf(text, 'attack.t9999'), expect.stringContaining('T9999 is not an ATT&CK technique')],
    ]);
  });

  // The tags appendix's namespaces (attack software/groups, car, cve, stp, tlp, detection) and
  // a custom one: the rule model holds none of them.
  it.each([
    ['attack.s0190', /ATT&CK software id/],
    ['attack.g0032', /ATT&CK group id/],
    ['car.2016-04-005', /MITRE CAR analytic/],
    ['cve.2021-44228', /CVE id/],
    ['stp.3k', /Summiting the Pyramid/],
    ['tlp.amber', /TLP marking/],
    ['detection.threat-hunting', /SigmaHQ rule type/],
    ['acme.internal', /acme namespace/],
  ])('%s is left out with a warning at its position', (tag, why) => {
    const text = `${HEAD}tags:\n  - attack.t1059\n  - ${tag}\n${BODY}`;
    const { rule, warnings } = imported(text);
    expect(rule.attack).toEqual({ version: v, techniques: ['T1059'] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.position).toEqual({ line: lineOf(text, tag), col: 5 });
    expect(warnings[0]?.message).toMatch(why);
    expect(warnings[0]?.message).toContain('left out');
  });

  it('every tactic of the tags appendix resolves to the tactic id it links to', () => {
    const appendix: readonly [string, string][] = [
      ['initial-access', 'TA0001'], ['execution', 'TA0002'], ['persistence', 'TA0003'], ['privilege-escalation', 'TA0004'],
      ['defense-evasion', 'TA0005'], ['credential-access', 'TA0006'], ['discovery', 'TA0007'], ['lateral-movement', 'TA0008'],
      ['collection', 'TA0009'], ['exfiltration', 'TA0010'], ['command-and-control', 'TA0011'], ['impact', 'TA0040'],
    ];
    for (const [name, id] of appendix) expect(tacticByShortname(name)?.id, name).toBe(id);
  });
});

describe('related', () => {
  it('a type the specification does not define is left out with a warning at the type', () => {
    const text = `${HEAD}related:\n  - id: 11111111-1111-4111-8111-111111111111\n    type: obsoletes\n  - id: 22222222-2222-4222-8222-222222222222\n    type: derived\n${BODY}`;
    const { rule, warnings } = imported(text);
    expect(rule.related).toEqual([{ ref: '22222222-2222-4222-8222-222222222222', type: 'derived' }]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.position).toEqual({ line: lineOf(text, 'obsoletes'), col: 11 });
    expect(warnings[0]?.message).toMatch(/related type "obsoletes" is not one the Sigma specification defines \(derived, obsolete, merged, renamed, similar\)/);
  });

  it.each(['derived', 'obsolete', 'merged', 'renamed', 'similar'])('%s is kept without a warning', (type) => {
    const { rule, warnings } = imported(`${HEAD}related:\n  - id: 11111111-1111-4111-8111-111111111111\n    type: ${type}\n${BODY}`);
    expect(rule.related).toEqual([{ ref: '11111111-1111-4111-8111-111111111111', type }]);
    expect(warnings).toEqual([]);
  });
});

describe('fields: context to show, not a filter', () => {
  it('without fields the rule names no output fields (the whole event is shown)', () => {
    expect(imported(`${HEAD}${BODY}`).rule.output.fields).toEqual([]);
  });

  it("the event's identity comes first, then the mapped fields; an unmapped field is warned at its entry", () => {
    const text = `${HEAD}${BODY}fields:\n  - CommandLine\n  - ComputerName\n  - ParentImage\n  - User\n`;
    const { rule, warnings } = imported(text);
    expect(rule.output.fields).toEqual(['@timestamp', 'host.name', 'process.command_line', 'process.parent.executable', 'user.qualified_name']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.position).toEqual({ line: lineOf(text, 'ComputerName'), col: 5 });
    expect(warnings[0]?.message).toContain('field ComputerName of fields has no logical field');
  });

  it('identity fields named in fields are not repeated', () => {
    const text = `${HEAD}${BODY}fields:\n  - Computer\n  - UtcTime\n  - Image\n`;
    expect(imported(text).rule.output.fields).toEqual(['@timestamp', 'host.name', 'process.executable']);
  });
});

describe('a file-name field compared with a path can never match: a warning at the value', () => {
  const rule = (selection: string): string => `${HEAD}logsource:\n  category: process_creation\n  product: windows\ndetection:\n  sel:\n${selection}  condition: sel\nlevel: high\n`;
  it.each([
    ["    OriginalFileName: '\\esentutl.exe'\n", '\\esentutl.exe'],
    ["    OriginalFileName|startswith: 'C:\\Windows\\'\n", 'C:\\Windows\\'],
    ["    OriginalFileName:\n      - 'ok.exe'\n      - 'dir/x.exe'\n", 'dir/x.exe'],
  ])('%j', (selection, value) => {
    const text = rule(selection);
    const { warnings } = imported(text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.position.line).toBe(lineOf(text, value));
    expect(warnings[0]?.message).toMatch(/process\.pe\.original_file_name holds a file name, which never contains [\\/]/);
  });

  it.each([
    "    Image|endswith: '\\esentutl.exe'\n",
    "    Image: 'C:\\Windows\\esentutl.exe'\n",
    "    OriginalFileName: 'esentutl.exe'\n",
    "    CommandLine|contains: '\\esentutl.exe'\n",
    "    OriginalFileName|re: '^[\\\\/]?esentutl'\n",
  ])('no warning for %j', (selection) => {
    expect(imported(rule(selection)).warnings).toEqual([]);
  });
});

describe('the warning channel', () => {
  it('importSigma hands every warning to the callback and still returns the rule', () => {
    const seen: Diagnostic[] = [];
    const text = `${HEAD}tags:\n  - car.2016-04-005\n${BODY}`;
    const rule = importSigma(parseSigma(text, FILE), FILE, (d) => seen.push(d));
    expect(rule.title).toBe('Metadata test');
    expect(seen.map((d) => `${d.file}:${d.position.line}:${d.position.col}: ${d.severity}`)).toEqual([`${FILE}:${lineOf(text, 'car.')}:5: warning`]);
  });
});
