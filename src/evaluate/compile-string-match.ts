import type { MatchNode } from '../ir/condition.js';
import type { StringOperator } from '../ir/match-operator.js';
import { foldAscii } from '../semantics/fold.js';
import { compileStringNeedle } from '../semantics/string-match.js';
import { parseGlob } from '../semantics/wildcard.js';
import { allOf, always, anyOf, present, test, type Decision, type NeedlePlace } from './decision.js';
import type { CompiledCondition, EvalScope, NeedleGate } from './eval-scope.js';
import { stringsOf } from './field-value.js';
import { literalCore } from './prefilter.js';

/**
 * A string predicate: one check per needle, combined by the quantifier. An array field passes
 * a needle when any element does; a missing or null field fails every needle.
 *
 * With a gate, each needle that has a literal core (prefilter.ts) is first looked up in the
 * event's needle presence: absent means the needle cannot match, so the value is not read at
 * all. For case-insensitive `contains`, `startswith`, `endswith`, `equals` and the term
 * operators (and globs that are one of them) presence in the right place is the whole test;
 * any other test still runs in full once its needle is present, so the verdict is always the
 * ungated one.
 */
export function lowerStringMatch(node: MatchNode, op: StringOperator, values: readonly string[], gate: NeedleGate | undefined): Decision {
  const field = node.field;
  if (values.length === 0) {
    // Nothing to test: `any` of no needle fails, `all` of no needle holds when the field is there.
    if (node.quantifier === 'any') return always(false);
    return test((s) => stringsOf(s.get(field)) !== undefined);
  }
  const checks = values.map((needle) => lowerNeedle(node, op, needle, gate));
  return node.quantifier === 'all' ? allOf(checks) : anyOf(checks);
}

function lowerNeedle(node: MatchNode, op: StringOperator, needle: string, gate: NeedleGate | undefined): Decision {
  const simple = op === 'wildcard' && gate !== undefined ? simpleGlob(needle) : undefined;
  if (simple) return lowerNeedle(node, simple.op, simple.text, gate);
  const field = node.field;
  const insensitive = node.caseRule === 'insensitive';
  const needleTest = compileStringNeedle(op, needle, {
    insensitive,
    multiline: node.regexFlags?.multiline ?? false,
    dotAll: node.regexFlags?.dotAll ?? false,
  });
  const matches = needleTest.test;
  const read: (s: EvalScope) => readonly string[] | undefined = needleTest.wantsFolded
    ? (s) => s.getFolded(field)
    : (s) => stringsOf(s.get(field));
  const full: CompiledCondition = (s) => {
    const strings = read(s);
    if (strings === undefined) return false;
    for (const x of strings) if (matches(x)) return true;
    return false;
  };
  const core = gate ? literalCore(op, needle) : undefined;
  if (gate === undefined || core === undefined || core === '') return test(full);
  const place = PLACE[op];
  const id = gate.idOf(field, foldAscii(core));
  // Case-insensitive containment, prefix, suffix, equality and terms are exactly what presence
  // records; a case-sensitive test needs its folded form present in the same place.
  if (insensitive && place !== undefined) return present(id, place);
  return allOf([present(id, place ?? 'anywhere'), test(full)]);
}

const PLACE: Partial<Record<StringOperator, NeedlePlace>> = {
  contains: 'anywhere',
  startswith: 'start',
  endswith: 'end',
  equals: 'whole',
  term: 'term',
  termprefix: 'termLeft',
  termsuffix: 'termRight',
};

/**
 * A glob that is one literal run with at most a `*` on either side means exactly equals,
 * startswith, endswith or contains of that run (sigma.md: `*` is any run, also empty).
 */
function simpleGlob(pattern: string): { op: StringOperator; text: string } | undefined {
  const tokens = parseGlob(pattern);
  const texts = tokens.filter((t) => t.kind === 'text');
  if (texts.length !== 1 || tokens.some((t) => t.kind === 'one')) return undefined;
  const text = texts[0]!.text;
  const before = tokens[0]!.kind === 'any';
  const after = tokens[tokens.length - 1]!.kind === 'any';
  if (tokens.length !== 1 + Number(before) + Number(after)) return undefined;
  const op: StringOperator = before ? (after ? 'contains' : 'endswith') : after ? 'startswith' : 'equals';
  return { op, text };
}
