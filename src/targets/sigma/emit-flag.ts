import type { MatchNode } from '../../ir/condition.js';
import { flagOf, type NetworkFlag } from '../../ir/network-flags.js';
import { FALSE, TRUE, item } from './emit-logic.js';
import type { PredicateForm } from './emit-predicate.js';

/**
 * A predicate on a logical field Sysmon writes as a `true`/`false` flag (`network.direction` as
 * `Initiated`, `network.type` as `DestinationIsIpv6`; src/ir/network-flags.ts).
 *
 * The projection writes the flag for the two logical values in any ASCII case and nothing for
 * any other value, so exactly one test has an exact form: case-insensitive equality with those
 * values, which is the flag itself (`Initiated: 'true'`). Anything else is returned with the
 * nearest form and the reason, for the caller to refuse (strict) or report (lenient).
 */
export function onFlag(flag: NetworkFlag, node: MatchNode, values: readonly string[]): PredicateForm {
  const spelled = flag.values.map(([s, l]) => `${s} (${l})`).join(' or ');
  const reason = `Sysmon writes ${node.field} only as ${flag.sysmonField} ${spelled}`;
  if (node.op === 'exists') return { logic: item(flag.sysmonField, ['exists'], [true]), inexact: `${reason}; any other value is not written` };
  if (node.op !== 'equals') return { logic: TRUE, inexact: `${reason}; only equality has a form, so the test is left out` };
  const flags: string[] = [];
  const unwritten: string[] = [];
  for (const v of values) {
    const f = flagOf(flag, v);
    if (f === undefined) unwritten.push(v);
    else if (!flags.includes(f)) flags.push(f);
  }
  // Under `all`, values that differ (even in case-insensitive terms: a flagged value and an
  // unflagged one always do) cannot all be the one value an event has: false, exactly.
  const impossible = node.quantifier === 'all' && flags.length > 0 && (flags.length > 1 || unwritten.length > 0);
  const logic = flags.length === 0 || impossible ? FALSE : item(flag.sysmonField, [], flags);
  if (unwritten.length > 0 && !impossible) return { logic, inexact: `${reason}; ${unwritten.map((v) => JSON.stringify(v)).join(', ')} has no flag` };
  if (node.caseRule === 'sensitive') return { logic, inexact: `${reason}, the same flag for the value in any case, so a case-sensitive test has no form` };
  return { logic };
}
