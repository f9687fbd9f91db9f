import { compileRule, type Verdict } from '../evaluate/reference-evaluator.js';
import type { Rule } from '../ir/rule.js';
import type { FieldValue, LogicalEvent } from '../ir/value.js';
import type { Approximation, Target, TargetId, TargetVerdict } from '../targets/contract.js';
import { boundaryEvents, canonicalKey, type ProbeEvent } from './boundary-events.js';
import { message, prepareForm } from './target-form.js';
import { formatEvent, minimiseWitness } from './witness.js';

export type AgreementStatus = 'exact' | 'approximate' | 'wrong' | 'not-expressible';

/** An event on which a target and the reference evaluator part, minimised. */
export interface Disagreement {
  /** What the event was made to probe (or the rule test it came from). */
  readonly probe: string;
  readonly event: LogicalEvent;
  /** `match` / `no match`, plus derived values where they differ. */
  readonly reference: string;
  readonly target: string;
}

export interface TargetAgreement {
  readonly target: TargetId;
  readonly status: AgreementStatus;
  /** What the emitter declared it could not say exactly. */
  readonly approximations: readonly Approximation[];
  /** Why the target is not expressible, or why it is wrong without a witness (a broken form). */
  readonly reason?: string;
  readonly eventsChecked: number;
  /** Every disagreement found, counted; `witnesses` lists the first few, minimised and distinct. */
  readonly disagreementCount: number;
  readonly witnesses: readonly Disagreement[];
}

export interface RuleAgreement {
  readonly rule: string;
  readonly file?: string;
  readonly targets: readonly TargetAgreement[];
}

export const MAX_WITNESSES = 8;

/** The events a rule is checked on: its own tests, then the synthesised boundary events. */
export function checkEvents(rule: Rule, now: number): ProbeEvent[] {
  const tests = rule.tests.cases.map((c) => ({ event: c.event, probe: `test "${c.name}"` }));
  const seen = new Set(tests.map((t) => canonicalKey(t.event)));
  return [...tests, ...boundaryEvents(rule, now).filter((b) => !seen.has(canonicalKey(b.event)))];
}

/**
 * One rule against every target: emit (strict, else lenient with declared approximations),
 * parse with the target's parser, evaluate each event projected into the target's shape, and
 * compare with the reference evaluator — the verdict, and derived values where the target
 * computes them. Undeclared disagreement is `wrong`.
 */
export function checkRule(rule: Rule, targets: readonly Target<unknown>[], file?: string): RuleAgreement {
  const now = ruleNow(rule);
  const reference = compileRule(rule);
  const events = checkEvents(rule, now);
  const referenceVerdicts = events.map((e) => reference(e.event, { now }));
  return {
    rule: rule.name,
    ...(file !== undefined ? { file } : {}),
    targets: targets.map((t) => checkTarget(rule, t, now, events, referenceVerdicts, (e) => reference(e, { now }))),
  };
}

function checkTarget(
  rule: Rule,
  target: Target<unknown>,
  now: number,
  events: readonly ProbeEvent[],
  referenceVerdicts: readonly Verdict[],
  reference: (e: LogicalEvent) => Verdict,
): TargetAgreement {
  const empty = { approximations: [], eventsChecked: 0, disagreementCount: 0, witnesses: [] };
  const form = prepareForm(target, rule, now);
  if (form.kind === 'not-expressible') return { target: target.id, status: 'not-expressible', reason: form.reason, ...empty };
  if (form.kind === 'broken') return { target: target.id, status: 'wrong', reason: form.reason, ...empty };
  const derivedNames = new Set(rule.derived.map((d) => d.name));
  const differs = (e: LogicalEvent, ref: Verdict): string | undefined => {
    let got: TargetVerdict;
    try {
      got = form.verdict(e);
    } catch (err) {
      return `error: ${message(err)}`;
    }
    return verdictDifference(ref, got, derivedNames);
  };
  const witnesses: Disagreement[] = [];
  const witnessKeys = new Set<string>();
  let count = 0;
  events.forEach((probe, i) => {
    const ref = referenceVerdicts[i] as Verdict;
    const diff = differs(probe.event, ref);
    if (diff === undefined) return;
    count++;
    if (witnesses.length >= MAX_WITNESSES) return;
    const small = minimiseWitness(probe.event, (e) => differs(e, reference(e)) !== undefined);
    // Two witnesses that differ only in their (in-window) time teach the reader nothing new.
    const { '@timestamp': _time, ...timeless } = small;
    const key = canonicalKey(timeless as LogicalEvent);
    if (witnessKeys.has(key)) return;
    witnessKeys.add(key);
    const smallRef = reference(small);
    witnesses.push({ probe: probe.probe, event: small, reference: describeVerdict(smallRef), target: differs(small, smallRef) ?? diff });
  });
  const declared = form.approximations.length > 0;
  const status: AgreementStatus = count === 0 ? (declared ? 'approximate' : 'exact') : declared ? 'approximate' : 'wrong';
  return { target: target.id, status, approximations: form.approximations, eventsChecked: events.length, disagreementCount: count, witnesses };
}

/** Undefined when the target agrees; else the target's side of the difference, in words. */
export function verdictDifference(ref: Verdict, got: TargetVerdict, derivedNames: ReadonlySet<string>): string | undefined {
  if (ref.matched !== got.matched) return got.matched ? 'match' : 'no match';
  if (!ref.matched) return undefined;
  const parts: string[] = [];
  for (const [name, value] of Object.entries(got.derived)) {
    if (!derivedNames.has(name)) continue;
    const want = ref.derived[name] ?? null;
    if (!sameValue(want, value)) parts.push(`${name} = ${JSON.stringify(value)}`);
  }
  return parts.length > 0 ? `match, ${parts.join(', ')}` : undefined;
}

function sameValue(a: FieldValue, b: FieldValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function describeVerdict(v: Verdict): string {
  if (!v.matched) return 'no match';
  const d = Object.entries(v.derived);
  return d.length === 0 ? 'match' : `match, ${d.map(([k, x]) => `${k} = ${JSON.stringify(x)}`).join(', ')}`;
}

/** The instant a rule's window is measured from in checks: its tests' `now`. */
export function ruleNow(rule: Rule): number {
  const t = Date.parse(rule.tests.now);
  return Number.isNaN(t) ? 0 : t;
}

/** A witness in one line: the event and both verdicts. */
export function formatDisagreement(d: Disagreement, targetId: string): string {
  return `${formatEvent(d.event)} → reference: ${d.reference}, ${targetId}: ${d.target}  [${d.probe}]`;
}
