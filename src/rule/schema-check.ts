import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

/**
 * The first gate for a rule file: schemas/rule.schema.json. It catches shape mistakes (a
 * misspelt key, a wrong enum value) and says where; meaning (fields, lists, regexes, ATT&CK)
 * is checked afterwards on the typed model.
 */
let validator: ValidateFunction | undefined;

function ruleValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(new URL('../../schemas/rule.schema.json', import.meta.url), 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    validator = ajv.compile(schema);
  }
  return validator;
}

export function checkRuleSchema(source: YamlSource): Diagnostic[] {
  const validate = ruleValidator();
  if (validate(source.value)) return [];
  const errors = relevantErrors(validate.errors ?? []);
  return errors.map((e) => {
    const path = pointerToPath(e.instancePath);
    const extra = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : undefined;
    const position = extra !== undefined ? source.positionOf([...path, extra], true) : source.positionOf(path);
    return { file: source.file, position, severity: 'error', message: describe(e, path, extra) };
  });
}

/**
 * With `if/then/else` and allErrors, ajv reports the failing branch *and* a summary error on
 * every enclosing `if`; keep only the deepest, most specific ones, one per place and kind.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const specific = errors.filter((e) => e.keyword !== 'if');
  const kept: ErrorObject[] = [];
  const seen = new Set<string>();
  for (const e of specific) {
    const deeper = specific.some((o) => o !== e && o.instancePath.startsWith(e.instancePath + '/'));
    if (deeper && e.keyword !== 'additionalProperties' && e.keyword !== 'required') continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(e);
  }
  return kept.slice(0, 20);
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function where(path: readonly PathSegment[]): string {
  return path.length === 0 ? 'the rule' : `\`${path.join('.')}\``;
}

function describe(e: ErrorObject, path: readonly PathSegment[], extra: string | undefined): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key \`${extra}\` in ${where(path)}`;
    case 'required':
      return `${where(path)} needs \`${String(params['missingProperty'])}\``;
    case 'enum':
      return `${where(path)} must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${where(path)} must be ${String(params['type']).replace(',', ' or ')}`;
    case 'pattern':
      return `${where(path)} ${patternHint(path)}`;
    case 'minItems':
      return `${where(path)} must not be empty`;
    case 'uniqueItems':
      return `${where(path)} lists the same item twice`;
    default:
      return `${where(path)} ${e.message ?? 'is invalid'}`;
  }
}

function patternHint(path: readonly PathSegment[]): string {
  const last = [...path].reverse().find((s) => typeof s === 'string');
  switch (last) {
    case 'id':
      return 'must be a UUID (8-4-4-4-12 hex digits)';
    case 'name':
      return 'must be a slug: lower-case letters and digits joined by single dashes';
    case 'date':
    case 'modified':
      return 'must be a date YYYY-MM-DD';
    case 'techniques':
      return 'must be an ATT&CK technique id like T1059 or T1059.001';
    case 'tactics':
      return 'must be an ATT&CK tactic id like TA0005';
    case 'version':
      return 'must be an ATT&CK major version number like "18"';
    default:
      return 'must be an identifier: a letter or _ then letters, digits or _';
  }
}
