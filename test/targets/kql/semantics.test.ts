import { describe, expect, it } from 'vitest';
import { SourceError } from '../../../src/diagnostics.js';
import type { JsonObject } from '../../../src/ir/value.js';
import { compileKql } from '../../../src/targets/kql/evaluate.js';
import { parseKql } from '../../../src/targets/kql/parse.js';

/** Kusto's semantics as the project's KQL facts state them, one table row per fact. */
const NOW = Date.parse('2026-11-20T12:00:00Z');

function holds(predicate: string, row: JsonObject = {}, lets = ''): boolean {
  const query = parseKql(`${lets}DeviceProcessEvents | where ${predicate}`, 'test.kql');
  return compileKql(query, { now: NOW })(row).matched;
}
const cmd = (ProcessCommandLine: string): JsonObject => ({ ProcessCommandLine });

describe('has: the term model', () => {
  // kql.md, "Terms and has": the consequences table, row by row.
  it.each([
    ['cmd.exe /c sc stop WinDefend', 'sc stop', true],
    ['sc.exe stop WinDefend', 'sc stop', false],
    ['sc  stop WinDefend', 'sc stop', false],
    ['auditpol.exe /clear', 'auditpol /clear', false],
    ['powershell -encodedcommand AAA', '-enc', false],
    ['HKEY_LOCAL_MACHINE\\SYSTEM\\Services\\WinDefend\\Start', 'WinDefend', true],
    ['HKEY_LOCAL_MACHINE\\SYSTEM\\Services\\WinDefendX', 'WinDefend', false],
    ['Stop-Service -Name x', 'stop', true],
  ])('%j has %j is %s', (value, needle, want) => {
    expect(holds(`ProcessCommandLine has ${JSON.stringify(needle)}`, cmd(value))).toBe(want);
  });

  // kql.md: terms of "Kusto: ad67-c1db;KustoExplorerQueryRun"; has "Explorer" is false, contains true.
  it.each([
    ['has "Kusto"', true],
    ['has "ad67"', true],
    ['has "c1db"', true],
    ['has "KustoExplorerQueryRun"', true],
    ['has "Explorer"', false],
    ['contains "Explorer"', true],
    ['hasprefix "Explo"', false],
    ['hasprefix "KustoExp"', true],
    ['hassuffix "QueryRun"', true],
    ['hassuffix "Query"', false],
    ['has "kusto"', true],
    ['has_cs "kusto"', false],
    ['has_cs "Kusto"', true],
    ['!has "Explorer"', true],
    ['!has_cs "Kusto"', false],
    ['hasprefix_cs "kustoexp"', false],
    ['hassuffix_cs "queryrun"', false],
  ])('"Kusto: ad67-c1db;KustoExplorerQueryRun" %s is %s', (test, want) => {
    expect(holds(`ProcessCommandLine ${test}`, cmd('Kusto: ad67-c1db;KustoExplorerQueryRun'))).toBe(want);
  });

  // kql.md: has_any / has_all take literals, dynamic arrays or let-bound arrays; nested arrays flatten.
  it.each([
    ['has_any ("stop", "zzz")', '', true],
    ['has_any ("zzz")', '', false],
    ['has_all ("sc", "stop")', '', true],
    ['has_all ("sc", "zzz")', '', false],
    ['has_any (dynamic(["zzz", ["stop"]]))', '', true],
    ['has_any (L)', 'let L = dynamic(["STOP"]);\n', true],
    ['has_all (L)', 'let L = dynamic([["sc"], "WinDefend"]);\n', true],
  ])('"sc stop WinDefend" %s is %s', (test, lets, want) => {
    expect(holds(`ProcessCommandLine ${test}`, cmd('sc stop WinDefend'), lets)).toBe(want);
  });
});

