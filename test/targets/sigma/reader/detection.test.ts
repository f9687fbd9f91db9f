import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../../src/ir/value.js';
import { itemMatches, matches, rule } from './helpers.js';

/** sigma.md "Detection": maps AND, lists of maps OR, value lists OR, null / '' / keywords. */
describe("null means absent or null; '' is the empty string", () => {
  it.each<readonly [string, JsonObject, boolean]>([
    ['null', {}, true],
    ['null', { F: null }, true],
    ['null', { F: '' }, false],
    ['null', { F: 'x' }, false],
    ['null', { F: 0 }, false],
    ['~', {}, true],
    ["''", { F: '' }, true],
    ["''", {}, false],
    ["''", { F: null }, false],
    ["''", { F: 'x' }, false],
  ])('F: %s over %j → %s', (value, event, want) => {
    expect(itemMatches('F', value, event)).toBe(want);
  });

  it('not (F: null) holds exactly when the field has a value', () => {
    const text = rule("selection:\n  F: null\ncondition: not selection");
    expect(matches(text, { F: 'x' })).toBe(true);
    expect(matches(text, { F: '' })).toBe(true);
    expect(matches(text, {})).toBe(false);
  });

  it('a missing field fails every value test, and not of it holds', () => {
    const text = rule("selection:\n  F|contains: 'x'\ncondition: not selection");
    expect(matches(text, {})).toBe(true);
    expect(matches(text, { F: null })).toBe(true);
    expect(matches(text, { F: 'axb' })).toBe(false);
  });
});

describe('maps, lists of maps, value lists', () => {
  const andMap = rule("selection:\n  A: 'a'\n  B|contains: 'b'\ncondition: selection");
  it.each<readonly [JsonObject, boolean]>([
    [{ A: 'a', B: 'xbx' }, true],
    [{ A: 'a' }, false],
    [{ B: 'b' }, false],
    [{ A: 'x', B: 'b' }, false],
  ])('a map ANDs its items: %j → %s', (event, want) => expect(matches(andMap, event)).toBe(want));

  const orList = rule("selection:\n  - A: 'a'\n    B: 'b'\n  - C: 'c'\ncondition: selection");
  it.each<readonly [JsonObject, boolean]>([
    [{ A: 'a', B: 'b' }, true],
    [{ C: 'C' }, true],
    [{ A: 'a', C: 'x' }, false],
    [{}, false],
  ])('a list of maps ORs them: %j → %s', (event, want) => expect(matches(orList, event)).toBe(want));

  it.each<readonly [JsonObject, boolean]>([
    [{ F: 'b' }, true],
    [{ F: '3' }, true],
    [{ F: 3 }, true],
    [{ F: 'd' }, false],
  ])('a value list ORs its values: %j → %s', (event, want) => {
    expect(itemMatches('F', "['a', 'b', 3]", event)).toBe(want);
  });
});

describe('keyword searches over every string of the event', () => {
  const keywords = rule("keywords:\n  - 'evil'\n  - 'bad*thing'\ncondition: keywords");
  it.each<readonly [JsonObject, boolean]>([
    [{ A: 'some EVIL text' }, true],
    [{ A: 'x', B: 'a bad old thing' }, true],
    [{ A: { nested: ['ok', 'evil'] } }, true],
    [{ A: 'good' }, false],
    [{ evil: 'good' }, false], // field names are not searched
    [{}, false],
  ])('a keyword list: %j → %s', (event, want) => expect(matches(keywords, event)).toBe(want));

  it('numbers and booleans are not strings of the event', () => {
    const text = rule("keywords:\n  - '123'\ncondition: keywords");
    expect(matches(text, { A: 123 })).toBe(false);
    expect(matches(text, { A: 'x123' })).toBe(true);
  });

  const all = rule("keywords:\n  '|all':\n    - 'alpha'\n    - 'beta'\ncondition: keywords");
  it.each<readonly [JsonObject, boolean]>([
    [{ X: 'alpha', Y: 'beta' }, true],
    [{ X: 'alpha beta' }, true],
    [{ X: 'alpha' }, false],
  ])("'|all' ANDs keywords: %j → %s", (event, want) => expect(matches(all, event)).toBe(want));

  it('a keyword item with a placement uses it on each string', () => {
    const text = rule("keywords:\n  '|startswith': 'ab'\ncondition: keywords");
    expect(matches(text, { X: 'zzz', Y: 'ABC' })).toBe(true);
    expect(matches(text, { X: 'cab' })).toBe(false);
  });

  it('a keyword item can be a regex', () => {
    const text = rule("keywords:\n  '|re': '^a[0-9]+$'\ncondition: keywords");
    expect(matches(text, { X: 'a123' })).toBe(true);
    expect(matches(text, { X: 'a12b' })).toBe(false);
  });

  it('a single keyword value and a list mixing maps and keywords', () => {
    expect(matches(rule("kw: 'evil'\ncondition: kw"), { X: 'so evil' })).toBe(true);
    const mixed = rule("sel:\n  - A: 'a'\n  - 'evil'\ncondition: sel");
    expect(matches(mixed, { A: 'a' })).toBe(true);
    expect(matches(mixed, { B: 'evil one' })).toBe(true);
    expect(matches(mixed, { B: 'good' })).toBe(false);
  });
});

describe('YAML anchors and aliases are read as their values', () => {
  it('an aliased value list', () => {
    const text = rule("a:\n  F: &names ['x', 'y']\nb:\n  G: *names\ncondition: a and b");
    expect(matches(text, { F: 'x', G: 'y' })).toBe(true);
    expect(matches(text, { F: 'x', G: 'z' })).toBe(false);
  });
});
