import type { Condition, MatchNode } from '../ir/condition.js';
import { assertNever } from '../ir/condition.js';
import { isNumericOperator, isStringOperator } from '../ir/match-operator.js';
import { inNetwork, parseNetwork } from '../semantics/cidr.js';
import { compareNumber, toNumber } from '../semantics/numeric.js';
import { lowerStringMatch } from './compile-string-match.js';
import { allOf, always, anyOf, compileDecision, negate, test, type Decision } from './decision.js';
import type { CompiledCondition, ListResolver, NeedleGate } from './eval-scope.js';
import { stringsOf } from './field-value.js';

export { makeScope, type CompiledCondition, type EvalScope, type ListResolver, type NeedleGate } from './eval-scope.js';

/** Compiles a condition once into a program (decision.ts); evaluation never walks the IR again. */
export function compileCondition(condition: Condition, lists: ListResolver): CompiledCondition {
  return compileDecision(lowerCondition(condition, lists, undefined));
}

/**
 * A condition as a decision. With a gate (a rule set's needle index), literal string tests
 * first look up whether their needle is present in the event at all (compile-string-match.ts).
 */
export function lowerCondition(condition: Condition, lists: ListResolver, gate: NeedleGate | undefined): Decision {
  switch (condition.kind) {
    case 'const':
      return always(condition.value);
    case 'eventKind': {
      const k = condition.eventKind;
      return test((s) => s.kind === k);
    }
    case 'not':
      return negate(lowerCondition(condition.child, lists, gate));
    case 'and':
      return allOf(condition.children.map((c) => lowerCondition(c, lists, gate)));
    case 'or':
      return anyOf(condition.children.map((c) => lowerCondition(c, lists, gate)));
    case 'match':
      return lowerMatch(condition, lists, gate);
    default:
      return assertNever(condition, 'condition');
  }
}

export function matchValues(node: MatchNode, lists: ListResolver): readonly string[] {
  return node.values.kind === 'literals' ? node.values.values : lists(node.values.name);
}

function lowerMatch(node: MatchNode, lists: ListResolver, gate: NeedleGate | undefined): Decision {
  const field = node.field;
  const values = matchValues(node, lists);
  const all = node.quantifier === 'all';
  const op = node.op;

  if (op === 'exists') {
    return test((s) => {
      const v = s.get(field);
      return v !== undefined && v !== null;
    });
  }

  if (isStringOperator(op)) return lowerStringMatch(node, op, values, gate);

  // One test per needle over the field's strings; an array field passes a needle if any element does.
  let needleTests: ((strings: readonly string[]) => boolean)[];
  if (isNumericOperator(op)) {
    needleTests = values.map((needle) => {
      const bound = Number(needle);
      return (strings: readonly string[]) =>
        strings.some((x) => {
          const n = toNumber(x);
          return n !== undefined && compareNumber(op, n, bound);
        });
    });
  } else {
    // cidr
    needleTests = values.map((needle) => {
      const net = parseNetwork(needle);
      return (strings: readonly string[]) => net !== undefined && strings.some((x) => inNetwork(x, net));
    });
  }

  return test((s) => {
    const strings = stringsOf(s.get(field));
    if (strings === undefined) return false;
    return all ? needleTests.every((t) => t(strings)) : needleTests.some((t) => t(strings));
  });
}
