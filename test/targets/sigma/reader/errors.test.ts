import { describe, expect, it } from 'vitest';
import { compileSigma } from '../../../../src/targets/sigma/evaluate.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { FILE, NOW, parseProblem, problemOf, rule } from './helpers.js';

/**
 * Every complaint is a SourceError at file:line:col. In `rule(...)` the detection block starts
 * on line 8, indented by two: detection line k, column c is file line 7 + k, column c + 2.
 */
type Row = readonly [what: string, text: string, line: number, col: number, message: RegExp];

const det = (block: string): string => rule(block);

describe('the file and its documents', () => {
  it.each<Row>([
    ['larger than 1 MB', `title: x\n# ${'x'.repeat(1_000_001)}\n`, 1, 1, /larger than 1000000 bytes/],
    ['not UTF-8', 'title: ok\ndescription: bad \uFFFD here\n', 2, 18, /not valid UTF-8/],
    ['YAML syntax', 'title: x\nlogsource: [a\n', 3, 1, /./],
    ['duplicate key', 'title: a\ntitle: b\n', 2, 1, /unique|duplicate/i],
    ['a list, not a map', '- a\n- b\n', 1, 1, /must be a map/],
    ['no document', '# nothing\n', 1, 1, /no Sigma document/],
    ['Sigma 1 action', 'action: global\ntitle: x\n', 1, 1, /collection actions/],
    ['no title', 'logsource:\n  product: windows\n', 1, 1, /needs a title/],
    ['title not text', 'title: [a]\n', 1, 8, /title must be a single value/],
    ['no logsource', 'title: x\ndetection:\n  a:\n    F: 1\n  condition: a\n', 1, 1, /needs a logsource/],
    ['no detection', 'title: x\nlogsource:\n  product: windows\n', 1, 1, /needs a detection/],
    ['logsource not a map', 'title: x\nlogsource: windows\ndetection: {}\n', 2, 12, /logsource must be a map/],
    ['empty logsource', 'title: x\nlogsource:\n  definition: y\ndetection: {}\n', 3, 3, /needs a category, product or service/],
    ['related not a list', 'title: x\nrelated: abc\nlogsource:\n  product: w\ndetection:\n  a: b\n  condition: a\n', 2, 10, /related must be a list/],
    ['related without type', 'title: x\nrelated:\n  - id: abc\nlogsource:\n  product: w\ndetection:\n  a: b\n  condition: a\n', 3, 5, /needs id and type/],
    ['filter without rules', 'title: f\nfilter:\n  sel:\n    F: 1\n  condition: not sel\n', 3, 3, /needs rules/],
    ['filter with detection', 'title: f\ndetection: {}\nfilter:\n  rules: [x]\n', 2, 1, /under filter, not detection/],
  ])('%s', (_what, text, line, col, message) => {
    const p = parseProblem(text);
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([line, col]);
  });

  it('caps aliases per document', () => {
    const many = Array.from({ length: 101 }, (_, i) => `  s${i}:\n    F: *v`).join('\n');
    const text = `title: x\nlogsource:\n  product: w\nanchor: &v 1\ndetection:\n${many}\n  condition: s0\n`;
    expect(parseProblem(text).message).toMatch(/more than 100 aliases/);
  });
});

