import { and, literals, match, not, or, type Condition } from '../../ir/condition.js';
import { valueOfFlag, type NetworkFlag } from '../../ir/network-flags.js';
import type { SigmaDetectionItem } from './ast.js';
import type { Fail } from './import-condition.js';
import { isModifierProblem, planModifiers } from './modifiers.js';

/**
 * A test on a Sysmon `true`/`false` flag (`Initiated`, `DestinationIsIpv6`) as a test on the
 * logical field it writes (src/ir/network-flags.ts). Sigma compares the flag as text, whole and
 * case-insensitively, and the flag reads back as its logical value in any ASCII case, so
 * `Initiated: 'true'` is exactly `network.direction` equals `egress` (case-insensitive), with
 * `|all` and `|neq` as usual. What else a rule may say of a flag (a placement, `|cased`, a
 * wildcard, another word, `null`, `|exists`) has no exact form: the flag is written for two
 * logical values only, so it is refused with the reason.
 */
export function importFlag(item: SigmaDetectionItem, flag: NetworkFlag, fail: Fail): Condition {
  const field = item.field as string;
  const spelled = flag.values.map(([s, l]) => `${s} (${l})`).join(' or ');
  const refuse = (what: string): never => fail(item.position, `${field} cannot be imported: Sysmon writes ${field} as ${spelled} for ${flag.field}; ${what}`);
  const plan = planModifiers(item.modifiers, false);
  if (isModifierProblem(plan)) return fail(plan.position, plan.message);
  const op = plan.operation;
  if (op.kind !== 'string' || op.placement !== 'whole' || op.cased || op.windash || op.base64 !== undefined) {
    return refuse('only a plain whole-value test of the flag imports');
  }
  const values: string[] = [];
  for (const v of item.values) {
    const logical = typeof v.value === 'string' || typeof v.value === 'boolean' ? valueOfFlag(flag, String(v.value)) : undefined;
    if (logical === undefined) return refuse(`${JSON.stringify(v.value)} is neither`);
    values.push(logical);
  }
  if (values.length === 0) return refuse('the item has no value');
  const on = (value: string): Condition => match({ field: flag.field, op: 'equals', values: literals([value]), caseRule: 'insensitive' });
  const condition = plan.all ? and(values.map(on)) : or([...new Set(values)].map(on));
  return plan.negated ? not(condition) : condition;
}
