import { describe, expect, it } from 'vitest';
import { compileGlob, escapeGlobText, formatGlob, parseGlob } from '../../src/semantics/wildcard.js';

const glob = (pattern: string, value: string): boolean => compileGlob(parseGlob(pattern))(value);

// The escaping table shared by the rule file and Sigma: `\*` `\?` literal, `\\` one backslash,
// a backslash before anything else is itself literal.
describe('glob escaping table', () => {
  it.each([
    ['a\\b', 'a\\b', true],
    ['a\\\\b', 'a\\b', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a\\\\*', 'a\\anything', true],
    ['a\\\\*', 'a\\', true],
    ['a\\\\\\*', 'a\\*', true],
    ['a\\\\\\*', 'a\\x', false],
    ['prog?.exe', 'prog1.exe', true],
    ['prog?.exe', 'prog.exe', false],
    ['prog?.exe', 'prog12.exe', false],
    ['prog\\?.exe', 'prog?.exe', true],
    ['prog\\?.exe', 'prog1.exe', false],
  ])('%j against %j → %s', (pattern, value, expected) => {
    expect(glob(pattern, value)).toBe(expected);
  });
});

describe('glob matching', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['*\\sc.exe', 'C:\\Windows\\System32\\sc.exe', true],
    ['*\\sc.exe', 'C:\\Windows\\System32\\sc.exe.bak', false],
    ['C:\\Windows\\*\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe', false], // `\*` is a literal star
    ['C:\\Windows\\\\*\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXcYYb', false],
    ['*a', 'aaaa', true],
    // The glob spans line breaks: it is over the whole value.
    ['a*b', 'a\nb', true],
  ])('%j against %j → %s', (pattern, value, expected) => {
    expect(glob(pattern, value)).toBe(expected);
  });

  it('`?` is one character: an astral character (a surrogate pair) counts once', () => {
    expect(glob('?', '😀')).toBe(true);
    expect(glob('??', '😀')).toBe(false);
    expect(glob('a?b', 'a😀b')).toBe(true);
    expect(glob('*??', 'x😀')).toBe(true);
    expect(glob('*???', 'x😀')).toBe(false);
  });

  it('escaping literal text round-trips through the parser', () => {
    for (const text of ['*', '?', '\\', 'a\\*b', 'C:\\x\\', '\\\\?', '']) {
      const tokens = parseGlob(escapeGlobText(text));
      expect(formatGlob(tokens)).toBe(escapeGlobText(text));
      expect(compileGlob(tokens)(text)).toBe(true);
    }
  });
});
