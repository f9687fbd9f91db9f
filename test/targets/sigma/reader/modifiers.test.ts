import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../src/ir/value.js';
import { itemMatches } from './helpers.js';

/** sigma.md "Modifiers", one table per modifier: key, value (YAML), event, expected verdict. */
type Row = readonly [key: string, value: string, event: JsonObject, want: boolean];

const check = ([key, value, event, want]: Row): void => {
  expect(itemMatches(key, value, event)).toBe(want);
};

describe('contains / startswith / endswith / all / cased', () => {
  it.each<Row>([
    ['F|contains', "'cmd'", { F: 'xCMDx' }, true],
    ['F|contains', "'cmd'", { F: 'cm' }, false],
    ['F|contains', "'a*c'", { F: 'xabbbcx' }, true],
    ['F|contains', "'a?c'", { F: 'xabbcx' }, false],
    ['F|contains', "''", { F: 'anything' }, true],
    ['F|contains', "''", {}, false],
    ['F|startswith', String.raw`'C:\'`, { F: String.raw`c:\windows` }, true],
    ['F|startswith', String.raw`'C:\'`, { F: String.raw`x c:\ ` }, false],
    ['F|endswith', String.raw`'\sc.exe'`, { F: String.raw`C:\Windows\SC.EXE` }, true],
    ['F|endswith', String.raw`'\sc.exe'`, { F: String.raw`C:\sc.exe.bak` }, false],
    ['F|endswith', String.raw`'\sc.exe'`, { F: 'sc.exe' }, false],
    ['F|contains', "['a', 'b']", { F: 'xbx' }, true],
    ['F|contains', "['a', 'b']", { F: 'xcx' }, false],
    ['F|contains|all', "['a', 'b']", { F: 'ab' }, true],
    ['F|contains|all', "['a', 'b']", { F: 'a' }, false],
    ['F|all', "['a*', '*b']", { F: 'axb' }, true],
    ['F|all', "['a*', '*b']", { F: 'axc' }, false],
    ['F|contains|cased', "'Cmd'", { F: 'xCmdx' }, true],
    ['F|contains|cased', "'Cmd'", { F: 'xcmdx' }, false],
    ['F|cased|startswith', "'Ab'", { F: 'Abc' }, true],
    ['F|cased|startswith', "'Ab'", { F: 'abc' }, false],
  ])('%s: %s over %j → %s', (...row) => check(row));
});

describe('re: a case-sensitive search (substring) with i, m, s', () => {
  it.each<Row>([
    ['F|re', "'a.c'", { F: 'xxabcxx' }, true],
    ['F|re', "'^abc$'", { F: 'xabc' }, false],
    ['F|re', "'^abc$'", { F: 'abc' }, true],
    ['F|re', "'ABC'", { F: 'abc' }, false],
    ['F|re|i', "'ABC'", { F: 'xabcx' }, true],
    ['F|re|i', "'[A-C]+'", { F: 'xbx' }, true],
    // `i` folds ASCII letters only, like every insensitive comparison here.
    ['F|re|i', "'\u00c9'", { F: '\u00e9' }, false],
    ['F|re', "'^a.b$'", { F: 'a\nb' }, false],
    ['F|re|s', "'^a.b$'", { F: 'a\nb' }, true],
    ['F|re', "'^b$'", { F: 'a\nb' }, false],
    ['F|re|m', "'^b$'", { F: 'a\nb' }, true],
    ['F|re|i|m|s', "'^B.C$'", { F: 'a\nb\nc' }, true],
    ['F|re', String.raw`'\d+'`, { F: 'abc123' }, true],
    ['F|re', String.raw`'\bcmd\b'`, { F: 'run cmd now' }, true],
    ['F|re', String.raw`'\bcmd\b'`, { F: 'runcmdnow' }, false],
    ['F|re', "'(?i)abc'", { F: 'ABC' }, true],
    ['F|re', "'(?P<name>a)b'", { F: 'ab' }, true],
    ['F|re', "['^x', '^y']", { F: 'yes' }, true],
    ['F|re|all', "['^x', 'z$']", { F: 'xyz' }, true],
    ['F|re|all', "['^x', 'z$']", { F: 'xy' }, false],
    ['F|re', "'1'", { F: 10 }, true],
    ['F|re', "'.*'", {}, false],
  ])('%s: %s over %j → %s', (...row) => check(row));
});

