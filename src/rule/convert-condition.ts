import {
  and,
  constant,
  eventKindIs,
  listRef,
  literals,
  match,
  not,
  or,
  type Condition,
  type ValueSource,
} from '../ir/condition.js';
import { isEventKind } from '../ir/event-kind.js';
import { typedFieldIn } from '../ir/field-domains.js';
import { isNumericOperator, MATCH_OPERATORS, type MatchOperator } from '../ir/match-operator.js';
import { parseNetwork } from '../semantics/cidr.js';
import { checkPortableRegex } from '../semantics/regex.js';
import type { ConvertContext } from './convert-context.js';
import { pathInFileNameProblem } from './file-name-lint.js';
import { typedValueFinding } from './typed-value-lint.js';
import type { RawCondition, RawPredicate, RawScalar } from './raw-rule.js';
import type { PathSegment } from './yaml-source.js';

/**
 * Rule-file conditions → IR conditions, checking what the schema cannot: that fields exist
 * for the rule's event kinds, lists are declared, and each value suits its operator.
 * `extraFields` are names also readable here (derived fields defined earlier).
 */
export function convertCondition(
  raw: RawCondition,
  path: readonly PathSegment[],
  ctx: ConvertContext,
  extraFields: ReadonlySet<string> = new Set(),
): Condition {
  if (typeof raw === 'boolean') return constant(raw);
  if ('all' in raw) return and(raw.all.map((c, i) => convertCondition(c, [...path, 'all', i], ctx, extraFields)));
  if ('any' in raw) return or(raw.any.map((c, i) => convertCondition(c, [...path, 'any', i], ctx, extraFields)));
  if ('not' in raw) return not(convertCondition(raw.not, [...path, 'not'], ctx, extraFields));
  if ('kind' in raw) {
    if (!isEventKind(raw.kind)) {
      ctx.error([...path, 'kind'], `unknown event kind \`${raw.kind}\``);
      return constant(false);
    }
    if (!ctx.logsources.includes(raw.kind)) {
      ctx.warn([...path, 'kind'], `\`kind: ${raw.kind}\` is never true: the rule's logsources do not include it`);
    }
    return eventKindIs(raw.kind);
  }
  return convertPredicate(raw, path, ctx, extraFields);
}

function convertPredicate(raw: RawPredicate, path: readonly PathSegment[], ctx: ConvertContext, extraFields: ReadonlySet<string>): Condition {
  const op = raw.op as MatchOperator;
  if (!MATCH_OPERATORS.includes(op)) {
    ctx.error([...path, 'op'], `unknown operator \`${raw.op}\``);
    return constant(false);
  }
  if (!ctx.fields.has(raw.field) && !extraFields.has(raw.field)) {
    ctx.error([...path, 'field'], `unknown field \`${raw.field}\` for event kinds ${ctx.logsources.join(', ')} (see README, Fields)`);
  }
  const given = [raw.value !== undefined, raw.values !== undefined, raw.list !== undefined].filter(Boolean).length;
  if (op === 'exists') {
    if (given > 0) ctx.error(path, '`exists` takes no value');
  } else if (given !== 1) {
    ctx.error(path, given === 0 ? `\`${op}\` needs \`value\`, \`values\` or \`list\`` : 'give only one of `value`, `values`, `list`');
  }
  if (raw.flags && op !== 'regex') ctx.error([...path, 'flags'], '`flags` applies only to `op: regex`');

  let source: ValueSource = literals([]);
  let checked: readonly { value: string; at: readonly PathSegment[] }[] = [];
  if (raw.list !== undefined) {
    const list = ctx.lists.get(raw.list);
    ctx.usedLists.add(raw.list);
    if (!list) ctx.error([...path, 'list'], `no list named \`${raw.list}\` in \`lists\``);
    source = listRef(raw.list);
    checked = (list ?? []).map((value, i) => ({ value, at: ['lists', raw.list as string, i] }));
  } else if (raw.values !== undefined || raw.value !== undefined) {
    const values = raw.values ?? [raw.value as RawScalar];
    const text = values.map(scalarText);
    source = literals(text);
    checked = text.map((value, i) => ({ value, at: raw.values ? [...path, 'values', i] : [...path, 'value'] }));
    if (raw.values && raw.values.length === 0) ctx.error([...path, 'values'], '`values` must not be empty');
  }
  // A process id, a port or @timestamp holds only what its schemas hold (ir/field-domains.ts).
  const typed = extraFields.has(raw.field) ? undefined : typedFieldIn(ctx.logsources, raw.field);
  for (const { value, at } of checked) {
    const valid = checkValue(op, value, at, ctx);
    const problem = pathInFileNameProblem(raw.field, op, value);
    if (problem) ctx.warn(at, problem);
    const finding = typed !== undefined && valid ? typedValueFinding(typed, op, value) : undefined;
    if (finding?.severity === 'error') ctx.error(at, finding.message);
    else if (finding?.severity === 'warning') ctx.warn(at, finding.message);
  }

  return match({
    field: raw.field,
    op,
    values: source,
    quantifier: raw.match ?? 'any',
    caseRule: raw.case ?? 'insensitive',
    ...(op === 'regex' ? { regexFlags: { multiline: raw.flags?.includes('m') ?? false, dotAll: raw.flags?.includes('s') ?? false } } : {}),
  });
}

/** Numbers and booleans in a rule file mean their JSON text, as for event values. */
export function scalarText(v: RawScalar): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Whether the value suits its operator; each that does not is an error at it. */
function checkValue(op: MatchOperator, value: string, at: readonly PathSegment[], ctx: ConvertContext): boolean {
  if (isNumericOperator(op)) {
    if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value)) {
      ctx.error(at, `\`${op}\` needs a decimal number, not ${JSON.stringify(value)}`);
      return false;
    }
  } else if (op === 'cidr') {
    if (!parseNetwork(value)) {
      ctx.error(at, `${JSON.stringify(value)} is not an IPv4 or IPv6 network like 10.0.0.0/8`);
      return false;
    }
  } else if (op === 'regex') {
    const problem = checkPortableRegex(value);
    if (problem) {
      ctx.error(at, `regex ${JSON.stringify(value)}: ${problem.message}`);
      return false;
    }
  } else if (value === '' && op !== 'equals') {
    ctx.warn(at, `an empty \`${op}\` value matches every present value`);
  }
  return true;
}
