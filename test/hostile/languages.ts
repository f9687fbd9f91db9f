import type { Target, TargetId } from '../../src/targets/contract.js';
import { targetById } from '../../src/targets/registry.js';
import { EQL_QUERY, KQL_QUERY, SIGMA_RULE } from './samples.js';

/**
 * Per query language, how to write each kind of hostile query: the same intent (deep nesting,
 * a huge string, a regex bomb, ...) in each language's own syntax.
 */
export interface QueryLanguage {
  readonly id: TargetId;
  readonly target: Target<unknown>;
  readonly valid: string;
  /** A query whose condition is `inner` wrapped in `depth` parentheses. */
  readonly deepParens: (depth: number) => string;
  readonly deepNot: (depth: number) => string;
  /** Command line equals `value` (a string literal of the language). */
  readonly equals: (value: string) => string;
  readonly unterminated: string;
  /** Command line matches `pattern` as the language's regex operator reads it. */
  readonly regex: (pattern: string) => string;
  /** Bombs valid in this language's regex dialect: pattern, exploding subject, a matching subject. */
  readonly bombs: readonly (readonly [string, (n: number) => string, string])[];
  /** A condition on a field with a hostile name (`__proto__`, `constructor`). */
  readonly oddField: (name: string) => string;
  /** `count` alternatives joined by or. */
  readonly wide: (count: number) => string;
}

const sigmaWith = (detection: string): string => SIGMA_RULE.replace(/detection:\n[\s\S]*?\nlevel:/, () => `detection:\n${detection}\nlevel:`);
const yamlQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const RE2_BOMBS: QueryLanguage['bombs'] = [
  ['(a+)+$', (n) => 'a'.repeat(n) + '!', 'xaaa'],
  ['(a|aa)+b', (n) => 'a'.repeat(n), 'aab'],
  ['(\\w+\\s?)*!$', (n) => 'word '.repeat(Math.ceil(n / 5)), 'word word!'],
];

export const QUERY_LANGUAGES: readonly QueryLanguage[] = [
  {
    id: 'kql',
    target: targetById('kql'),
    valid: KQL_QUERY,
    deepParens: (d) => `DeviceProcessEvents | where ${'('.repeat(d)}FileName == "sc.exe"${')'.repeat(d)}`,
    deepNot: (d) => `DeviceProcessEvents | where ${'not('.repeat(d)}FileName == "sc.exe"${')'.repeat(d)}`,
    equals: (v) => `DeviceProcessEvents | where ProcessCommandLine == ${JSON.stringify(v)}`,
    unterminated: 'DeviceProcessEvents | where FileName == "sc.exe',
    regex: (p) => `DeviceProcessEvents | where ProcessCommandLine matches regex ${JSON.stringify(p)}`,
    bombs: RE2_BOMBS,
    oddField: (name) => `DeviceProcessEvents | where ${name} == "x"`,
    wide: (n) => `DeviceProcessEvents | where ${Array.from({ length: n }, (_, i) => `FileName == "f${i}"`).join(' or ')}`,
  },
  {
    id: 'eql',
    target: targetById('eql'),
    valid: EQL_QUERY,
    deepParens: (d) => `process where ${'('.repeat(d)}process.name == "sc.exe"${')'.repeat(d)}`,
    deepNot: (d) => `process where ${'not '.repeat(d)}process.name == "sc.exe"`,
    equals: (v) => `process where process.command_line == ${JSON.stringify(v)}`,
    unterminated: 'process where process.name == "sc.exe',
    regex: (p) => `process where process.command_line regex ${JSON.stringify(p)}`,
    // Lucene regexes match the whole value and have no `$`: bombs in that dialect.
    bombs: [
      ['(a|aa)+b', (n) => 'a'.repeat(n), 'aab'],
      ['(a+)+b', (n) => 'a'.repeat(n), 'aab'],
      ['(.*a){20}', (n) => 'a'.repeat(n) + 'b', 'a'.repeat(20)],
    ],
    oddField: (name) => `process where ${name} == "x"`,
    wide: (n) => `process where ${Array.from({ length: n }, (_, i) => `process.name == "f${i}"`).join(' or ')}`,
  },
  {
    id: 'sigma',
    target: targetById('sigma'),
    valid: SIGMA_RULE,
    deepParens: (d) => sigmaWith(`    sel:\n        Image|endswith: '\\sc.exe'\n    condition: ${'('.repeat(d)}sel${')'.repeat(d)}`),
    deepNot: (d) => sigmaWith(`    sel:\n        Image|endswith: '\\sc.exe'\n    condition: ${'not '.repeat(d)}sel`),
    equals: (v) => sigmaWith(`    sel:\n        CommandLine: ${yamlQuote(v)}\n    condition: sel`),
    unterminated: sigmaWith(`    sel:\n        CommandLine: 'sc.exe\n    condition: sel`),
    regex: (p) => sigmaWith(`    sel:\n        CommandLine|re: ${yamlQuote(p)}\n    condition: sel`),
    bombs: RE2_BOMBS,
    oddField: (name) => sigmaWith(`    sel:\n        ${name}: x\n    condition: sel`),
    wide: (n) => sigmaWith(`    sel:\n        Image|endswith: '\\sc.exe'\n    condition: ${Array(n).fill('sel').join(' or ')}`),
  },
];
