import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile } from '../../src/rule/index.js';
import { expectErrorOrResult, expectPrototypeClean, expectResult, expectSourceError } from './bounded.js';
import { garbageBytes, garbageText, MIB, truncations, withBytes } from './inputs.js';
import { QUERY_LANGUAGES } from './languages.js';
import { NOW, processEvent } from './samples.js';

/**
 * Hostile queries in every language unirule reads (KQL, EQL, Sigma): parsed by the target's
 * own parser, compiled and run on events projected into its schema. Each is refused with
 * line:col, or parses and gives the verdict its semantics say, in bounded time.
 */
const dir = mkdtempSync(join(tmpdir(), 'unirule-hostile-q-'));

describe.each(QUERY_LANGUAGES.map((l) => [l.id, l] as const))('hostile %s', (_id, lang) => {
  const { target } = lang;
  const parse = (text: string) => target.parse(text, `hostile${target.extension}`);
  const verdict = (text: string, commandLine: string): boolean =>
    target.compile(parse(text), { now: NOW })(target.project(processEvent(commandLine))).matched;

  it('the valid base query parses (the cases below start from something real)', () => {
    expectResult(() => parse(lang.valid));
  });

  it('a query cut anywhere is refused, or parses and evaluates', () => {
    for (const cut of truncations(lang.valid, 60)) {
      expectErrorOrResult(() => target.compile(parse(cut), { now: NOW })(target.project(processEvent('sc stop x'))));
    }
  });

  it('printable garbage is refused', () => {
    expectSourceError(() => parse(garbageText(4096)), { message: /./ });
  });

  it('binary garbage and invalid UTF-8 in a query file are refused at the bad byte', () => {
    const garbage = join(dir, `garbage-${lang.id}`);
    writeFileSync(garbage, garbageBytes(4096, 3));
    expectSourceError(() => readTextFile(garbage), { message: /not valid UTF-8/ });
    const bad = join(dir, `bad-${lang.id}`);
    const text = lang.equals('MARK');
    writeFileSync(bad, withBytes(text, 'MARK', [0x78, 0xc3]));
    const lines = text.slice(0, text.indexOf('MARK')).split('\n');
    expectSourceError(() => readTextFile(bad), { message: /not valid UTF-8/, line: lines.length, col: (lines[lines.length - 1] ?? '').length + 2 });
  });

  it.each([
    ['parentheses', 100_000],
    ['negations', 100_000],
  ])('%s nested %i deep are refused with a position', (what, depth) => {
    const text = what === 'parentheses' ? lang.deepParens(depth) : lang.deepNot(depth);
    expectSourceError(() => parse(text), { message: /nest|deep|longer|larger/ });
  });

  it('moderate nesting (20 levels) parses and evaluates', () => {
    expect(expectResult(() => verdict(lang.deepParens(20), 'x'))).toBe(true);
  });

  it('a 10 MB value in an event is read and matched', () => {
    expect(expectResult(() => verdict(lang.valid, `sc ${'A'.repeat(10 * MIB)} stop`))).toBe(true);
    expect(expectResult(() => verdict(lang.valid, `sc ${'A'.repeat(10 * MIB)} go`))).toBe(false);
  });

  it('a 10 MB string literal is refused before it is parsed', () => {
    expectSourceError(() => parse(lang.equals('A'.repeat(10 * MIB))), { message: /longer|larger/, line: 1, col: 1 });
  });

  it('a 900 KB string literal parses and compares exactly', () => {
    const value = 'z'.repeat(900_000);
    expect(expectResult(() => verdict(lang.equals(value), value))).toBe(true);
    expect(expectResult(() => verdict(lang.equals(value), value + 'z'))).toBe(false);
  });

  it('an unterminated string is refused with a position', () => {
    expectSourceError(() => parse(lang.unterminated), { message: /./ });
  });

  // A backtracking engine would not finish these on 30 characters; 4 MiB shows linear time.
  it.each(lang.bombs.map(([pattern, explode, matching]) => [pattern, explode, matching] as const))(
    'the regex bomb %s runs in linear time on a 4 MiB value',
    (pattern, explode, matching) => {
      const query = lang.regex(pattern);
      expect(expectResult(() => verdict(query, explode(4 * MIB)))).toBe(false);
      expect(verdict(query, matching)).toBe(true);
    },
    // Finishing at all is the proof (a backtracking engine would take years); the timeout is
    // generous so that a loaded machine does not fail it.
    120_000,
  );

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('a field named %s is a name like any other', (name) => {
    expectErrorOrResult(() => {
      const event = { ...target.project(processEvent('x')) };
      return target.compile(parse(lang.oddField(name)), { now: NOW })(event).matched;
    });
    expectPrototypeClean();
  });

  // Chains build deep trees; 8,000 EQL operands once overflowed the stack in compile and import.
  it.each([3000, 20_000])('%i alternatives are refused with a position, or evaluate and import in bounded time', (count) => {
    expectErrorOrResult(() => {
      const parsed = parse(lang.wide(count));
      target.compile(parsed, { now: NOW })(target.project(processEvent('x')));
      return target.importRule(parsed, `wide${target.extension}`);
    });
  });
});
