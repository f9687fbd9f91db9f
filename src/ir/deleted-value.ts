import { literals, match, type Condition, type MatchNode } from './condition.js';
import type { EventKind } from './event-kind.js';

/**
 * Whether a deletion named a value: Sysmon writes a value deletion as EventType DeleteValue
 * and a key deletion as DeleteKey (src/targets/sigma/taxonomy.ts REGISTRY_KEY_EVENT_TYPES); the rule model says
 * it by the deletion having a value name, non-empty (ir/fields.ts registry_delete). The
 * predicate that says so is `registry.value` matching the glob `?*` (at least one character):
 * false on a missing, null or empty name, as a key deletion has. A Sigma test on EventType
 * imports as it, and the writer turns it back into `EventType: DeleteValue`.
 */
export function valueNamed(): Condition {
  return match({ field: 'registry.value', op: 'wildcard', values: literals(['?*']), caseRule: 'sensitive' });
}

/**
 * Whether a predicate on a deletion is that test: the glob, or the regex `^..*$` with `.`
 * matching line breaks too, which is how KQL writes the glob and reads back.
 */
export function isValueNamed(node: MatchNode, kind: EventKind, values: readonly string[]): boolean {
  if (kind !== 'registry_delete' || node.field !== 'registry.value' || values.length !== 1 || node.quantifier !== 'any') return false;
  if (node.op === 'wildcard') return values[0] === '?*';
  return node.op === 'regex' && values[0] === '^..*$' && node.regexFlags?.dotAll === true && node.regexFlags.multiline === false;
}