describe('windash: an option dash may be any of - / – — ―', () => {
  const dashes = ['-', '/', '\u2013', '\u2014', '\u2015'];
  it.each(dashes)('contains|windash " -foo" matches " %sfoo"', (dash) => {
    expect(itemMatches('F|contains|windash', "' -foo'", { F: `cmd ${dash}foo x` })).toBe(true);
  });
  it.each(dashes)('windash|contains (either order) matches " %sfoo"', (dash) => {
    expect(itemMatches('F|windash|contains', "' -foo'", { F: `cmd ${dash}foo x` })).toBe(true);
  });
  it.each(dashes)('a leading option /enc written -enc matches %senc as a whole value', (dash) => {
    expect(itemMatches('F|windash', "'-enc'", { F: `${dash}enc` })).toBe(true);
  });
  it.each<Row>([
    ['F|contains|windash', "' -foo'", { F: ' +foo' }, false],
    ['F|contains|windash', "' -foo'", { F: ' _foo' }, false],
    ['F|contains|windash', "' -foo'", { F: ' \u2012foo' }, false], // figure dash is not one of the five
    // A dash after a word character does not start an option and is not varied.
    ['F|contains|windash', "'a-b'", { F: 'a/b' }, false],
    ['F|contains|windash', "'a-b'", { F: 'a-b' }, true],
    // Nor is one that no word character follows.
    ['F|contains|windash', "' - '", { F: ' / ' }, false],
    // Several options vary independently.
    ['F|contains|windash', "' -a -b'", { F: ' /a \u2014b' }, true],
    ['F|contains|windash', "' -a -b'", { F: ' \u2015a /b' }, true],
    ['F|windash', "'/x'", { F: '-x' }, true],
    ['F|windash|cased', "'-X'", { F: '/x' }, false],
  ])('%s: %s over %j → %s', (...row) => check(row));
});

const b64 = (bytes: Buffer): string => bytes.toString('base64');
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
const bom = Buffer.from([0xff, 0xfe]);

