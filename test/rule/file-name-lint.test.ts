import { describe, expect, it } from 'vitest';
import { FIELDS_BY_KIND } from '../../src/ir/fields.js';
import { loadRuleText } from '../../src/rule/index.js';
import { FILE_NAME_FIELDS, pathInFileNameProblem } from '../../src/rule/file-name-lint.js';
import { positionOf, ruleWith } from './lint-rule-text.js';

/**
 * README "Fields": `process.name`, `process.parent.name`, `process.pe.original_file_name`,
 * `file.name`, `dll.name` hold a file name ("sc.exe"), never a path. A Windows file name
 * cannot hold `\` or `/`, so a test that needs one of them in such a field can never be true.
 */
const at = (text: string, needle: string): string => positionOf(text, needle);
const warningsOf = (text: string): string[] => loadRuleText(text, 'r.yml').warnings.map((w) => `${w.position.line}:${w.position.col} ${w.message}`);

describe('validate warns about a file-name field tested against a path', () => {
  it.each([
    ['process_creation', 'process.pe.original_file_name', 'equals', '\\esentutl.exe'],
    ['process_creation', 'process.name', 'startswith', 'C:\\Windows\\'],
    ['process_creation', 'process.parent.name', 'endswith', '\\cmd.exe'],
    ['process_creation', 'process.parent.parent.name', 'contains', 'bin/'],
    ['file_event', 'file.name', 'equals', 'dir/evil.ps1'],
    ['image_load', 'dll.name', 'term', 'System32\\amsi.dll'],
    ['process_creation', 'process.name', 'wildcard', '*\\sc.exe'],
  ])('%s %s %s %j', (kind, field, op, value) => {
    const text = ruleWith(kind, `  field: ${field}\n  op: ${op}\n  value: '${value}'`);
    const warnings = warningsOf(text);
    expect(warnings).toHaveLength(1);
    // At the value, where its quote starts.
    expect(warnings[0]).toMatch(new RegExp(`^${at(text, `'${value}'`)} ${field.replace(/\./g, '\\.')} holds a file name, which never contains [\\\\/]: \`${op} `));
  });

  it('at the entry of a list the predicate reads', () => {
    const text = ruleWith('process_creation', '  field: process.name\n  op: equals\n  list: Names', "lists:\n  Names: [sc.exe, 'C:\\x\\net.exe']\n");
    expect(warningsOf(text)).toEqual([expect.stringMatching(new RegExp(`^${at(text, "'C:")} process\\.name holds a file name`))]);
  });

  it.each([
    ['process.executable', 'equals', 'C:\\Windows\\sc.exe'],
    ['process.command_line', 'contains', '\\esentutl.exe'],
    ['process.name', 'equals', 'sc.exe'],
    ['process.name', 'wildcard', 's?.exe'],
    // `\*` is an escaped star in a glob, not a backslash.
    ['process.name', 'wildcard', 'a\\*b.exe'],
    ['process.name', 'regex', '^[^\\\\/]+\\.exe$'],
  ])('no warning for %s %s %j', (field, op, value) => {
    expect(warningsOf(ruleWith('process_creation', `  field: ${field}\n  op: ${op}\n  value: '${value}'`))).toEqual([]);
  });
});

describe('the file-name fields', () => {
  it('are exactly the fields README describes as a file name', () => {
    const described = new Set(
      Object.values(FIELDS_BY_KIND)
        .flat()
        .filter((f) => /^(File name|OriginalFileName)/.test(f.description))
        .map((f) => f.name),
    );
    expect([...FILE_NAME_FIELDS].sort()).toEqual([...described].sort());
  });

  it('numeric, cidr and exists tests are not linted', () => {
    for (const op of ['lt', 'cidr', 'exists', 'regex'] as const) expect(pathInFileNameProblem('process.name', op, 'a/b')).toBeUndefined();
  });
});
