import { compileRule } from '../../../../src/evaluate/reference-evaluator.js';
import type { Rule } from '../../../../src/ir/rule.js';
import type { LogicalEvent } from '../../../../src/ir/value.js';
import { emitSigma } from '../../../../src/targets/sigma/emit.js';
import { compileSigma } from '../../../../src/targets/sigma/evaluate.js';
import { parseSigma } from '../../../../src/targets/sigma/parse.js';
import { projectEvent } from '../../../../src/targets/sigma/schema.js';

export const NOW = Date.parse('2026-11-20T12:00:00Z');

/** The emitted text run by the Sigma reader and evaluator on the projected event. */
export function sigmaVerdict(text: string, event: LogicalEvent): boolean {
  return compileSigma(parseSigma(text, 'generated.yml'), { now: NOW })(projectEvent(event)).matched;
}

export function referenceVerdict(rule: Rule, event: LogicalEvent): boolean {
  return compileRule(rule)(event, { now: NOW }).matched;
}

/** Strict emission; its verdicts on the events must be the reference's. */
export function disagreements(rule: Rule, events: readonly LogicalEvent[]): LogicalEvent[] {
  const { text } = emitSigma(rule, { lenient: false });
  const test = compileSigma(parseSigma(text, 'generated.yml'), { now: NOW });
  const ref = compileRule(rule);
  return events.filter((e) => test(projectEvent(e)).matched !== ref(e, { now: NOW }).matched);
}
