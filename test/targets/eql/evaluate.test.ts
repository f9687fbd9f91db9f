import { describe, expect, it } from 'vitest';
import { eqlMatches, proc } from './helpers.js';

// Each row: query condition, the process.name value, expected verdict, and the fact it encodes.
describe('operator case rules (Elasticsearch EQL operator table)', () => {
  it.each([
    // `==` is case-sensitive and has no wildcards: `*` is a literal character.
    ['process.name == "sc.exe"', 'sc.exe', true],
    ['process.name == "sc.exe"', 'SC.EXE', false],
    ['process.name == "sc*"', 'sc.exe', false],
    ['process.name == "sc*"', 'sc*', true],
    ['process.name != "sc.exe"', 'SC.EXE', true],
    // `:` is case-insensitive, with `*` and `?` as wildcards.
    ['process.name : "sc.exe"', 'SC.EXE', true],
    ['process.name : "s?.EXE"', 'sc.exe', true],
    ['process.name : "s?.exe"', 'scc.exe', false],
    ['process.name : "*.EXE"', 'net1.exe', true],
    ['process.name : ("a.exe", "SC*")', 'sc.exe', true],
    // like is case-sensitive with wildcards; like~ folds case.
    ['process.name like "SC*"', 'sc.exe', false],
    ['process.name like "sc*"', 'sc.exe', true],
    ['process.name like~ "SC*"', 'sc.exe', true],
    ['process.name like ("x", "s?.exe")', 'sc.exe', true],
    // in is case-sensitive without wildcards; in~ folds case without wildcards.
    ['process.name in ("SC.EXE", "net.exe")', 'sc.exe', false],
    ['process.name in ("sc.exe", "net.exe")', 'sc.exe', true],
    ['process.name in~ ("SC.EXE")', 'sc.exe', true],
    ['process.name in~ ("s*")', 'sc.exe', false],
    ['process.name in~ ("S*")', 's*', true],
    ['process.name not in ("sc.exe")', 'net.exe', true],
    ['process.name not in~ ("SC.EXE")', 'sc.exe', false],
    // Functions are case-sensitive; the ~ form folds case; * and ? are literal in them.
    ['startsWith(process.name, "SC")', 'sc.exe', false],
    ['startsWith~(process.name, "SC")', 'sc.exe', true],
    ['endsWith~(process.name, ".EXE")', 'sc.exe', true],
    ['stringContains(process.name, "*")', 'sc.exe', false],
    ['stringContains~(process.name, "C*E")', 'xc*ey', true],
    // Function names resolve case-insensitively.
    ['STARTSWITH~(process.name, "sc")', 'SC.exe', true],
    ['startswith(process.name, "sc")', 'sc.exe', true],
    // Case-insensitive means ASCII letters fold, nothing else (project fact, fold.ts).
    ['process.name : "é.exe"', 'É.exe', false],
  ])('%s on %j → %s', (condition, name, want) => {
    expect(eqlMatches(`process where ${condition}`, proc({ process: { name } }))).toBe(want);
  });
});

describe('wildcards have no escape (eql.md: there is no way to escape * or ?)', () => {
  it('a backslash before * is a literal backslash, and * stays a wildcard', () => {
    // The pattern is the three characters a, \, * followed by b: `a\` then any run then `b`.
    expect(eqlMatches('process where process.name : "a\\\\*b"', proc({ process: { name: 'a\\xyzb' } }))).toBe(true);
    expect(eqlMatches('process where process.name : "a\\\\*b"', proc({ process: { name: 'a*b' } }))).toBe(false);
  });
  it('a raw string keeps wildcards in : patterns', () => {
    expect(eqlMatches('process where process.executable : """C:\\Windows\\*"""', proc({ process: { executable: 'c:\\windows\\sc.exe' } }))).toBe(true);
  });
});

describe('regex: Lucene, whole value', () => {
  it.each([
    // Lucene regexes are anchored: "sc" does not match inside "sc.exe".
    ['process.name regex "sc"', 'sc.exe', false],
    ['process.name regex "sc.*"', 'sc.exe', true],
    ['process.name regex ".*\\\\.exe"', 'sc.exe', true],
    // No ^ anchor in Lucene: ^ is a literal character.
    ['process.name regex "^sc.*"', 'sc.exe', false],
    ['process.name regex "^sc.*"', '^sc.exe', true],
    // No \d class in Lucene's default syntax: \d is the letter d.
    ['process.name regex "[0-9]+"', '123', true],
    ['process.name regex "\\\\d+"', '123', false],
    ['process.name regex "\\\\d+"', 'ddd', true],
    // `.` matches a line break in Lucene.
    ['process.name regex "a.b"', 'a\nb', true],
    // regex is case-sensitive, regex~ folds ASCII letters only.
    ['process.name regex "SC.*"', 'sc.exe', false],
    ['process.name regex~ "SC.*"', 'sc.exe', true],
    ['process.name regex~ "É"', 'é', false],
    // @ is any string, "..." a literal run, # the empty language.
    ['process.name regex "s@"', 'sc.exe', true],
    ['process.name regex "\\"a.b\\""', 'a.b', true],
    ['process.name regex "\\"a.b\\""', 'axb', false],
    ['process.name regex "#|x"', 'x', true],
    ['process.name regex ("x", "s.*")', 'sc.exe', true],
  ])('%s on %j → %s', (condition, name, want) => {
    expect(eqlMatches(`process where ${condition}`, proc({ process: { name } }))).toBe(want);
  });
});

