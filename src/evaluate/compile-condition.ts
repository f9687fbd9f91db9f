import type { Condition, MatchNode } from '../ir/condition.js';
import { assertNever } from '../ir/condition.js';
import { isNumericOperator, isStringOperator } from '../ir/match-operator.js';
import type { FieldValue } from '../ir/value.js';
import { inNetwork, parseNetwork } from '../semantics/cidr.js';
import { foldAscii } from '../semantics/fold.js';
import { compareNumber, toNumber } from '../semantics/numeric.js';
import { compileStringNeedle } from '../semantics/string-match.js';
import { stringsOf } from './field-value.js';

/** What a compiled condition reads: a field's value and the event's kind. */
export interface EvalScope {
  readonly kind: string;
  get(field: string): FieldValue | undefined;
  /** The field's values, ASCII-folded; scopes cache it so a field folds once per event. */
  getFolded(field: string): readonly string[] | undefined;
}

/** A scope over a field reader that folds each field at most once. */
export function makeScope(kind: string, get: (field: string) => FieldValue | undefined): EvalScope {
  let cache: Map<string, readonly string[] | undefined> | undefined;
  return {
    kind,
    get,
    getFolded(field) {
      cache ??= new Map();
      if (cache.has(field)) return cache.get(field);
      const strings = stringsOf(get(field));
      const folded = strings?.map(foldAscii);
      cache.set(field, folded);
      return folded;
    },
  };
}

export type CompiledCondition = (scope: EvalScope) => boolean;

export type ListResolver = (name: string) => readonly string[];

/** Compiles a condition tree once into nested closures; evaluation never walks the IR again. */
export function compileCondition(condition: Condition, lists: ListResolver): CompiledCondition {
  switch (condition.kind) {
    case 'const': {
      const v = condition.value;
      return () => v;
    }
    case 'eventKind': {
      const k = condition.eventKind;
      return (s) => s.kind === k;
    }
    case 'not': {
      const child = compileCondition(condition.child, lists);
      return (s) => !child(s);
    }
    case 'and': {
      const children = condition.children.map((c) => compileCondition(c, lists));
      return (s) => children.every((c) => c(s));
    }
    case 'or': {
      const children = condition.children.map((c) => compileCondition(c, lists));
      return (s) => children.some((c) => c(s));
    }
    case 'match':
      return compileMatch(condition, lists);
    default:
      return assertNever(condition, 'condition');
  }
}

export function matchValues(node: MatchNode, lists: ListResolver): readonly string[] {
  return node.values.kind === 'literals' ? node.values.values : lists(node.values.name);
}

function compileMatch(node: MatchNode, lists: ListResolver): CompiledCondition {
  const field = node.field;
  const values = matchValues(node, lists);
  const all = node.quantifier === 'all';
  const op = node.op;

  if (op === 'exists') {
    return (s) => {
      const v = s.get(field);
      return v !== undefined && v !== null;
    };
  }

  // One test per needle over the field's strings; an array field passes a needle if any element does.
  let needleTests: ((strings: readonly string[]) => boolean)[];
  let readsFolded = false;
  if (isStringOperator(op)) {
    const insensitive = node.caseRule === 'insensitive';
    const compiled = values.map((needle) =>
      compileStringNeedle(op, needle, {
        insensitive,
        multiline: node.regexFlags?.multiline ?? false,
        dotAll: node.regexFlags?.dotAll ?? false,
      }),
    );
    readsFolded = compiled.some((t) => t.wantsFolded);
    needleTests = compiled.map((t) => (strings: readonly string[]) => strings.some((x) => t.test(x)));
  } else if (isNumericOperator(op)) {
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

  // All needles of one predicate share a case rule, so they all want folded or all raw input.
  return (s) => {
    const strings = readsFolded ? s.getFolded(field) : stringsOf(s.get(field));
    if (strings === undefined) return false;
    return all ? needleTests.every((t) => t(strings)) : needleTests.some((t) => t(strings));
  };
}
