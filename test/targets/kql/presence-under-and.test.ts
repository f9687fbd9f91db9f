import { describe, expect, it } from 'vitest';
import { and, literals, match, not, or, type Condition } from '../../../src/ir/condition.js';
import type { MatchOperator } from '../../../src/ir/match-operator.js';
import type { LogicalEvent } from '../../../src/ir/value.js';
import type { Target } from '../../../src/targets/contract.js';
import { targetById } from '../../../src/targets/registry.js';
import { itIsExactOn } from '../exact-everywhere.js';
import { ruleWith } from './rule-factory.js';

/**
 * kql.md "Nulls": a missing text column reads "" in Kusto, so `exists` on it alone cannot be
 * said (`isnotempty` is false on "" too). But where a sibling of the same `and` is false on ""
 * and on a missing field (`endswith`, `contains`, `startswith`, `equals` with non-empty
 * needles only), the `and` can hold only on a non-empty value, and there `exists` and
 * `isnotempty` agree: SigmaHQ's `selection: CommandLine|endswith: ... / filter: CommandLine:
 * null / condition: selection and not filter` is then exact in KQL.
 */
const kql = targetById('kql') as Target<unknown>;
const CMD = 'process.command_line';
const on = (field: string, op: MatchOperator, ...values: string[]): Condition => match({ field, op, values: literals(values) });
const present = (field: string): Condition => match({ field, op: 'exists' });
const proc = (fields: Record<string, string | null>): LogicalEvent => ({ kind: 'process_creation', ...fields });

const PROBES: readonly LogicalEvent[] = [
  proc({ [CMD]: 'C:\\Windows\\System32\\svchost.exe' }),
  proc({ [CMD]: 'svchost.exe -k netsvcs' }),
  proc({ [CMD]: '' }),
  proc({ [CMD]: null }),
  proc({}),
  proc({ [CMD]: 'svchost.exe', 'process.parent.executable': 'C:\\x\\rpcnet.exe' }),
  proc({ 'process.parent.executable': 'C:\\x\\rpcnet.exe' }),
];

describe.each<readonly [string, Condition, string]>([
  [
    'a not-null filter under not, next to endswith',
    and([on(CMD, 'endswith', 'svchost.exe'), not(or([on('process.parent.executable', 'endswith', '\\rpcnet.exe'), not(present(CMD))]))]),
    'not(isnotempty(ProcessCommandLine))',
  ],
  ['exists beside contains', and([on(CMD, 'contains', 'svchost'), present(CMD)]), 'isnotempty(ProcessCommandLine)'],
  ['exists beside equals on every needle', and([on(CMD, 'equals', 'svchost.exe', 'a'), present(CMD)]), 'isnotempty(ProcessCommandLine)'],
])('%s', (_what, condition, form) => {
  itIsExactOn(ruleWith({ condition }), PROBES, { kql: form });
});

describe('what proves nothing leaves exists approximate', () => {
  it.each<readonly [string, Condition]>([
    // "" is a needle every value holds: the sibling passes on "" and on missing alike in Kusto.
    ['contains ""', and([on(CMD, 'contains', ''), present(CMD)])],
    ['equals with an empty needle among others', and([on(CMD, 'equals', 'svchost.exe', ''), present(CMD)])],
    // A sibling on another field says nothing about this one.
    ['a test on another field', and([on('process.executable', 'endswith', '\\svchost.exe'), present(CMD)])],
    // Under `or` the sibling need not hold.
    ['a sibling of an or', or([on(CMD, 'endswith', 'svchost.exe'), not(present(CMD))])],
    // A regex may match "".
    ['a regex sibling', and([on(CMD, 'regex', 'a*'), present(CMD)])],
  ])('%s', (_what, condition) => {
    // Lenient, so that a sibling that is itself approximate does not stop the emission first.
    const { approximations } = kql.emit(ruleWith({ condition }), { lenient: true });
    expect(approximations).toContainEqual({ predicate: `${CMD} exists`, reason: expect.stringMatching(/cannot tell a missing field from an empty one/) });
  });
});
