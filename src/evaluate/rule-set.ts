import type { Rule } from '../ir/rule.js';
import type { LogicalEvent } from '../ir/value.js';
import { lowerCondition } from './compile-condition.js';
import { ACCEPT, allOf, anyOf, present, ProgramBuilder, REJECT } from './decision.js';
import { EventScope } from './event-scope.js';
import { NeedleIndex } from './needle-presence.js';
import { Presence } from './presence.js';
import type { MemoLimits } from './scan-memo.js';
import { mostSelective, requiredClauses, type Clause } from './prefilter.js';
import { RuleCandidates, type Trigger } from './rule-candidates.js';
import { compileRuleTail, eventTime, listResolver, MATCH, NO_MATCH, type EvaluateOptions, type RuleTail, type Verdict } from './rule-body.js';

export type CompiledRuleSet = (event: LogicalEvent, options: EvaluateOptions) => Verdict[];

/**
 * What a rule set decided for the last event it was given. It is owned by the matcher and
 * overwritten by the next `match`, so a stream pays nothing per event for the rules that did
 * not match: read it (or copy what you keep) before passing the next event.
 */
export interface RuleSetMatches {
  /** How many rules matched. */
  readonly count: number;
  /** The matching rules' indices in the set, ascending; only the first `count` are meaningful. */
  readonly rules: Int32Array;
  /** Every rule's verdict, by index: NO_MATCH except for the rules listed in `rules`. */
  readonly verdicts: readonly Verdict[];
}

export interface RuleSetOptions {
  /** Bounds of the per-field memo of scanned values (scan-memo.ts); false scans every value. */
  readonly memo?: MemoLimits | false;
}

export interface RuleSetMatcher {
  /** Evaluates every rule of the set on the event; the result is reused by the next call. */
  match(event: LogicalEvent, options: EvaluateOptions): RuleSetMatches;
}

/** Every rule's verdict as a fresh array, for callers that keep verdicts across events. */
export function compileRuleSet(rules: readonly Rule[], options: RuleSetOptions = {}): CompiledRuleSet {
  const matcher = compileRuleMatcher(rules, options);
  return (event, options) => matcher.match(event, options).verdicts.slice();
}

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
export function compileRuleMatcher(rules: readonly Rule[], options: RuleSetOptions = {}): RuleSetMatcher {
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
  const program = builder.build(index.count);
  const scanner = index.build({ reads: program.reads(index.count), memo: options.memo });
  const candidates = new RuleCandidates(triggers, rules.map((r) => r.logsources), scanner.needles);
  const presence = new Presence(scanner.needles, program.groups);
  const scope = new EventScope(presence);
  const plain = rules.map((r) => r.window === undefined && r.derived.length === 0);
  const verdicts: Verdict[] = new Array<Verdict>(rules.length).fill(NO_MATCH);
  const matched = new Int32Array(rules.length);
  const result = { count: 0, rules: matched, verdicts };

  return {
    match(event, options) {
      // Only the last event's matches need forgetting: a handful of writes, not one per rule.
      for (let k = 0; k < result.count; k++) verdicts[matched[k]!] = NO_MATCH;
      scope.reset(event);
      scanner.mark(scope.read, presence);
      candidates.select(event.kind, presence);
      const list = candidates.list;
      // The timestamp is parsed at most once per event, and only if a windowed rule gets that far.
      let time: number | undefined | null = null;
      let count = 0;
      for (let c = 0; c < candidates.count; c++) {
        const i = list[c]!;
        const entry = entries[i]!;
        if (entry === REJECT) continue;
        if (entry !== ACCEPT && !program.run(entry, scope, presence)) continue;
        if (plain[i]) {
          verdicts[i] = MATCH;
          matched[count++] = i;
          continue;
        }
        const tail = tails[i]!;
        if (time === null) time = eventTime(event);
        if (!tail.inWindow(time, options.now)) continue;
        verdicts[i] = tail.match(event);
        matched[count++] = i;
      }
      sortAscending(matched, count);
      result.count = count;
      return result;
    },
  };
}

/** Candidates come in trigger order; a few matches sort fastest by insertion. */
function sortAscending(list: Int32Array, count: number): void {
  if (count > 32) {
    list.subarray(0, count).sort();
    return;
  }
  for (let k = 1; k < count; k++) {
    const v = list[k]!;
    let j = k - 1;
    for (; j >= 0 && list[j]! > v; j--) list[j + 1] = list[j]!;
    list[j + 1] = v;
  }
}