describe('base64 and base64offset', () => {
  it.each<Row>([
    ['F|base64', "'abc'", { F: b64(utf8('abc')) }, true],
    ['F|base64', "'abc'", { F: `x${b64(utf8('abc'))}` }, false],
    ['F|base64|contains', "'abc'", { F: `xx${b64(utf8('abc'))}yy` }, true],
    ['F|base64|startswith', "'abcd'", { F: `${b64(utf8('abcd'))}zz` }, true],
    // Sigma makes no exception for base64: plain values are case-insensitive, cased is not.
    ['F|base64', "'abc'", { F: b64(utf8('abc')).toLowerCase() }, true],
    ['F|base64|cased', "'abc'", { F: b64(utf8('abc')).toLowerCase() }, false],
    ['F|base64', String.raw`'a\*'`, { F: b64(utf8('a*')) }, true],
    ['F|wide|base64', "'abc'", { F: b64(utf16le('abc')) }, true],
    ['F|utf16le|base64', "'abc'", { F: b64(utf16le('abc')) }, true],
    ['F|utf16be|base64', "'abc'", { F: b64(utf16be('abc')) }, true],
    ['F|utf16|base64', "'abc'", { F: b64(Buffer.concat([bom, utf16le('abc')])) }, true],
    ['F|base64', "'\u00e9'", { F: b64(utf8('\u00e9')) }, true],
  ])('%s: %s over %j → %s', (...row) => check(row));

  // The property base64offset exists for: the value's encoding is found inside the encoding of
  // any text that holds it, whatever comes before (any length, any bytes) and after it.
  const prefixes = ['', 'a', 'xy', 'pre', '\u00e9x', '12345'];
  const suffixes = ['', 'q', 'zz', '!!!', '\u00fc'];
  const encodings: readonly (readonly [string, (s: string) => Buffer])[] = [
    ['', utf8],
    ['wide|', utf16le],
    ['utf16le|', utf16le],
    ['utf16be|', utf16be],
    ['utf16|', (s) => s], // placeholder, replaced below
  ].map(([m, f]) => [m as string, f as (s: string) => Buffer] as const);
  const encode = (mod: string, before: string, value: string, after: string): Buffer => {
    if (mod === 'utf16|') return Buffer.concat([utf16le(before), bom, utf16le(value), utf16le(after)]);
    const f = (encodings.find(([m]) => m === mod) as readonly [string, (s: string) => Buffer])[1];
    return Buffer.concat([f(before), f(value), f(after)]);
  };
  const values = ['ping', 'Invoke-Expression', 'IEX (New-Object Net.WebClient)', 'ab', 'abc', 'abcd'];
  for (const [mod] of encodings) {
    it.each(values)(`${mod}base64offset|contains finds %j after every prefix and before every suffix`, (value) => {
      for (const before of prefixes) {
        for (const after of suffixes) {
          const event = { F: b64(encode(mod, before, value, after)) };
          expect(itemMatches(`F|${mod}base64offset|contains`, JSON.stringify(value), event), `${JSON.stringify(before)} + value + ${JSON.stringify(after)}`).toBe(true);
        }
      }
    });
  }
  // (Not 'Ping': at shift 1 the case bit of the first letter falls in a cut-off character, so
  // base64offset of 'ping' finds 'Ping' there — a property of the encoding, not of this reader.)
  it.each(['pong', 'pin', 'pxng'])('base64offset|contains for "ping" does not find %j', (other) => {
    for (const before of prefixes) {
      const event = { F: b64(utf8(`${before}${other}`)) };
      expect(itemMatches('F|base64offset|contains|cased', "'ping'", event)).toBe(false);
    }
  });
  it('base64offset gives exactly the three shifted forms', () => {
    // 'abc' starting at byte 0, 1 or 2 of a 3-byte group; only the characters that depend on
    // 'abc' alone are kept: b64('abc'), b64(' abc') = IGFiYw== → FiY, b64('  abc') = ICBhYmM= → hYm.
    expect([b64(utf8('abc')), b64(utf8(' abc')).slice(2, -3), b64(utf8('  abc')).slice(3, -2)]).toEqual(['YWJj', 'FiY', 'hYm']);
    for (const form of ['YWJj', 'FiY', 'hYm']) expect(itemMatches('F|base64offset|cased', "'abc'", { F: form }), form).toBe(true);
    for (const other of ['YWJ', 'FiYw', 'IGFiYw==', 'hYmM']) expect(itemMatches('F|base64offset|cased', "'abc'", { F: other }), other).toBe(false);
  });
});

describe('lt / lte / gt / gte compare numbers', () => {
  it.each<Row>([
    ['F|gt', '5', { F: 6 }, true],
    ['F|gt', '5', { F: 5 }, false],
    ['F|gt', '5', { F: '6' }, true],
    ['F|gt', '5', { F: 'abc' }, false],
    ['F|gt', '5', {}, false],
    ['F|gt', '5', { F: null }, false],
    ['F|gte', '5', { F: 5 }, true],
    ['F|lt', '5', { F: 5 }, false],
    ['F|lte', '5', { F: 5 }, true],
    ['F|lt', '1.5', { F: 1.4 }, true],
    ['F|gte', '-1', { F: 0 }, true],
    ['F|lt', "'10'", { F: 9 }, true],
    ['F|gt', '[10, 1]', { F: 5 }, true],
    ['F|gt|all', '[10, 1]', { F: 5 }, false],
    ['F|gt', '2', { F: [1, 3] }, true],
  ])('%s: %s over %j → %s', (...row) => check(row));
});

