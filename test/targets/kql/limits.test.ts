import fc from 'fast-check';
import { expect, it } from 'vitest';
import { parseKql } from '../../../src/targets/kql/parse.js';
import { compileKql } from '../../../src/targets/kql/evaluate.js';
import { SourceError } from '../../../src/diagnostics.js';
/** Queries are untrusted: size and nesting are bounded, and long chains still evaluate. */
it('long and/or chains evaluate; deep nesting is an error, not a stack overflow', () => {
  const q = parseKql('DeviceProcessEvents | where ' + Array.from({length: 2000}, (_, i) => `FileName == "${i}"`).join(' or ') + ' and ' + Array.from({length: 2000}, (_, i) => `FileName != "${i}x"`).join(' and '), 'q');
  // `and` binds tighter: the last == joins the != chain, which holds.
  expect(compileKql(q, { now: 0 })({ FileName: '1999' }).matched).toBe(true);
  expect(compileKql(q, { now: 0 })({ FileName: 'zzz' }).matched).toBe(false);
  expect(() => parseKql('DeviceProcessEvents | where ' + '('.repeat(5000) + 'true' + ')'.repeat(5000), 'q')).toThrow(SourceError);
  expect(() => parseKql('DeviceProcessEvents | where ' + '-'.repeat(5000) + '1 > 0', 'q')).toThrow(SourceError);
  expect(() => parseKql('let x = dynamic(' + '['.repeat(5000) + ']'.repeat(5000) + ');DeviceProcessEvents', 'q')).toThrow(SourceError);
  expect(() => parseKql('DeviceProcessEvents | where ' + 'not('.repeat(5000) + 'true' + ')'.repeat(5000), 'q')).toThrow(SourceError);
});

it('any text either parses or fails with a SourceError; any row evaluates without throwing', () => {
  const pieces = ['DeviceProcessEvents', 'union', ',', '|', 'where', 'extend', 'project', 'sort by', 'take', 'let', '=', ';', '(', ')', '[', ']', 'dynamic(', 'datetime(', '"a', '"b"', "@'c'", '```d```', 'h"e"', 'and', 'or', 'not(', 'has', '!has', 'in~', 'has_any', 'between', '..', 'matches regex', '"(x"', '1', '1.5h', '1w', '-', 'FileName', 'ago(1d)', 'extract(', '\\', '\n', ' ', '//c\n', 'é', '$', '~', '!'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), fc.dictionary(fc.constantFrom('FileName', 'Timestamp', 'ProcessId', 'Type', '__proto__'), fc.jsonValue({ maxDepth: 2 })), (parts, row) => {
      let query;
      try {
        query = parseKql(parts.join(' '), 'fuzz.kql');
      } catch (err) {
        expect(err).toBeInstanceOf(SourceError);
        return;
      }
      try {
        const verdict = compileKql(query, { now: 0 });
        verdict(row as Record<string, never>);
      } catch (err) {
        // A query can still be wrong for the evaluator (a bad regex, a wrong argument count): an input error, never a crash.
        expect(err).toBeInstanceOf(SourceError);
      }
    }),
    { numRuns: 3000 },
  );
});
