import type { Rule } from '../ir/rule.js';
import { NotExpressibleError, type Approximation } from '../targets/contract.js';
import { targetForFormat } from '../targets/registry.js';
import { emitRuleYaml } from './rule-yaml.js';

/** `ir` (a unirule rule file) and every format a target writes. */
export function translationFormats(): string[] {
  return ['ir', ...['kql', 'sentinel', 'defender', 'sigma', 'eql', 'elastic-toml', 'elastic-ndjson'].filter((f) => targetForFormat(f) !== undefined)];
}

/** File name suffix per format, so one rule's forms can share a folder (`--out`). */
export const FORMAT_SUFFIX: Readonly<Record<string, string>> = {
  ir: '.yml',
  kql: '.kql',
  sentinel: '.sentinel.yaml',
  defender: '.defender.json',
  sigma: '.sigma.yml',
  eql: '.eql',
  'elastic-toml': '.toml',
  'elastic-ndjson': '.ndjson',
};

export type Translation =
  | { readonly ok: true; readonly text: string; readonly approximations: readonly Approximation[] }
  | { readonly ok: false; readonly reason: string };

/** One rule into one format: strict unless `lenient`, where approximations are returned to report. */
export function translateRule(rule: Rule, format: string, lenient: boolean): Translation {
  if (format === 'ir') return { ok: true, ...emitRuleYaml(rule) };
  const emit = targetForFormat(format)?.formats[format];
  if (!emit) return { ok: false, reason: `no target writes the ${format} format` };
  try {
    return { ok: true, ...emit(rule, { lenient }) };
  } catch (err) {
    if (err instanceof NotExpressibleError) return { ok: false, reason: `not expressible in ${format}: ${err.predicate}: ${err.reason}${lenient ? '' : ' (--lenient writes the nearest form and names the difference)'}` };
    throw err;
  }
}