describe('cidr', () => {
  it.each<Row>([
    ['F|cidr', "'10.0.0.0/8'", { F: '10.1.2.3' }, true],
    ['F|cidr', "'10.0.0.0/8'", { F: '11.0.0.1' }, false],
    ['F|cidr', "'10.0.0.0/8'", { F: 'not an ip' }, false],
    ['F|cidr', "'192.168.1.0/24'", { F: '192.168.1.255' }, true],
    ['F|cidr', "'192.168.1.0/24'", { F: '192.168.2.0' }, false],
    ['F|cidr', "'fe80::/10'", { F: 'fe80::1' }, true],
    ['F|cidr', "'fe80::/10'", { F: '10.0.0.1' }, false],
    ['F|cidr', "['10.0.0.0/8', '172.16.0.0/12']", { F: '172.20.0.1' }, true],
  ])('%s: %s over %j → %s', (...row) => check(row));
});

describe('exists, fieldref, neq', () => {
  it.each<Row>([
    ['F|exists', 'true', { F: 'x' }, true],
    ['F|exists', 'true', { F: '' }, true],
    ['F|exists', 'true', { F: 0 }, true],
    ['F|exists', 'true', {}, false],
    ['F|exists', 'true', { F: null }, false],
    ['F|exists', 'false', {}, true],
    ['F|exists', 'false', { F: null }, true],
    ['F|exists', 'false', { F: 'x' }, false],
    ['F|fieldref', 'G', { F: 'abc', G: 'ABC' }, true],
    ['F|fieldref', 'G', { F: 'abc', G: 'abd' }, false],
    ['F|fieldref', 'G', { F: 'abc' }, false],
    ['F|fieldref', 'G', { F: 'a*', G: 'a*' }, true],
    ['F|fieldref', 'G', { F: 'abc', G: 'a*' }, false],
    ['F|fieldref|cased', 'G', { F: 'abc', G: 'ABC' }, false],
    ['F|fieldref|endswith', 'G', { F: String.raw`C:\x\a.exe`, G: 'A.exe' }, true],
    ['F|fieldref|startswith', 'G', { F: String.raw`C:\x\a.exe`, G: 'a.exe' }, false],
    ['F|fieldref|contains', 'G', { F: 'xxabcxx', G: 'abc' }, true],
    ['F|fieldref', 'G', { F: 1, G: '1' }, true],
    ['F|neq', "'a'", { F: 'b' }, true],
    ['F|neq', "'a'", { F: 'A' }, false],
    ['F|neq', "'a'", {}, true],
    ['F|neq', "['a', 'b']", { F: 'a' }, false],
    ['F|neq', "['a', 'b']", { F: 'c' }, true],
    ['F|neq|contains', "'x'", { F: 'axb' }, false],
    ['F|neq|contains', "'x'", { F: 'ayb' }, true],
    ['F|neq', '5', { F: 5 }, false],
    ['F|neq|cidr', "'10.0.0.0/8'", { F: '11.0.0.1' }, true],
  ])('%s: %s over %j → %s', (...row) => check(row));
});

describe('expand resolves placeholders from the caller', () => {
  const placeholders = { Servers: ['srv1', 'srv2'], Dir: ['Windows', 'WinNT'] };
  it.each<Row>([
    ['F|expand', "'%Servers%'", { F: 'SRV2' }, true],
    ['F|expand', "'%Servers%'", { F: 'srv3' }, false],
    ['F|expand', String.raw`'C:\%Dir%\x.exe'`, { F: String.raw`C:\WinNT\x.exe` }, true],
    ['F|expand', String.raw`'C:\%Dir%\x.exe'`, { F: String.raw`C:\Temp\x.exe` }, false],
    ['F|expand|contains', "'%Servers%-%Dir%'", { F: 'host srv1-Windows here' }, true],
    ['F|expand|contains', "'%Servers%-%Dir%'", { F: 'host srv1-Temp here' }, false],
    ['F|expand', "'100%'", { F: '100%' }, true],
  ])('%s: %s over %j → %s', (key, value, event, want) => {
    expect(itemMatches(key, value, event, { placeholders })).toBe(want);
  });
});
