import { describe, expect, it } from 'vitest';
import { foldAscii } from '../../src/semantics/fold.js';
import { termMatch } from '../../src/semantics/term.js';

// The `has` table of the project's KQL facts (README "Matching semantics"; Kusto's term model):
// a needle that starts / ends with an alphanumeric must not touch another alphanumeric there.
const has = (value: string, needle: string): boolean => termMatch(foldAscii(value), foldAscii(needle), 'both');

describe('term match (KQL has)', () => {
  it.each([
    ['cmd.exe /c sc stop WinDefend', 'sc stop', true],
    ['sc.exe stop WinDefend', 'sc stop', false],
    ['sc  stop WinDefend', 'sc stop', false],
    ['auditpol.exe /clear', 'auditpol /clear', false],
    ['powershell -encodedcommand AAA', '-enc', false],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefend\\Start', 'WinDefend', true],
    ['HKLM\\SYSTEM\\CurrentControlSet\\Services\\WinDefendX', 'WinDefend', false],
    ['Stop-Service -Name x', 'stop', true],
    ['KustoExplorerQueryRun', 'Explorer', false],
    ['Kusto: ad67-c1db;KustoExplorerQueryRun', 'c1db', true],
    ['Kusto: ad67-c1db;KustoExplorerQueryRun', 'ad67-c1db', true],
    // `_` is not alphanumeric, so it separates terms.
    ['my_service', 'service', true],
    // Case folds ASCII only.
    ['NET STOP x', 'net stop', true],
    ['Élan', 'élan', false],
  ])('%j has %j → %s', (value, needle, expected) => {
    expect(has(value, needle)).toBe(expected);
  });

  it.each([
    // hasprefix: only the left side is bounded; hassuffix: only the right side.
    ['WinDefendX', 'WinDefend', 'left', true],
    ['XWinDefend', 'WinDefend', 'left', false],
    ['XWinDefend', 'WinDefend', 'right', true],
    ['WinDefendX', 'WinDefend', 'right', false],
  ] as const)('%j with %j bounded %s → %s', (value, needle, boundary, expected) => {
    expect(termMatch(value, needle, boundary)).toBe(expected);
  });

  it('a needle that starts or ends with punctuation is not bounded on that side', () => {
    // Only alphanumeric needle ends impose a boundary.
    expect(has('x/clear', '/clear')).toBe(true);
    expect(has('-encx', '-enc')).toBe(false);
    expect(has('a-enc b', '-enc')).toBe(true);
  });
});
