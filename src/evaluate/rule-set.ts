import type { Rule } from '../ir/rule.js';
import type { LogicalEvent } from '../ir/value.js';
import { lowerCondition } from './compile-condition.js';
import { ACCEPT, allOf, anyOf, present, ProgramBuilder, REJECT } from './decision.js';
import { EventScope } from './event-scope.js';
import { NeedleIndex } from './needle-presence.js';
import { mostSelective, requiredClauses, type Clause } from './prefilter.js';
import { RuleCandidates, type Trigger } from './rule-candidates.js';
import { compileRuleTail, eventTime, listResolver, MATCH, NO_MATCH, type EvaluateOptions, type RuleTail, type Verdict } from './rule-body.js';

export type CompiledRuleSet = (event: LogicalEvent, options: EvaluateOptions) => Verdict[];

/**
 * Many rules over one event stream, each giving exactly the verdict it gives alone:
 * - every literal needle of every rule is looked for once per event, in one Aho–Corasick pass
 *   per field that folds as it reads (needle-presence.ts);
 * - a rule is only tried when the event has its kind and, if the rule requires needles, one of
 *   its trigger clause's needles (prefilter.ts, rule-candidates.ts);
 * - all conditions are compiled into one program (decision.ts) in which a literal test whose
 *   needle is absent is false on one array lookup, behind the rule's other prefilter clauses;
 * - fields are folded at most once per event, and only where a present needle needs a full test.
 * Presence only ever skips work whose outcome is already known to be false.
 */
export function compileRuleSet(rules: readonly Rule[]): CompiledRuleSet {
  const index = new NeedleIndex();
  const builder = new ProgramBuilder();
  const needlesOf = (clause: Clause): number[] => clause.map((a) => index.idOf(a.field, a.needle));
  const triggers: Trigger[] = [];
  const entries = Int32Array.from(rules, (r) => {
    const lists = listResolver(r);
    const clauses = requiredClauses(r.condition, lists);
    const trigger = mostSelective(clauses);
    triggers.push(trigger === undefined ? { kind: 'always' } : trigger.length === 0 ? { kind: 'never' } : { kind: 'needles', needles: needlesOf(trigger) });
    const others = clauses.filter((c) => c !== trigger).map((c) => anyOf(needlesOf(c).map((n) => present(n))));
    return builder.add(allOf([...others, lowerCondition(r.condition, lists, index)]));
  });
  const tails: readonly RuleTail[] = rules.map(compileRuleTail);
  const program = builder.build();
  const scanner = index.build();
  const candidates = new RuleCandidates(triggers, rules.map((r) => r.logsources), scanner.needles);
  const scope = new EventScope(scanner.needles);
  const presence = scope.presence;
  // Copying a packed array is much cheaper than building and filling a new one per event.
  const blank: readonly Verdict[] = new Array<Verdict>(rules.length).fill(NO_MATCH);
  const plain = rules.map((r) => r.window === undefined && r.derived.length === 0);

  return (event, options) => {
    const verdicts = blank.slice();
    scope.reset(event);
    scanner.mark(scope.read, presence);
    candidates.select(event.kind, presence);
    const list = candidates.list;
    // The timestamp is parsed at most once per event, and only if a windowed rule gets that far.
    let time: number | undefined | null = null;
    for (let c = 0; c < candidates.count; c++) {
      const i = list[c]!;
      const entry = entries[i]!;
      if (entry === REJECT) continue;
      if (entry !== ACCEPT && !program.run(entry, scope, presence)) continue;
      if (plain[i]) {
        verdicts[i] = MATCH;
        continue;
      }
      const tail = tails[i]!;
      if (time === null) time = eventTime(event);
      if (tail.inWindow(time, options.now)) verdicts[i] = tail.match(event);
    }
    return verdicts;
  };
}
