import { describe, expect, it } from 'vitest';
import { itemMatches } from './helpers.js';

/**
 * sigma.md "Detection": plain values match the whole value, case-insensitively; `*` is any run
 * (also empty), `?` exactly one character; `\*` `\?` literal, `\\` one backslash, a backslash
 * before anything else literal. Values are single-quoted in YAML so backslashes reach Sigma.
 */
describe('the escaping table, row by row', () => {
  it.each([
    // raw Sigma value, event value, matches?
    [String.raw`a\b`, String.raw`a\b`, true],
    [String.raw`a\b`, 'ab', false],
    [String.raw`a\\b`, String.raw`a\b`, true],
    [String.raw`a\\b`, String.raw`a\\b`, false],
    [String.raw`a\*`, 'a*', true],
    [String.raw`a\*`, 'abc', false],
    [String.raw`a\*`, 'a', false],
    [String.raw`a\\*`, String.raw`a\xyz`, true],
    [String.raw`a\\*`, 'a\\', true],
    [String.raw`a\\*`, 'a', false],
    [String.raw`a\\*`, 'ab', false],
    [String.raw`a\\\*`, String.raw`a\*`, true],
    [String.raw`a\\\*`, String.raw`a\b`, false],
    [String.raw`a\\\*`, String.raw`a\\*`, false],
    ['prog?.exe', 'prog1.exe', true],
    ['prog?.exe', 'prog.exe', false],
    ['prog?.exe', 'prog12.exe', false],
    [String.raw`a\?`, 'a?', true],
    [String.raw`a\?`, 'ab', false],
    ['a\\', 'a\\', true],
    // `\*` is a literal star and the backslash is consumed: the value is `C:\Windows*\cmd.exe`.
    [String.raw`C:\Windows\*\cmd.exe`, String.raw`C:\Windows*\cmd.exe`, true],
    [String.raw`C:\Windows\*\cmd.exe`, String.raw`C:\Windows\*\cmd.exe`, false],
    [String.raw`C:\Windows\*\cmd.exe`, String.raw`C:\Windows\System32\cmd.exe`, false],
    [String.raw`C:\Windows\\*\cmd.exe`, String.raw`C:\Windows\System32\cmd.exe`, true],
    [String.raw`C:\Windows\\*\cmd.exe`, String.raw`C:\Windows\cmd.exe`, false],
  ])('%s against %s → %s', (raw, value, want) => {
    expect(itemMatches('Field', `'${raw}'`, { Field: value })).toBe(want);
  });
});

describe('plain values: whole value, ASCII case folding, globs', () => {
  it.each([
    ['cmd.exe', 'CMD.EXE', true],
    ['CMD.exe', 'cmd.EXE', true],
    ['cmd', 'xcmd', false],
    ['cmd', 'cmdx', false],
    ['a*b', 'ab', true],
    ['a*b', 'aXYZb', true],
    ['a*b', 'aXYZbc', false],
    ['*', '', true],
    ['?', '', false],
    ['a?b', 'a\u{1F600}b', true], // `?` is one character, also outside the BMP
    ['', '', true],
    ['', 'x', false],
    // Only A-Z fold: Unicode letters keep their case (semantics/fold.ts).
    ['\u00e9t\u00e9', '\u00c9T\u00c9', false],
    ['stra\u00dfe', 'STRASSE', false],
    ['\u00e9t\u00e9', '\u00e9T\u00e9', true],
  ])('%j against %j → %s', (raw, value, want) => {
    expect(itemMatches('Field', `'${raw}'`, { Field: value })).toBe(want);
  });

  it.each([
    ['cmd', 'cmd', true],
    ['cmd', 'CMD', false],
    ['C*D', 'CxD', true],
    ['C*D', 'cxd', false],
  ])('cased: %j against %j → %s', (raw, value, want) => {
    expect(itemMatches('Field|cased', `'${raw}'`, { Field: value })).toBe(want);
  });
});

describe('numbers and booleans compare as their text', () => {
  it.each([
    ['1', 1, true],
    ['1', '1', true],
    ['1', 10, false],
    ['1', '01', false],
    ["'1'", 1, true],
    ['1.5', '1.5', true],
    ['true', true, true],
    ['true', 'TRUE', true],
    ['true', 'false', false],
    ["'0x10'", '0x10', true],
  ] as const)('value %s against %j → %s', (yaml, value, want) => {
    expect(itemMatches('Field', yaml, { Field: value })).toBe(want);
  });

  it('a string value matches any element of an array field', () => {
    expect(itemMatches('Field', "'b'", { Field: ['a', 'B'] })).toBe(true);
    expect(itemMatches('Field', "'c'", { Field: ['a', 'b'] })).toBe(false);
  });

  it('an object field matches no string value', () => {
    expect(itemMatches('Field|contains', "'a'", { Field: { a: 'a' } })).toBe(false);
  });

  it('reads a dotted field name as a path when no flat key exists', () => {
    expect(itemMatches('winlog.event_data.Image', "'x'", { winlog: { event_data: { Image: 'X' } } })).toBe(true);
    expect(itemMatches('a.b', "'flat'", { 'a.b': 'flat', a: { b: 'nested' } })).toBe(true);
  });
});