describe('nulls and arrays (eql.md "Nulls and arrays")', () => {
  const noName = proc({ process: { executable: 'C:\\x.exe' } });
  it.each([
    // A comparison with a missing field does not match.
    ['process.name == "x"', false],
    ['process.name : "*"', false],
    ['startsWith(process.name, "")', false],
    ['process.name in ("x")', false],
    ['process.name regex ".*"', false],
    // == null / != null test presence.
    ['process.name == null', true],
    ['?process.name != null', false],
    ['?process.executable != null', true],
    // Negation keeps documents that lack the field (Query DSL must_not).
    ['not process.name : "x"', true],
    ['process.name != "x"', true],
  ])('%s on a document without process.name → %s', (condition, want) => {
    expect(eqlMatches(`process where ${condition}`, noName)).toBe(want);
  });

  it('an explicit null is missing', () => {
    expect(eqlMatches('process where process.name == null', proc({ process: { name: null } }))).toBe(true);
    expect(eqlMatches('process where process.name : "*"', proc({ process: { name: null } }))).toBe(false);
  });

  const args = proc({ process: { args: ['sc.exe', 'stop', 'WinDefend'] } });
  it.each([
    // A multi-valued field matches when any element matches.
    ['process.args : "stop"', true],
    ['process.args == "WinDefend"', true],
    ['process.args : "nothing"', false],
    ['process.args in~ ("windefend")', true],
    ['startsWith~(process.args, "WIN")', true],
    ['process.args regex "Win.*"', true],
    ['not process.args : "stop"', false],
    ['process.args : "stop" and process.args : "sc.exe"', true],
  ])('%s on args [sc.exe, stop, WinDefend] → %s', (condition, want) => {
    expect(eqlMatches(`process where ${condition}`, args)).toBe(want);
  });
});

describe('documents: nested or dotted keys, categories', () => {
  it('reads dotted keys and nested objects alike', () => {
    expect(eqlMatches('process where process.name : "sc.exe"', { 'event.category': 'process', 'process.name': 'sc.exe' })).toBe(true);
    expect(eqlMatches('process where process.name : "sc.exe"', { event: { category: 'process' }, 'process.name': 'sc.exe' })).toBe(true);
    expect(eqlMatches('process where process.parent.name : "x"', { event: { category: 'process' }, process: { 'parent.name': 'x' } })).toBe(true);
  });
  it('the category is compared exactly with event.category; any matches every category', () => {
    const reg = { event: { category: ['registry'] }, process: { name: 'sc.exe' } };
    expect(eqlMatches('process where process.name : "sc.exe"', reg)).toBe(false);
    expect(eqlMatches('registry where process.name : "sc.exe"', reg)).toBe(true);
    expect(eqlMatches('any where process.name : "sc.exe"', reg)).toBe(true);
    expect(eqlMatches('Registry where true', reg)).toBe(false);
  });
  it('a field named __proto__ is data, not the prototype', () => {
    expect(eqlMatches('any where `__proto__`.x == null', JSON.parse('{"__proto__": {"x": 1}}'))).toBe(false);
    expect(eqlMatches('any where `constructor` == null', {})).toBe(true);
  });
});

describe('functions and arithmetic', () => {
  const doc = proc({ process: { name: 'sc.exe', pid: 10, command_line: 'sc stop "WinDefend"' }, source: { ip: '10.1.2.3' } });
  it.each([
    ['cidrMatch(source.ip, "192.168.0.0/16", "10.0.0.0/8")', true],
    ['cidrMatch(source.ip, "192.168.0.0/16")', false],
    ['length(process.name) == 6', true],
    ['indexOf(process.name, ".") == 2', true],
    ['indexOf~(process.name, "EXE") == 3', true],
    ['between(process.command_line, "\\"", "\\"") == "WinDefend"', true],
    ['between~(process.command_line, "STOP ", "x") == ""', true],
    ['concat(process.name, "!") == "sc.exe!"', true],
    ['substring(process.name, -3) == "exe"', true],
    ['substring(process.name, 0, 2) == "sc"', true],
    ['number("0x1F", 16) == 31', true],
    ['string(process.pid) == "10"', true],
    ['process.pid + 1 == 11', true],
    ['process.pid * 2 > 19 and process.pid % 3 == 1', true],
    ['divide(process.pid, 4) == 2', true],
    ['process.pid < 10', false],
    ['process.pid >= 10', true],
    ['-process.pid == -10', true],
    ['add(process.missing, 1) == null', true],
  ])('%s → %s', (condition, want) => {
    expect(eqlMatches(`process where ${condition}`, doc)).toBe(want);
  });
});
