import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NotExpressibleError } from '../../../src/targets/contract.js';
import { kqlTarget } from '../../../src/targets/kql/index.js';
import { ruleArb } from '../../property/arbitraries.js';
import { kustoDiagnostics, kustoErrors } from './kusto-language-service.js';
import { SAMPLE_RULES } from './sample-rules.js';

/**
 * Microsoft's own parser and analyser read every emitted query against the Defender tables'
 * documented columns: zero errors means the syntax is KQL and every column exists.
 */
const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), 'utf8');

describe("Microsoft's Kusto parser", () => {
  it('reports what it should: an unknown column and a syntax error (the check can fail)', () => {
    expect(kustoErrors('DeviceProcessEvents | where NoSuchColumn == 1').map((d) => d.code)).toContain('KS142');
    expect(kustoErrors('DeviceProcessEvents | where FileName == ').length).toBeGreaterThan(0);
    // Sentinel's column is not a Defender column.
    expect(kustoErrors('DeviceProcessEvents | where TimeGenerated > ago(1d)', 'defender').length).toBeGreaterThan(0);
  });

  it.each(['impair-defenses.kql', 'service-stop.kql'])('accepts the seed query %s, and its import emitted again', (file) => {
    expect(kustoDiagnostics(fixture(file))).toEqual([]);
    const rule = kqlTarget.importRule(kqlTarget.parse(fixture(file), file), file);
    for (const flavour of ['defender', 'sentinel'] as const) {
      const text = kqlTarget.emit(rule, { lenient: false, flavour }).text;
      expect(kustoErrors(text, flavour), text).toEqual([]);
    }
  });

  describe.each(['defender', 'sentinel'] as const)('%s flavour', (flavour) => {
    it.each(Object.entries(SAMPLE_RULES))('accepts the emitted form of %s', (_name, rule) => {
      const text = kqlTarget.emit(rule, { lenient: true, flavour }).text;
      expect(kustoErrors(text, flavour), text).toEqual([]);
    });

    it('accepts the custom-detection and Sentinel envelopes\' queries', () => {
      for (const rule of Object.values(SAMPLE_RULES)) {
        const format = flavour === 'defender' ? 'defender' : 'sentinel';
        const out = kqlTarget.formats[format]?.(rule, { lenient: true, flavour });
        expect(out).toBeDefined();
        const query = format === 'defender' ? (JSON.parse(out?.text ?? '{}') as { queryCondition: { queryText: string } }).queryCondition.queryText : queryOfSentinelYaml(out?.text ?? '');
        expect(kustoErrors(query, flavour), query).toEqual([]);
      }
    });

    it('accepts the emitted form of random rules over hostile values', () => {
      let checked = 0;
      fc.assert(
        fc.property(ruleArb, (rule) => {
          let text: string;
          try {
            text = kqlTarget.emit(rule, { lenient: true, flavour }).text;
          } catch (err) {
            if (err instanceof NotExpressibleError) return;
            throw err;
          }
          checked++;
          expect(kustoErrors(text, flavour), text).toEqual([]);
        }),
        { numRuns: 60, seed: 20261122 },
      );
      expect(checked).toBeGreaterThan(30);
    });
  });
});

/** The `query: |` block of a Sentinel rule, de-indented. */
function queryOfSentinelYaml(yaml: string): string {
  const lines = yaml.split('\n');
  const start = lines.findIndex((l) => l.startsWith('query: |'));
  const body: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l !== '' && !l.startsWith('  ')) break;
    body.push(l.slice(2));
  }
  return body.join('\n');
}
