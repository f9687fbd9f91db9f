import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { readFastYaml } from '../../../../src/targets/sigma/yaml-fast.js';
import { fuzzRuns, fuzzSeed } from '../../../property/fuzz-config.js';
import { compareWithLibrary } from './yaml-compare.js';
import { sigmaLikeYaml } from './yaml-documents.js';

/**
 * The fast YAML front end of the Sigma reader (yaml-fast.ts) must read exactly what the
 * `yaml` library reads, or decline. Values below are from the YAML 1.2.2 spec: core schema
 * (§10.3.2), quoted scalars (§7.3), block scalars (§8.1), block collections (§8.2).
 */
const only = (text: string): Node => {
  const fast = readFastYaml(text);
  if (!fast) throw new Error(`declined: ${JSON.stringify(text)}`);
  const map = fast.documents[0];
  if (!map) throw new Error('no document');
  return map.items[0]?.value as Node;
};
const valueOf = (text: string): unknown => {
  const n = only(text);
  return isScalar(n) ? n.value : isSeq(n) ? n.items.map((i) => (isScalar(i) ? i.value : '?')) : '?';
};

describe('scalars read as YAML 1.2 reads them', () => {
  it.each<readonly [string, unknown]>([
    ['a: plain text', 'plain text'],
    ['a: x #comment', 'x'],
    ['a: x#y', 'x#y'],
    ['a: C:\\Windows\\*', 'C:\\Windows\\*'],
    ['a: -1', -1],
    ['a: -x', '-x'],
    ['a: +12', 12],
    ['a: 012', 12],
    ['a: 0o17', 15],
    ['a: 0x1F', 31],
    ['a: 1.5', 1.5],
    ['a: .5', 0.5],
    ['a: 1e3', 1000],
    ['a: 1_000', '1_000'],
    ['a: 1.2.3', '1.2.3'],
    ['a: 10.0.0.0/8', '10.0.0.0/8'],
    ['a: true', true],
    ['a: True', true],
    ['a: FALSE', false],
    ['a: yes', 'yes'],
    ['a: tRUE', 'tRUE'],
    ['a: null', null],
    ['a: ~', null],
    ['a: Null', null],
    ['a: nULL', 'nULL'],
    ['a:', null],
    ['a:   # nothing', null],
    ["a: 'it''s'", "it's"],
    ["a: ''", ''],
    ["a: 'x # y'", 'x # y'],
    ["a: 'true'", 'true'],
    ['a: "tab\\there"', 'tab\there'],
    ['a: "\\x41\\u00e9\\U0001F600"', 'Aé😀'],
    ['a: "q\\"\\\\\\/"', 'q"\\/'],
    ['a: "\\0\\a\\b\\e\\f\\n\\r\\v\\N\\_\\L\\P\\ "', '\0\x07\b\x1b\f\n\r\v\u0085\u00a0\u2028\u2029 '],
    ['a: é 🙂', 'é 🙂'],
    ['a: [x, "y", \'z\', 1]', ['x', 'y', 'z', 1]],
    ['a: []', []],
    ['a: |\n  one\n\n  two\n', 'one\n\ntwo\n'],
    ['a: |-\n  one\n  two\n\n', 'one\ntwo'],
    ['a: >\n  one\n  two\n\n  three\n', 'one two\nthree\n'],
    ['a: >-\n  one\n  two', 'one two'],
    ['a: |\n    # not a comment\n', '# not a comment\n'],
  ])('%j → %j', (text, want) => {
    expect(valueOf(text)).toEqual(want);
    expect(compareWithLibrary(text)).toEqual({ kind: 'same' });
  });
});