describe('other string operators (case-insensitive forms fold ASCII only)', () => {
  it.each([
    ['FileName == "sc.exe"', 'sc.exe', true],
    ['FileName == "SC.EXE"', 'sc.exe', false],
    ['FileName != "SC.EXE"', 'sc.exe', true],
    ['FileName =~ "SC.EXE"', 'sc.exe', true],
    ['FileName !~ "SC.EXE"', 'sc.exe', false],
    ['FileName contains "C.E"', 'sc.exe', true],
    ['FileName contains_cs "C.E"', 'sc.exe', false],
    ['FileName !contains "x"', 'sc.exe', false],
    ['FileName !contains_cs "X"', 'sc.exe', true],
    ['FileName startswith "SC"', 'sc.exe', true],
    ['FileName startswith_cs "SC"', 'sc.exe', false],
    ['FileName !startswith "sc"', 'sc.exe', false],
    ['FileName endswith ".EXE"', 'sc.exe', true],
    ['FileName endswith_cs ".EXE"', 'sc.exe', false],
    ['FileName !endswith_cs ".EXE"', 'sc.exe', true],
    ['FileName in ("a", "sc.exe")', 'sc.exe', true],
    ['FileName in ("SC.EXE")', 'sc.exe', false],
    ['FileName in~ ("SC.EXE")', 'sc.exe', true],
    ['FileName !in ("SC.EXE")', 'sc.exe', true],
    ['FileName !in~ ("SC.EXE")', 'sc.exe', false],
    ['FileName in (dynamic(["x", ["sc.exe"]]))', 'sc.exe', true],
    // ASCII folding only: É and é stay different, ß is not ss.
    ['FileName =~ "é.exe"', 'É.exe', false],
    ['FileName contains "É"', 'é.exe', false],
    ['FileName =~ "strasse"', 'straße', false],
    ['FileName has "é"', 'É', false],
    // matches regex: case-sensitive search, not anchored; (?i) folds.
    ['FileName matches regex "c\\\\.e"', 'sc.exe', true],
    ['FileName matches regex "^c"', 'sc.exe', false],
    ['FileName matches regex "C"', 'sc.exe', false],
    ['FileName matches regex "(?i)C"', 'sc.exe', true],
    // Kusto's \\d is Unicode-aware (kql.md, Regex dialect): Arabic-Indic digits are digits.
    ['FileName matches regex @"^\\d+$"', '\u0661\u0662', true],
  ])('%s on %j is %s', (predicate, fileName, want) => {
    expect(holds(predicate, { FileName: fileName })).toBe(want);
  });
});

describe('nulls', () => {
  // kql.md, Nulls: strings are never null, a missing string column reads ""; where drops null.
  it.each([
    ['AccountDomain == ""', true],
    ['isempty(AccountDomain)', true],
    ['isnull(AccountDomain)', false],
    ['isnotempty(AccountDomain)', false],
    ['AccountDomain !has "x"', true],
    ['ProcessId > 5', false],
    ['not(ProcessId > 5)', false],
    ['isnull(ProcessId)', true],
    ['isnotnull(ProcessId)', false],
    ['ProcessId == 5', false],
    ['ProcessId != 5', true],
    ['false and ProcessId > 1', false],
    ['true or ProcessId > 1', true],
    ['true and ProcessId > 1', false],
    ['not(true and ProcessId > 1)', false],
    ['ProcessId between (1 .. 5)', false],
  ])('%s on a row without the column is %s', (predicate, want) => {
    expect(holds(predicate, {})).toBe(want);
  });
  it.each([
    ['ProcessId between (1 .. 5)', true],
    ['ProcessId between (6 .. 9)', false],
    ['ProcessId !between (6 .. 9)', true],
    ['ProcessId >= 5 and ProcessId < 6', true],
  ])('%s with ProcessId 5 is %s', (predicate, want) => {
    expect(holds(predicate, { ProcessId: 5 })).toBe(want);
  });
});

