import { and, literals, match, not, or, type Condition, type MatchNode } from '../../ir/condition.js';
import { LOGON_ID, logonIdNumber, logonIdText } from '../../ir/logon-id.js';
import type { EmitContext } from './emit-context.js';
import { atom, describeMatch, joinEmitted, matchValues, setTest, type Emitted } from './emit-match.js';

/**
 * A test on `process.logon_id` over Defender's `LogonId`, which holds the session number where
 * the rule model holds Sysmon's hex text (ir/logon-id.ts). A case-insensitive equality on that
 * spelling is exact as a number comparison: `0x3e7` is `LogonId == 999`. Everything else is
 * the nearest form, declared: a case-sensitive equality (Defender keeps no spelling), a value
 * not spelled as Sysmon spells it (no Defender row has it), `exists` (a row without Sysmon's
 * spelling has no number), and the other operators, which are left to the number's decimal text.
 */
export function emitLogonIdTest(node: MatchNode, ctx: EmitContext, negated: boolean, column: string, otherwise: () => Emitted): Emitted {
  const values = matchValues(node, ctx);
  const desc = (): string => describeMatch(node, values);
  if (node.op === 'exists') {
    ctx.approximate(desc(), 'Defender has a LogonId only for a logon id spelled as Sysmon writes it (0x3e7): other text reads as missing');
    return atom(`isnotnull(${column})`);
  }
  if (node.op !== 'equals') {
    ctx.approximate(desc(), `Defender holds the logon id as a number: ${node.op} is read on its decimal text, not on Sysmon's 0x... text`);
    return otherwise();
  }
  if (node.caseRule === 'sensitive') {
    ctx.approximate(desc(), 'Defender keeps the session number, not its spelling: 0x3E7 and 0x3e7 are the same LogonId');
  }
  const numbers = values.map(logonIdNumber);
  if (numbers.includes(undefined)) {
    ctx.approximate(desc(), 'only a logon id spelled as Sysmon writes it (0x3e7) has a Defender LogonId: other text is never equal there');
  }
  const known = [...new Set(numbers.filter((n): n is number => n !== undefined))];
  let test: Emitted;
  if (node.quantifier === 'all') {
    // Every value must equal the one field: possible only when all name one session.
    const one = known[0];
    test = known.length === 1 && !numbers.includes(undefined) && one !== undefined ? atom(`${column} == ${one}`) : atom('false');
  } else if (known.length === 0) {
    test = atom('false');
  } else {
    test = known.length === 1 ? atom(`${column} == ${known[0]}`) : setTest(column, 'in', known.map(String));
  }
  // Under an odd number of `not`s a comparison with an empty LogonId must stay false, as the
  // rule model's test on a value Defender has no number for is (a missing field's test is false).
  return negated && test.doc.flat !== 'false' ? joinEmitted([atom(`isnotnull(${column})`), test], 'and') : test;
}

/**
 * The importer's reading of a test on `LogonId`: Defender's number back to Sysmon's text.
 * `LogonId == 999` (or `in`, or `!=` around it) is the case-insensitive equality on `0x3e7`;
 * `isnotnull(LogonId)` stays a presence test. Other tests compare the number in ways the rule
 * model's text cannot say, and are refused through `fail` (at the predicate's position).
 */
export function logonIdFromDefender(c: Condition, fail: (message: string) => never): Condition {
  switch (c.kind) {
    case 'and':
    case 'or':
      return (c.kind === 'and' ? and : or)(c.children.map((x) => logonIdFromDefender(x, fail)));
    case 'not':
      return not(logonIdFromDefender(c.child, fail));
    case 'match': {
      if (c.field !== LOGON_ID || c.op === 'exists') return c;
      const numbers = c.op === 'equals' && c.values.kind === 'literals' ? c.values.values.map((v) => (/^(?:0|[1-9][0-9]*)$/.test(v) ? Number(v) : Number.NaN)) : [];
      if (numbers.length === 0 || !numbers.every((n) => Number.isSafeInteger(n))) {
        fail("LogonId is Defender's logon-session number and the rule model's process.logon_id is Sysmon's hex text (0x3e7): only ==, != and in with whole numbers, and isnotnull(), are imported");
      }
      return match({ field: c.field, op: 'equals', values: literals(numbers.map(logonIdText)), quantifier: c.quantifier, caseRule: 'insensitive' });
    }
    default:
      return c;
  }
}
