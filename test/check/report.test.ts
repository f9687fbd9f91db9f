import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/check/agreement.js';
import { formatAgreementJson, formatAgreementText, hasWrong, summarise } from '../../src/check/report.js';
import { fakeTarget, termAsContains } from './fake-target.js';
import { serviceStop } from './rules.js';

const results = () => [
  checkRule(serviceStop(), [fakeTarget(new Map())]),
  checkRule(serviceStop(), [fakeTarget(new Map(), { deviate: termAsContains })]),
];

describe('agreement report', () => {
  it('text: a matrix row per rule, one glyph per cell, a legend, details for non-exact cells', () => {
    const text = formatAgreementText(results());
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^rule\s+kql$/);
    expect(lines[2]).toMatch(/^service-stop\s+✓ exact$/);
    expect(lines[3]).toMatch(/^service-stop\s+✗ WRONG \(\d+\)$/);
    expect(text).toContain('legend:');
    expect(text).toMatch(/service-stop × kql: wrong\n {2}\d+ of \d+ events differ/);
    expect(text).toMatch(/→ reference: no match, kql: match/);
  });

  it('json: summary and per-target results with witnesses as plain events', () => {
    const json = JSON.parse(formatAgreementJson(results())) as { summary: unknown; rules: { targets: { status: string; witnesses: { event: Record<string, unknown> }[] }[] }[] };
    expect(json.summary).toEqual({ exact: 1, approximate: 0, wrong: 1, notExpressible: 0 });
    expect(json.rules[1]?.targets[0]?.status).toBe('wrong');
    expect(json.rules[1]?.targets[0]?.witnesses[0]?.event['kind']).toBe('process_creation');
  });

  it('hasWrong decides the exit code', () => {
    expect(hasWrong(results())).toBe(true);
    expect(hasWrong(results().slice(0, 1))).toBe(false);
    expect(summarise([]).wrong).toBe(0);
  });
});