describe('the detection', () => {
  it.each<Row>([
    ['no condition', 'sel:\n  F: 1', 8, 3, /no condition/],
    ['no identifier', 'condition: sel', 8, 3, /defines no search identifier/],
    ['timeframe', 'sel:\n  F: 1\ntimeframe: 5m\ncondition: sel', 10, 3, /correlation rule/],
    ['empty identifier', 'sel:\ncondition: sel', 8, 3, /sel is empty/],
    ['empty list identifier', 'sel: []\ncondition: sel', 8, 8, /empty list/],
    ['empty map identifier', 'sel: {}\ncondition: sel', 8, 8, /empty map/],
    ['list in a list of maps', 'sel:\n  - F: 1\n  - [a, b]\ncondition: sel', 10, 7, /list inside a list/],
    ['map as a value', 'sel:\n  F:\n    G: 1\ncondition: sel', 10, 7, /plain value, not a map/],
    ['map in a value list', 'sel:\n  F:\n    - G: 1\ncondition: sel', 10, 9, /plain value, not a map/],
    ['field with spaces', "sel:\n  'F ': 1\ncondition: sel", 9, 5, /spaces around/],
    ['empty value list', 'sel:\n  F: []\ncondition: sel', 9, 8, /empty list of values/],
    ['null in a list', 'sel:\n  F:\n    - a\n    - null\ncondition: sel', 11, 9, /null may not sit inside a list/],
    ['null with a modifier', 'sel:\n  F|contains: null\ncondition: sel', 9, 17, /null takes no modifiers/],
    ['null as a keyword', 'sel:\n  - a\n  - null\ncondition: sel', 10, 7, /null cannot be searched as a keyword/],
    ['empty condition', "sel:\n  F: 1\ncondition: ''", 10, 14, /condition is empty/],
    ['condition not text', 'sel:\n  F: 1\ncondition:\n  a: b', 11, 5, /condition must be a single value/],
  ])('%s', (_what, block, line, col, message) => {
    const p = parseProblem(det(block));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([line, col]);
  });
});

describe('modifier chains, at the modifier at fault', () => {
  // The column of the modifier at fault: the key starts at column 5 (column 6 inside quotes).
  const columnOf = (key: string, mark: string): number => 5 + key.lastIndexOf(`|${mark}`) + 1;
  it.each<readonly [string, string, string, RegExp]>([
    ['unknown modifier', 'F|contians', 'contians', /unknown modifier contians/],
    ['empty modifier', 'F||contains', '|contains', /empty modifier/],
    ['a modifier twice', 'F|contains|contains', 'contains', /contains appears twice/],
    ['re with contains', 'F|re|contains', 'contains', /contains cannot be combined with re/],
    ['contains with re', 'F|contains|re', 'contains', /contains cannot be combined with re/],
    ['two placements', 'F|startswith|endswith', 'endswith', /endswith cannot be combined with startswith/],
    ['i without re', 'F|contains|i', 'i', /i is a sub-modifier of re/],
    ['m without re', 'F|m', 'm', /m is a sub-modifier of re/],
    ['i before re', 'F|i|re', 'i', /must come after it/],
    ['re with cased', 'F|re|cased', 'cased', /already case-sensitive/],
    ['re with windash', 'F|re|windash', 'windash', /windash cannot be combined with re/],
    ['re with base64', 'F|base64|re', 'base64', /base64 cannot be combined with re/],
    ['re with cidr', 'F|re|cidr', 'cidr', /cidr cannot be combined with re/],
    ['lt with gt', 'F|lt|gt', 'gt', /gt cannot be combined with lt/],
    ['lt with contains', 'F|lt|contains', 'contains', /contains cannot be combined with lt/],
    ['cidr with cased', 'F|cidr|cased', 'cased', /cased cannot be combined with cidr/],
    ['exists with contains', 'F|exists|contains', 'contains', /contains cannot be combined with exists/],
    ['exists with neq', 'F|exists|neq', 'exists', /exists cannot be combined with neq/],
    ['fieldref with re', 'F|fieldref|re', 're', /re cannot be combined with fieldref/],
    ['fieldref with windash', 'F|fieldref|windash', 'windash', /windash cannot be combined with fieldref/],
    ['neq with all', 'F|neq|all', 'all', /neq and all/],
    ['wide alone', 'F|wide', 'wide', /must be followed by base64/],
    ['wide after base64', 'F|base64|wide', 'wide', /must be followed by base64/],
    ['two encodings', 'F|wide|utf16be|base64', 'utf16be', /utf16be cannot be combined with wide/],
    ['base64 and base64offset', 'F|base64|base64offset', 'base64offset', /base64 and base64offset/],
    ['contains before base64', 'F|contains|base64', 'contains', /contains must come after base64/],
    ['windash after base64', 'F|base64|windash', 'windash', /windash must come before base64/],
    ['expand after base64', 'F|base64|expand', 'expand', /expand must come before base64/],
  ])('%s', (_what, key, mark, message) => {
    const p = parseProblem(det(`sel:\n  ${key}: 'x'\ncondition: sel`));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([9, columnOf(key, mark)]);
  });

  it.each<readonly [string, string, string, RegExp]>([
    ['exists on a keyword', "'|exists'", 'exists', /needs a field/],
    ['neq on a keyword', "'|neq'", 'neq', /needs a field/],
    ['cidr on a keyword', "'|cidr'", 'cidr', /needs a field/],
    ['gt on a keyword', "'|gt'", 'gt', /needs a field/],
  ])('%s', (_what, key, mark, message) => {
    const p = parseProblem(det(`sel:\n  ${key}: 'x'\ncondition: sel`));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([9, columnOf(key, mark)]);
  });
});

