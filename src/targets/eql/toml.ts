import type { Rule } from '../../ir/rule.js';
import type { EmitOptions, EmitResult } from '../contract.js';
import { elasticEnvelope, type ElasticRule, type ThreatEntry } from './elastic-rule.js';

/**
 * The rule as an Elastic detection-rules TOML file (eql.md "Rule envelopes"): `[metadata]`,
 * `[rule]` with its keys in alphabetical order and the query last (the repository's layout),
 * then `[rule.investigation_fields]` and one `[[rule.threat]]` per tactic.
 */
export function emitToml(rule: Rule, options: EmitOptions): EmitResult {
  const { rule: r, metadata, approximations } = elasticEnvelope(rule, options);
  const out: string[] = [];
  out.push('[metadata]');
  out.push(`creation_date = ${tomlString(metadata.creation_date)}`);
  out.push(`maturity = ${tomlString(metadata.maturity)}`);
  out.push(`updated_date = ${tomlString(metadata.updated_date)}`);
  out.push('', '[rule]');
  const scalarKeys: (keyof ElasticRule)[] = ['author', 'description', 'false_positives', 'from', 'index', 'interval', 'language', 'license', 'name', 'note', 'references', 'risk_score', 'rule_id', 'severity', 'tags', 'type'];
  for (const key of scalarKeys) {
    const v = r[key];
    if (v === undefined) continue;
    out.push(`${key} = ${tomlValue(v as TomlValue, key === 'description' || key === 'note')}`);
  }
  out.push('', `query = ${tomlMultiline(r.query, true)}`);
  if (r.investigation_fields) {
    out.push('', '[rule.investigation_fields]', `field_names = ${tomlValue(r.investigation_fields.field_names, false)}`);
  }
  for (const t of r.threat) out.push('', ...threatLines(t));
  return { text: out.join('\n') + '\n', approximations };
}

function threatLines(t: ThreatEntry): string[] {
  const lines = ['[[rule.threat]]', `framework = ${tomlString(t.framework)}`];
  for (const tech of t.technique) {
    lines.push('', '[[rule.threat.technique]]', `id = ${tomlString(tech.id)}`, `name = ${tomlString(tech.name)}`, `reference = ${tomlString(tech.reference)}`);
    for (const sub of tech.subtechnique ?? []) {
      lines.push('', '[[rule.threat.technique.subtechnique]]', `id = ${tomlString(sub.id)}`, `name = ${tomlString(sub.name)}`, `reference = ${tomlString(sub.reference)}`);
    }
  }
  lines.push('', '[rule.threat.tactic]', `id = ${tomlString(t.tactic.id)}`, `name = ${tomlString(t.tactic.name)}`, `reference = ${tomlString(t.tactic.reference)}`);
  return lines;
}

type TomlValue = string | number | boolean | readonly string[];

function tomlValue(v: TomlValue, multiline: boolean): string {
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return multiline && v.includes('\n') ? tomlMultiline(v, false) : tomlString(v);
  return `[${v.map(tomlString).join(', ')}]`;
}

/** A TOML basic string: `\\`, `\"` and every control character escaped. */
export function tomlString(s: string): string {
  return `"${escapeBasic(s, false)}"`;
}

function escapeBasic(s: string, keepNewlines: boolean): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += keepNewlines ? '\n' : '\\n';
    else if (ch === '\t') out += keepNewlines ? '\t' : '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * A multi-line string. The query goes into a literal `'''` block where that is legal (no
 * `'''`, no control characters but tab and line feed), so it reads exactly as written; otherwise,
 * and for prose, a basic `"""` block with escapes. TOML drops the line break after the opener.
 */
function tomlMultiline(s: string, preferLiteral: boolean): string {
  const body = s;
  if (preferLiteral && !body.includes("'''") && !/[\x00-\x08\x0b-\x1f\x7f]/.test(body)) return `'''\n${body}'''`;
  return `"""\n${escapeBasic(body, true)}"""`;
}
