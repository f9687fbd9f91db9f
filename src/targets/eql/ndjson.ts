import type { Rule } from '../../ir/rule.js';
import type { EmitOptions, EmitResult } from '../contract.js';
import { elasticEnvelope } from './elastic-rule.js';

/**
 * The rule as one line of a Kibana import file (`POST /api/detection_engine/rules/_import`,
 * eql.md "Rule envelopes"): the Detection Engine's rule JSON with `type` and `language` "eql".
 * Keys in a fixed order, so the output is byte-for-byte reproducible.
 */
export function emitNdjson(rule: Rule, options: EmitOptions): EmitResult {
  const { rule: r, approximations } = elasticEnvelope(rule, options);
  const line = {
    rule_id: r.rule_id,
    name: r.name,
    description: r.description,
    type: r.type,
    language: r.language,
    query: r.query,
    index: r.index,
    risk_score: r.risk_score,
    severity: r.severity,
    author: r.author,
    license: r.license,
    false_positives: r.false_positives,
    references: r.references,
    from: r.from,
    interval: r.interval,
    tags: r.tags,
    threat: r.threat,
    ...(r.note ? { note: r.note } : {}),
    ...(r.investigation_fields ? { investigation_fields: r.investigation_fields } : {}),
    max_signals: 100,
    version: 1,
  };
  // JSON.stringify escapes every line feed inside strings, so the rule stays on one line.
  return { text: JSON.stringify(line) + '\n', approximations };
}
