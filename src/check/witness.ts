import type { FieldValue, LogicalEvent } from '../ir/value.js';

/**
 * The smallest event that still tells two forms apart: drop each field (never `kind`) whose
 * removal keeps the disagreement. Greedy, one pass in a fixed order, so it is deterministic;
 * a reader sees only the fields that matter.
 */
export function minimiseWitness(event: LogicalEvent, stillDiffers: (e: LogicalEvent) => boolean): LogicalEvent {
  let current: Record<string, FieldValue> = { ...(event as Record<string, FieldValue>) };
  const fields = Object.keys(current)
    .filter((k) => k !== 'kind')
    .sort();
  for (const field of fields) {
    const candidate: Record<string, FieldValue> = {};
    for (const [k, v] of Object.entries(current)) if (k !== field) candidate[k] = v;
    if (stillDiffers(candidate as LogicalEvent)) current = candidate;
  }
  return current as LogicalEvent;
}

/** One line a person reads at a glance: `process_creation {process.command_line: "sc stopx"}`. */
export function formatEvent(event: LogicalEvent): string {
  const fields = Object.keys(event)
    .filter((k) => k !== 'kind' && event[k] !== undefined)
    .sort()
    .map((k) => `${k}: ${JSON.stringify(event[k])}`);
  return `${event.kind} {${fields.join(', ')}}`;
}