describe('values, at the value at fault', () => {
  // The column of the value: the item starts at column 5.
  it.each<readonly [string, string, RegExp]>([
    ['a wildcard under base64', "F|base64: 'a*b'", /wildcard .* cannot be base64-encoded/],
    ['a ? under base64offset', "F|base64offset|contains: 'a?b'", /cannot be base64-encoded/],
    ['lt on text', "F|lt: 'abc'", /lt compares numbers/],
    ['gte on a boolean', 'F|gte: true', /not a number/],
    ['cidr not a network', "F|cidr: '10.0.0.0/33'", /not an IPv4 or IPv6 network/],
    ['cidr on a number', 'F|cidr: 10', /not an IPv4 or IPv6 network/],
    ['exists on text', "F|exists: 'yes'", /true or false/],
    ['exists on a list', 'F|exists: [true]', /single true or false/],
    ['fieldref on a number', 'F|fieldref: 1', /name of another field/],
    ['re on a number', 'F|re: 1', /re value must be text/],
    ['windash with too many options', "F|windash: '-a -b -c -d -e -f'", /more than 4096/],
  ])('%s', (_what, item, message) => {
    const p = parseProblem(det(`sel:\n  ${item}\ncondition: sel`));
    expect(p.message).toMatch(message);
    // In a flow list, the first value.
    expect([p.line, p.col]).toEqual([9, 5 + item.indexOf(': ') + 2 + (item.includes(': [') ? 1 : 0)]);
  });
});

describe('regexes: PCRE constructs RE2 cannot run are named, at their column', () => {
  it.each<readonly [string, string, number, RegExp]>([
    ['back-reference', String.raw`(a)\1`, 3, /back-reference \\1/],
    ['named back-reference', String.raw`(?<n>a)\k<n>`, 7, /named back-reference/],
    ['look-ahead', 'a(?=b)', 1, /look-ahead/],
    ['negative look-ahead', 'a(?!b)', 1, /negative look-ahead/],
    ['look-behind', '(?<=a)b', 0, /look-behind/],
    ['negative look-behind', '(?<!a)b', 0, /negative look-behind/],
    ['atomic group', '(?>ab)', 0, /atomic group/],
    ['possessive quantifier', 'a++', 2, /possessive quantifier/],
    ['recursion', 'a(?R)', 1, /recursion/],
    ['conditional', '(a)?(?(1)b|c)', 4, /conditional group/],
    ['\\K', String.raw`ab\Kc`, 2, /match reset/],
    ['\\Z', String.raw`ab\Z`, 2, /\\Z/],
    ['invalid', 'a(b', 0, /invalid regex/],
  ])('%s', (_what, pattern, offset, message) => {
    const p = parseProblem(det(`sel:\n  F|re: '${pattern}'\ncondition: sel`));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([9, 12 + offset]);
  });

  it('\\Q...\\E cannot be combined with i', () => {
    const p = parseProblem(det(String.raw`sel:
  F|re|i: 'x\Qa.b\E'
condition: sel`));
    expect(p.message).toMatch(/\\Q\.\.\.\\E/);
    expect([p.line, p.col]).toEqual([9, 15]);
  });
});

