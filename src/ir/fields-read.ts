import type { Rule } from './rule.js';
import { walkRule } from './walk-rule.js';

/**
 * Every logical field a rule reads: in its condition, its derived fields' expressions, its
 * output and its sort. Emitters ask this to decide whether a computed column (Defender has no
 * registry path or DOMAIN\name column) must be built before the query reads it.
 */
export function fieldsReadBy(rule: Rule): ReadonlySet<string> {
  const fields = new Set<string>();
  walkRule(rule, { match: (node) => fields.add(node.field), field: (name) => fields.add(name) });
  for (const f of rule.output.fields) fields.add(f);
  for (const s of rule.output.sort) fields.add(s.field);
  return fields;
}
