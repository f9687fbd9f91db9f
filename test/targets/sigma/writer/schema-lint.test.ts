import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import type { Rule } from '../../../../src/ir/rule.js';
import { loadRuleFile } from '../../../../src/rule/load.js';
import { NotExpressibleError } from '../../../../src/targets/contract.js';
import { emitSigma } from '../../../../src/targets/sigma/emit.js';
import { lintSigma, sigmaSchemaValidator } from '../../../../src/targets/sigma/lint.js';
import { ruleArb } from '../../../property/arbitraries.js';
import { SAMPLE_RULES } from '../../kql/sample-rules.js';

/**
 * Every emitted document passes the Sigma schema (schemas/sigma-rule.schema.json, from
 * sigma.md "A rule") and the lint (condition, identifiers, modifiers, fields); and the lint
 * and schema do catch what they are for.
 */
function emitted(rule: Rule): string {
  try {
    return emitSigma(rule, { lenient: false }).text;
  } catch (err) {
    if (!(err instanceof NotExpressibleError)) throw err;
    return emitSigma(rule, { lenient: true }).text;
  }
}

function schemaErrors(text: string): unknown[] {
  const validate = sigmaSchemaValidator();
  return parseAllDocuments(text).flatMap((d) => (validate(d.toJS()) ? [] : (validate.errors ?? [])));
}

const shipped = readdirSync(new URL('../../../../rules/', import.meta.url))
  .filter((f) => f.endsWith('.yml'))
  .map((f) => [f, loadRuleFile(new URL(`../../../../rules/${f}`, import.meta.url).pathname).rule] as const);

describe('emitted rules pass the schema and the lint', () => {
  it.each([...Object.entries(SAMPLE_RULES), ...shipped])('%s', (_name, rule) => {
    const text = emitted(rule);
    expect(schemaErrors(text)).toEqual([]);
    expect(lintSigma(text, 'x.yml')).toEqual([]);
  });

  it('on random rules over hostile values', () => {
    fc.assert(
      fc.property(ruleArb, (rule) => {
        const text = emitSigma(rule, { lenient: true }).text;
        expect(schemaErrors(text)).toEqual([]);
        expect(lintSigma(text, 'x.yml')).toEqual([]);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 31 },
    );
  });
});

const GOOD = `title: T
id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11
status: test
date: 2026-11-22
tags:
    - attack.t1489
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\sc.exe'
    condition: selection
level: high
`;

describe('the schema catches shape mistakes', () => {
  it('a good rule passes', () => {
    expect(schemaErrors(GOOD)).toEqual([]);
    expect(lintSigma(GOOD, 'x.yml')).toEqual([]);
  });
  it.each([
    ['a tag without a namespace', GOOD.replace('attack.t1489', 'T1489'), /tags\.0 must match pattern/],
    ['a date not YYYY-MM-DD', GOOD.replace('date: 2026-11-22', "date: '2026/11/22'"), /date must match pattern/],
    ['an unknown level', GOOD.replace('level: high', 'level: severe'), /level must be equal to one of the allowed values/],
    ['an unknown status', GOOD.replace('status: test', 'status: beta'), /status must be equal to one of the allowed values/],
    ['an id that is not a UUID', GOOD.replace('0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c11', 'rule-1'), /id must match pattern/],
    ['no title', GOOD.replace('title: T\n', ''), /must have required property 'title'/],
    ['a related entry with an unknown type', GOOD.replace('status: test', 'related:\n    - id: 0f5e0d7e-2b8a-4c55-9a34-5b1f0a6f3c12\n      type: sibling\nstatus: test'), /related\.0\.type must be equal/],
  ])('%s', (_what, text, message) => {
    const problems = lintSigma(text, 'x.yml');
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });
  it('reports a schema problem at the line of the offending value', () => {
    const problems = lintSigma(GOOD.replace('level: high', 'level: severe'), 'x.yml');
    expect(problems[0]?.position).toEqual({ line: 14, col: 8 });
  });
});

describe('the lint catches what the schema cannot', () => {
  it.each([
    ['an identifier the condition does not use', GOOD.replace('    condition: selection', "    filter:\n        User: 'x'\n    condition: selection"), /search identifier filter is not used/],
    ['a field Sysmon does not write for the category', GOOD.replace('Image|endswith', 'TargetObject|endswith'), /TargetObject is not a field of Sysmon's process_creation events/],
    ['a selector that matches nothing', GOOD.replace('condition: selection', 'condition: selection and not 1 of filter_*'), /1 of filter_\* matches no search identifier/],
    ['a condition naming a missing identifier', GOOD.replace('condition: selection', 'condition: selection and not filter'), /filter/],
    ['a condition that does not parse', GOOD.replace('condition: selection', 'condition: selection and'), /./],
    ['a modifier chain in a wrong order', GOOD.replace('Image|endswith', 'Image|i|re'), /sub-modifier of re/],
    ['an unknown modifier', GOOD.replace('Image|endswith', 'Image|endswithh'), /unknown modifier endswithh/],
    ['two documents with one id', `${GOOD}---\n${GOOD}`, /is also the id of document 1/],
  ])('%s', (_what, text, message) => {
    const problems = lintSigma(text, 'x.yml');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });
});
