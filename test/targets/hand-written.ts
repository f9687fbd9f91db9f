import { compileRule } from '../../src/evaluate/reference-evaluator.js';
import type { LogicalEvent } from '../../src/ir/value.js';
import type { Target } from '../../src/targets/contract.js';

const NOW = Date.parse('2026-11-20T12:00:00Z');

/**
 * A rule written by hand in a target's language, as two verdicts per event: the target's own
 * evaluator on the event projected into its schema, and the reference on the imported rule.
 * A field's import tests hold both to the verdicts the language's documented semantics give.
 */
export function nativeVerdicts(target: Target<unknown>, text: string, events: readonly LogicalEvent[]): boolean[] {
  const run = target.compile(target.parse(text, `rule${target.extension}`), { now: NOW });
  return events.map((e) => run(target.project(e)).matched);
}

export function importedVerdicts(target: Target<unknown>, text: string, events: readonly LogicalEvent[]): boolean[] {
  const name = `rule${target.extension}`;
  const run = compileRule(target.importRule(target.parse(text, name), name));
  return events.map((e) => run(e, { now: NOW }).matched);
}
