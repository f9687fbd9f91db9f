import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import { match, type Condition, type MatchNode } from '../../src/ir/condition.js';
import type { Rule } from '../../src/ir/rule.js';
import type { FieldValue, JsonObject, LogicalEvent } from '../../src/ir/value.js';
import { NotExpressibleError, type Approximation, type Target } from '../../src/targets/contract.js';

/**
 * A stand-in target for unit tests of the check: it "emits" a token naming the rule, "parses"
 * it back to the rule, and evaluates with the reference evaluator — exactly, or with a planted
 * deviation the check must find. Events keep their logical shape (projection is a copy).
 */
export interface FakeOptions {
  /** Rewrites each predicate before evaluation: the planted semantic difference. */
  readonly deviate?: (m: MatchNode) => MatchNode;
  /** Approximations the emitter declares (lenient only when strictRefuses). */
  readonly declares?: readonly Approximation[];
  /** Strict emission throws NotExpressibleError (lenient works unless lenientRefuses). */
  readonly strictRefuses?: boolean;
  readonly lenientRefuses?: boolean;
  readonly windowInQuery?: boolean;
  /** Whether the evaluator applies the rule's window itself. */
  readonly appliesWindow?: boolean;
  /** Derived values the target reports instead of the true ones. */
  readonly derivedOverride?: Readonly<Record<string, FieldValue>>;
  readonly parseFails?: boolean;
}

function rewrite(c: Condition, f: (m: MatchNode) => MatchNode): Condition {
  switch (c.kind) {
    case 'match':
      return f(c);
    case 'not':
      return { kind: 'not', child: rewrite(c.child, f) };
    case 'and':
    case 'or':
      return { kind: c.kind, children: c.children.map((x) => rewrite(x, f)) };
    default:
      return c;
  }
}

export function fakeTarget(rules: Map<string, Rule>, options: FakeOptions = {}): Target<Rule> {
  return {
    id: 'kql',
    extension: '.fake',
    windowInQuery: options.windowInQuery ?? true,
    emit(rule, emitOptions) {
      if (options.strictRefuses && !emitOptions.lenient) throw new NotExpressibleError('kql', 'the planted predicate', 'strict refusal');
      if (options.lenientRefuses) throw new NotExpressibleError('kql', 'the planted predicate', 'refused even leniently');
      rules.set(rule.name, rule);
      return { text: rule.name, approximations: emitOptions.lenient || !options.strictRefuses ? (options.declares ?? []) : [] };
    },
    parse(text) {
      if (options.parseFails) throw new Error('syntax error at 1:1');
      const rule = rules.get(text);
      if (!rule) throw new Error(`no rule ${text}`);
      return rule;
    },
    compile(rule, { now }) {
      const deviated: Rule = {
        ...rule,
        condition: options.deviate ? rewrite(rule.condition, options.deviate) : rule.condition,
        ...(options.appliesWindow === false ? { window: undefined } : {}),
      };
      const evaluate = compileRule(deviated);
      return (event) => {
        const v = evaluate(event as unknown as LogicalEvent, { now });
        return v.matched && options.derivedOverride ? { matched: true, derived: { ...v.derived, ...options.derivedOverride } } : v;
      };
    },
    run: () => [],
    chunkRunner: () => undefined,
    formats: {},
    importRule: (rule) => rule,
    project: (event) => ({ ...event }) as unknown as JsonObject,
    unproject: (event) => ({ ...event }) as unknown as LogicalEvent,
  };
}

/** `term` read as `contains`: the KQL `has` vs Sigma `contains` trap. */
export const termAsContains = (m: MatchNode): MatchNode => (m.op === 'term' ? match({ ...m, op: 'contains' }) : m);
/** Case-insensitive predicates evaluated case-sensitively. */
export const ignoresCaseRule = (m: MatchNode): MatchNode => match({ ...m, caseRule: 'sensitive' });