describe('structures and offsets are the library’s', () => {
  it.each([
    'a: 1\nb:\n  - x\n  -\n  - k: v\n    j: w\n',
    'tags:\n- attack.t1059\n- attack.execution\nlevel: high\n',
    'detection:\n    sel:\n        - Image|endswith: x\n          CommandLine|contains|all:\n              - a\n              - b\n        - Image: y\n    condition: sel\n',
    '# leading comment\n\ntitle: x # trailing\n  # indented comment\nlevel: low',
    'title: a\n---\ntitle: b\n---\n',
    '---\n---\ntitle: a\n',
    '--- # first\ntitle: a\n',
    '"quoted key": 1\n\'single\': 2\n1: 3\ntrue: 4\nnull: 5\n',
    'a:\n    b:\n        c: |\n            text\n    d: e\n',
    'a:\n  - |\n    block in a list\n  - x\n',
    '# comment before the marker\n---\ntitle: a\n',
    'title: a\n---\n# a document of comments only\n',
    'a:\n  <<: not a merge key in YAML 1.2\n',
    '- a:\n  - indentless under a compact key\n'.replace('- a', 'k:\n- a'),
  ])('%j', (text) => {
    expect(compareWithLibrary(text)).toEqual({ kind: 'same' });
  });

  it('keeps a collection’s first offset and a null value’s offset', () => {
    const text = 'a:\n  - x\n  -\nb: # c\n';
    expect(compareWithLibrary(text)).toEqual({ kind: 'same' });
    const fast = readFastYaml(text);
    const root = fast?.documents[0];
    const list = root?.items[0]?.value;
    expect(isSeq(list) && list.range?.[0]).toBe(5);
    expect(isSeq(list) && isScalar(list.items[1]) && list.items[1].range?.slice(0, 2)).toEqual([12, 12]);
    expect(isScalar(root?.items[1]?.value) && (root?.items[1]?.value as { range: number[] }).range.slice(0, 2)).toEqual([16, 16]);
    expect(isMap(root) && root.range?.[0]).toBe(0);
  });
});

describe('anything outside the subset is declined, for the library to read or refuse', () => {
  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a flow map', 'a: {b: 1}\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', "a: 'one\n  two'\n"],
    ['an explicit key', '? a\n: 1\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab', 'a:\t1\n'],
    ['CR line ends', 'a: 1\r\nb: 2\r\n'],
    ['a BOM', '\ufeffa: 1\n'],
    ['odd indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['.inf', 'a: .inf\n'],
    ['a key over 1024 characters', `${'k'.repeat(1100)}: 1\n`],
    ['a block scalar with a keep indicator', 'a: |+\n  x\n'],
    ['a block scalar with an indentation indicator', 'a: |2\n   x\n'],
    ['a more-indented line in a folded scalar', 'a: >\n  x\n    y\n'],
    ['a mapping in a plain value', 'a: b: c\n'],
    ['a root list', '- a\n- b\n'],
    ['an invalid escape', 'a: "\\q"\n'],
    ['a reserved character', 'a: @x\n'],
  ])('%s', (_what, text) => {
    expect(readFastYaml(text)).toBeUndefined();
  });
});

describe('large inputs are read in linear time', () => {
  // Each line is looked at a bounded number of times: a megabyte takes milliseconds, not minutes.
  it.each([
    ['200,000 list entries', `a:\n${'    - x\n'.repeat(200_000)}`],
    ['200,000 keys', Array.from({ length: 200_000 }, (_, i) => `k${i}: v`).join('\n')],
    ['100,000 comment lines between two keys', `a: 1\n${'  # c\n'.repeat(100_000)}b: 2\n`],
    ['one flow list of 200,000 entries', `a: [${Array(200_000).fill('x').join(', ')}]\n`],
  ])('%s', (_what, text) => {
    const start = performance.now();
    expect(readFastYaml(text)).toBeDefined();
    expect(performance.now() - start).toBeLessThan(5_000);
  });

  it('declines nesting deeper than 64 levels, for the library and its depth guard', () => {
    const deep = Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(readFastYaml(deep)).toBeUndefined();
  });
});

describe('the Sigma files of this project read the same both ways', () => {
  const dir = join(import.meta.dirname, '../../../corpus/sigma');
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yml')))('%s', (file) => {
    const verdict = compareWithLibrary(readFileSync(join(dir, file), 'utf8'));
    expect(verdict.kind === 'different' ? verdict.why : 'ok').toBe('ok');
  });
});

describe('generated Sigma-like documents, hostile scalars included', () => {
  it.each([
    ['well-formed', false, 0.35],
    ['hostile', true, 0.01],
  ] as const)('%s ones are read as the library reads them, or declined', (_what, hostile, atLeast) => {
    let accepted = 0;
    let total = 0;
    fc.assert(
      fc.property(sigmaLikeYaml(hostile), (text) => {
        const verdict = compareWithLibrary(text);
        total++;
        if (verdict.kind === 'same') accepted++;
        if (verdict.kind === 'different') throw new Error(`${verdict.why}\n${text}`);
      }),
      { numRuns: fuzzRuns(400), seed: fuzzSeed(hostile ? 7114 : 7113) },
    );
    // Both kinds must exercise the fast path, not only its refusals (about 50% and 5% are read).
    expect(accepted / total).toBeGreaterThanOrEqual(atLeast);
  });
});