describe('functions', () => {
  it.each([
    // coalesce skips null and "".
    ['coalesce(AccountDomain, "x") == "x"', true],
    ['coalesce(ProcessId, 7) == 7', true],
    // iff takes b when p is false or null.
    ['iff(ProcessId > 1, "a", "b") == "b"', true],
    // extract: first match's group; "" when nothing matches.
    ['extract("z(.)", 1, FileName) == ""', true],
    ['extract(@"(\\w+)\\.exe", 1, FileName) == "sc"', true],
    ['extract("(s)(c)", 2, FileName) == "c"', true],
    ['case(FileName == "x", "a", FileName == "sc.exe", "b", "c") == "b"', true],
    ['case(false, "a", "c") == "c"', true],
    // tolower folds Unicode (unlike =~).
    ['tolower("É") == "é"', true],
    ['toupper(FileName) == "SC.EXE"', true],
    ['strcat(FileName, "/", 1) == "sc.exe/1"', true],
    ['strlen("é") == 1', true],
    ['isnotempty(FileName)', true],
    ['tostring(5) == "5"', true],
    ['todouble("2.5") > 2', true],
    ['ipv4_is_in_range("10.1.2.3", "10.0.0.0/8")', true],
    ['ipv4_is_in_range("11.1.2.3", "10.0.0.0/8")', false],
    ['isnull(ipv4_is_in_range("nope", "10.0.0.0/8"))', true],
  ])('%s is %s', (predicate, want) => {
    expect(holds(predicate, { FileName: 'sc.exe' })).toBe(want);
  });

  // ago() is now() - timespan, with now() fixed by the caller.
  it.each([
    ['2026-11-20T11:30:00Z', 'Timestamp > ago(1h)', true],
    ['2026-11-20T10:30:00Z', 'Timestamp > ago(1h)', false],
    ['2026-11-20T10:30:01Z', 'Timestamp > ago(1.5h)', true],
    ['2026-11-20T11:59:31Z', 'Timestamp > ago(30s)', true],
    ['2026-11-20T11:55:00Z', 'Timestamp > ago(5m)', false],
    ['2026-11-20T11:59:59.950Z', 'Timestamp > ago(100ms)', true],
    ['2026-11-19T12:00:01Z', 'Timestamp > ago(1d)', true],
    ['2026-11-19T12:00:01Z', 'Timestamp > ago(timespan(1d))', true],
    ['2026-11-20T12:00:00Z', 'Timestamp == now()', true],
    ['2026-11-20T12:00:00Z', 'Timestamp == datetime(2026-11-20T12:00:00Z)', true],
    ['2026-11-20T00:00:00Z', 'Timestamp == datetime(2026-11-20)', true],
    // Kusto datetimes are UTC: a time without a zone is not local time.
    ['2026-11-20 12:00:00', 'Timestamp == datetime(2026-11-20T12:00:00Z)', true],
    ['2026-11-20T12:00:00Z', 'Timestamp == datetime(2026-11-20 12:00:00)', true],
    ['2026-11-20T13:00:00+01:00', 'Timestamp == now()', true],
    ['not a time', 'isnull(Timestamp)', true],
    ['2026-11-20T11:00:00Z', 'Timestamp between (ago(2h) .. now())', true],
  ])('Timestamp %s: %s is %s', (time, predicate, want) => {
    expect(holds(predicate, { Timestamp: time })).toBe(want);
  });
});

describe('string literals', () => {
  // kql.md, String literals: every form decodes to the same kind of value.
  it.each([
    ['"a\\"b"', 'a"b'],
    ["'it\\'s'", "it's"],
    ['"tab\\there"', 'tab\there'],
    ['"line\\nbreak"', 'line\nbreak'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"\\u00e9"', 'é'],
    ['@"C:\\Windows\\"', 'C:\\Windows\\'],
    ['@"say ""hi"""', 'say "hi"'],
    ["@'it''s'", "it's"],
    ['```multi\nline```', 'multi\nline'],
    ['h"secret"', 'secret'],
    ['h@"C:\\x"', 'C:\\x'],
    ['"con" @"cat\\" \'enation\'', 'concat\\enation'],
    ['"é ünïcödé"', 'é ünïcödé'],
  ])('%s reads as %j', (literal, value) => {
    expect(holds(`FileName == ${literal}`, { FileName: value })).toBe(true);
  });

  it.each([
    // The literal starts at column 41; an unknown escape is reported at its backslash.
    ['"\\q"', 1, 42, 'unknown escape'],
    ['"raw\nnewline"', 1, 41, 'unterminated string literal'],
    ['@"raw\nnewline"', 1, 41, 'unterminated verbatim'],
  ])('%j is an error at its line:col', (literal, line, col, message) => {
    const err = (() => {
      try {
        parseKql(`DeviceProcessEvents | where FileName == ${literal}`, 'q.kql');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(SourceError);
    const d = (err as SourceError).diagnostics[0];
    expect([d?.position.line, d?.position.col]).toEqual([line, col]);
    expect(d?.message).toContain(message);
  });
});

describe('unsupported constructs name themselves and their place', () => {
  it.each([
    ['DeviceProcessEvents\n| summarize count() by DeviceName', 2, 3, '`summarize`'],
    ['DeviceProcessEvents\n| where true\n| join (DeviceRegistryEvents) on DeviceId', 3, 3, '`join`'],
    ['DeviceProcessEvents | mv-expand x', 1, 23, '`mv-expand`'],
    ['DeviceProcessEvents | where parse_json(x) == 1', 1, 29, 'parse_json()'],
    ['DeviceProcessEvents | where Timestamp > ago(1w)', 1, 45, 'no w'],
    ['let T = DeviceProcessEvents | where true;\nT', 1, 29, 'tabular'],
    ['DeviceProcessEvents | where FileName like "x"', 1, 38, 'like'],
  ])('%j', (text, line, col, message) => {
    try {
      parseKql(text, 'q.kql');
      expect.fail('parsed');
    } catch (e) {
      expect(e).toBeInstanceOf(SourceError);
      const d = (e as SourceError).diagnostics[0];
      expect(d?.message).toContain(message);
      expect([d?.position.line, d?.position.col]).toEqual([line, col]);
    }
  });
});