describe('expand needs its placeholders', () => {
  it('names a placeholder without a value', () => {
    const p = parseProblem(det("sel:\n  F|expand: 'C:\\%Dir%\\x'\ncondition: sel"), { placeholders: { Other: ['a'] } });
    expect(p.message).toMatch(/placeholder %Dir% has no value/);
    expect([p.line, p.col]).toEqual([9, 19]);
  });
  it('when no placeholders are given at all', () => {
    const p = parseProblem(det("sel:\n  F|expand: '%Servers%'\ncondition: sel"));
    expect(p.message).toMatch(/placeholder %Servers% has no value.*--placeholder Servers=VALUE/);
    expect([p.line, p.col]).toEqual([9, 16]);
  });
  it('an empty list of values is no value', () => {
    const p = parseProblem(det("sel:\n  F|expand: '%Servers%'\ncondition: sel"), { placeholders: { Servers: [] } });
    expect(p.message).toMatch(/%Servers% has no value/);
  });
});

describe('conditions, at the column of the problem', () => {
  const two = 'sel:\n  F: 1\nfilter:\n  G: 1\n';
  it.each<readonly [string, string, number, RegExp]>([
    ['unknown identifier', 'sel and selection', 8, /unknown search identifier selection \(the detection defines sel, filter\)/],
    ['unknown in parentheses', 'sel and (filter or nope)', 19, /unknown search identifier nope/],
    ['unexpected character', 'sel & filter', 4, /unexpected character "&"/],
    ['aggregation', 'sel | count() > 5', 4, /aggregations after \|/],
    ['unclosed parenthesis', '(sel and filter', 0, /expected \) to close/],
    ['stray closing parenthesis', 'sel)', 3, /unexpected \) without a matching \(/],
    ['two operands in a row', 'sel filter', 4, /expected and, or or the end/],
    ['upper-case keyword', 'sel AND filter', 4, /keywords are lower case: write and/],
    ['upper-case NOT', 'NOT sel', 0, /keywords are lower case: write not/],
    ['a pattern without a selector', 'sel*', 0, /needs a selector/],
    ['of without a target', 'sel and 1 of', 12, /expected an identifier pattern or them/],
    ['of with a keyword', '1 of and', 5, /found and/],
    ['dangling and', 'sel and', 7, /condition ends where/],
    ['dangling not', 'not', 3, /condition ends where/],
    ['keyword as operand', 'sel and or filter', 8, /unexpected keyword or/],
    ['too deep', `${'('.repeat(70)}sel${')'.repeat(70)}`, 65, /nests deeper than 64/],
  ])('%s', (_what, condition, offset, message) => {
    const p = parseProblem(det(`${two}condition: ${condition}`));
    expect(p.message).toMatch(message);
    expect([p.line, p.col]).toEqual([12, 14 + offset]);
  });

  it('in a quoted condition the column counts the quote', () => {
    const p = parseProblem(det(`${two}condition: 'sel and nope'`));
    expect([p.line, p.col]).toEqual([12, 23]);
  });

  it('in a condition list, at the entry', () => {
    const p = parseProblem(det(`${two}condition:\n  - sel\n  - sel and nope`));
    expect([p.line, p.col]).toEqual([14, 15]);
  });
});

describe('errors surface through compile with the same file name', () => {
  it('compileSigma of a parsed set with a correlation', () => {
    const set = parseSigma('title: c\ncorrelation:\n  type: temporal\n', FILE);
    expect(problemOf(() => compileSigma(set, { now: NOW })).message).toMatch(/temporal/);
  });
});
