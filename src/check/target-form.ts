import { eventTime } from '../evaluate/reference-evaluator.js';
import type { Rule } from '../ir/rule.js';
import type { LogicalEvent } from '../ir/value.js';
import { NotExpressibleError, type Approximation, type EmitOptions, type EmitResult, type Target, type TargetVerdict } from '../targets/contract.js';

const NO_MATCH: TargetVerdict = Object.freeze({ matched: false, derived: Object.freeze({}) });

/** A rule's form in one target, ready to run on logical events — or why there is none. */
export type TargetForm =
  | {
      readonly kind: 'ready';
      readonly text: string;
      /** Empty when the strict emitter said the rule exactly. */
      readonly approximations: readonly Approximation[];
      /** The parsed text's verdict on a logical event projected into the target's shape. */
      readonly verdict: (event: LogicalEvent) => TargetVerdict;
    }
  | { readonly kind: 'not-expressible'; readonly reason: string }
  /** Emitting, parsing or compiling failed: a bug in the target, never the rule's fault. */
  | { readonly kind: 'broken'; readonly reason: string };

/**
 * Strict first; when the emitter refuses, leniently with the approximations it declares; the
 * refusal itself when even the lenient emitter refuses. Any other error is a bug and propagates.
 */
export function emitStrictElseLenient(emit: (rule: Rule, options: EmitOptions) => EmitResult, rule: Rule): EmitResult | NotExpressibleError {
  try {
    return emit(rule, { lenient: false });
  } catch (err) {
    if (!(err instanceof NotExpressibleError)) throw err;
    try {
      const lenient = emit(rule, { lenient: true });
      // A lenient form that declares nothing would hide the refusal: keep the strict reason.
      return lenient.approximations.length > 0 ? lenient : { text: lenient.text, approximations: [{ predicate: err.predicate, reason: err.reason }] };
    } catch (again) {
      if (again instanceof NotExpressibleError) return again;
      throw again;
    }
  }
}

export function emitBest(target: Target<unknown>, rule: Rule): EmitResult | NotExpressibleError {
  return emitStrictElseLenient((r, o) => target.emit(r, o), rule);
}

/**
 * emit → the target's own parser → the target's own evaluator. Where the query does not
 * filter on time itself (Sigma, EQL), the rule's window is applied to the event first, as the
 * deployed rule's schedule would: an event outside it is never seen.
 */
export function prepareForm(target: Target<unknown>, rule: Rule, now: number): TargetForm {
  let emitted;
  try {
    emitted = emitBest(target, rule);
  } catch (err) {
    return { kind: 'broken', reason: `emit failed: ${message(err)}` };
  }
  if (emitted instanceof NotExpressibleError) return { kind: 'not-expressible', reason: `${emitted.predicate}: ${emitted.reason}` };
  let test: (event: ReturnType<Target<unknown>['project']>) => TargetVerdict;
  try {
    test = target.compile(target.parse(emitted.text, `${rule.name}${target.extension}`), { now });
  } catch (err) {
    return { kind: 'broken', reason: `the emitted text does not parse or compile: ${message(err)}` };
  }
  const windowMs = target.windowInQuery ? undefined : rule.window?.ms;
  const verdict = (event: LogicalEvent): TargetVerdict => {
    if (windowMs !== undefined) {
      const t = eventTime(event);
      if (t === undefined || !(t > now - windowMs)) return NO_MATCH;
    }
    return test(target.project(event));
  };
  return { kind: 'ready', text: emitted.text, approximations: emitted.approximations, verdict };
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
