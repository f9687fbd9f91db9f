import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/diagnostics.js';
import type { EqlExpr } from '../../../src/targets/eql/ast.js';
import { parseEql } from '../../../src/targets/eql/parse.js';

const conditionOf = (text: string): EqlExpr => {
  const q = parseEql(text, 'q.eql').query;
  if (q.kind !== 'event') throw new Error('not an event query');
  return q.filter.condition;
};
const stringValue = (literal: string): unknown => {
  const c = conditionOf(`any where f == ${literal}`);
  return c.kind === 'compare' && c.right.kind === 'literal' ? c.right.value : undefined;
};
const errorOf = (text: string): string => {
  try {
    parseEql(text, 'q.eql');
  } catch (err) {
    if (err instanceof SourceError) return err.message;
    throw err;
  }
  throw new Error(`parsed: ${text}`);
};

describe('strings (eql.md "Strings")', () => {
  it.each([
    // The only escapes in "...": \\ \" \n \r \t and \u{XX}..\u{XXXXXXXX}.
    ['"C:\\\\Windows"', 'C:\\Windows'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"a\\nb\\rc\\td"', 'a\nb\rc\td'],
    ['"\\u{41}\\u{00e9}\\u{1F600}"', 'Aé😀'],
    // Raw strings: no escape processing.
    ['"""C:\\Windows\\*"""', 'C:\\Windows\\*'],
    ['"""say "hi" there"""', 'say "hi" there'],
    // ES's grammar keeps up to two quotes before the closing triple quote in the value.
    ['"""ends with a quote""""', 'ends with a quote"'],
    ['""', ''],
  ])('%s is %j', (literal, want) => {
    expect(stringValue(literal)).toBe(want);
  });

  it.each([
    // Any other backslash sequence is a syntax error: "C:\Windows" fails.
    ['"C:\\Windows"', 'illegal escape \\W'],
    ['"\\x41"', 'illegal escape \\x'],
    ["\"it\\'s\"", "illegal escape \\'"],
    ['"\\u{4}"', '2 to 8 hex digits'],
    ['"\\u{110000}"', 'beyond the last code point'],
    ['"abc', 'unterminated string'],
    ['"a\nb"', 'line break'],
    // Raw strings cannot hold a line break.
    ['"""a\nb"""', 'line break'],
    // Only double quotes.
    ["'sc.exe'", 'single quotes'],
  ])('%s is rejected (%s)', (literal, message) => {
    expect(errorOf(`any where f == ${literal}`)).toContain(message);
  });

  it('reports line and column of a bad escape', () => {
    expect(errorOf('process where\n  process.name == "C:\\Windows"')).toMatch(/^q\.eql:2:22: error: illegal escape/);
  });
});

describe('query shape', () => {
  it('parses fields: dotted, backticks, optional', () => {
    const c = conditionOf('any where ?`odd name`.x == 1 and @timestamp > 0 and process.pe.original_file_name == "a"');
    expect(JSON.stringify(c)).toContain('"name":"odd name.x","optional":true');
    expect(JSON.stringify(c)).toContain('"name":"@timestamp"');
  });

  it('not binds tighter than and, and tighter than or', () => {
    const c = conditionOf('any where not a == 1 and b == 2 or c == 3');
    expect(c.kind).toBe('or');
    if (c.kind !== 'or') return;
    expect(c.left.kind).toBe('and');
    if (c.left.kind !== 'and') return;
    expect(c.left.left.kind).toBe('not');
  });

  it('skips comments', () => {
    expect(() => parseEql('// a rule\nprocess where /* inline */ process.name : "x" // end', 'q.eql')).not.toThrow();
    expect(errorOf('process where /* open')).toContain('unterminated /* comment');
    // Bracketed comments nest, as in ES's grammar.
    expect(() => parseEql('process where /* a /* b */ c */ true', 'q.eql')).not.toThrow();
    expect(errorOf('process where /* a /* b */ true')).toContain('unterminated /* comment');
  });

  it('parses head and tail pipes and rejects others', () => {
    expect(parseEql('process where true | head 5 | tail 2', 'q.eql').pipes).toEqual([
      { kind: 'head', count: 5, at: 21 },
      { kind: 'tail', count: 2, at: 30 },
    ]);
    expect(errorOf('process where true | unique process.name')).toContain('only head and tail');
    expect(errorOf('process where true | head 0')).toContain('positive whole number');
  });

  it.each([
    // `=` and single quotes are syntax errors; field-to-field comparison with : is not supported.
    ['process where process.name = "x"', 'use =='],
    ['process where process.name : process.executable', 'must be a string constant'],
    ['process where process.pid == process.parent.pid', 'field-to-field comparison is not supported'],
    ['process where length(process.name) > length(process.executable)', 'field-to-field comparison is not supported'],
    ['process where process.name in ("a", process.executable)', 'field-to-field comparison is not supported'],
    // Endgame-only functions and forms.
    ['process where wildcard(process.name, "*x")', 'Endgame only'],
    ['process where arrayContains(process.args, "x")', 'Endgame only'],
    ['join [process where true] [file where true]', 'Endgame only'],
    ['process where foo(process.name)', 'unknown function'],
    ['process where length~(process.name) > 1', 'no case-insensitive'],
    ['process where startsWith(process.name)', 'takes 2 arguments'],
    ['process where process.name regex "a&b"', 'intersection'],
    ['process where process.name regex "a{"', 'repeat'],
    ['process where', 'expected a field name'],
    ['where true', 'event category'],
    ['process where true extra', 'after the query'],
  ])('%s → %s', (query, message) => {
    expect(errorOf(query)).toContain(message);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    expect(errorOf(`any where ${'('.repeat(5000)}true${')'.repeat(5000)}`)).toContain('nested deeper');
    expect(errorOf(`any where ${'not '.repeat(5000)}true`)).toContain('nested deeper');
  });
});

describe('sequences and samples', () => {
  it('parses sequence by, maxspan, per-term by and until', () => {
    const q = parseEql(
      'sequence by host.name with maxspan=5m [process where process.name : "a"] by user.name [file where true] by user.name until [process where false]',
      'q.eql',
    ).query;
    expect(q.kind).toBe('sequence');
    if (q.kind !== 'sequence') return;
    expect(q.maxspanMs).toBe(300_000);
    expect(q.by).toHaveLength(1);
    expect(q.terms).toHaveLength(2);
    expect(q.terms[0]?.by).toHaveLength(1);
    expect(q.until?.filter.category).toBe('process');
  });
  it('parses sample by', () => {
    const q = parseEql('sample by host.name [process where true] [registry where true]', 'q.eql').query;
    expect(q.kind).toBe('sample');
  });
  it.each([
    ['sequence [process where true]', 'at least two'],
    ['sequence with maxspan=5 [a where true] [b where true]', 'time unit'],
    ['sequence with maxspan=5m by x [a where true] [b where true]', 'before with maxspan'],
  ])('%s → %s', (query, message) => {
    expect(errorOf(query)).toContain(message);
  });
});

describe('untrusted regexes', () => {
  it('a pattern too large to compile is a syntax error, not a crash', () => {
    expect(errorOf('process where process.name regex "((a{1000}){1000}){1000}"')).toMatch(/^q\.eql:1:34: error: regex cannot be compiled/);
  });
  it('deep nesting is bounded', () => {
    expect(errorOf(`process where process.name regex "${'('.repeat(500)}a${')'.repeat(500)}"`)).toContain('nested too deeply');
  });
});
