import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { and, literals, match, not, or, type Condition } from '../../../../src/ir/condition.js';
import type { MatchOperator } from '../../../../src/ir/match-operator.js';
import { emitSigma } from '../../../../src/targets/sigma/emit.js';
import { ruleWith } from '../../kql/rule-factory.js';

/**
 * The writer's identifier names (emit-layout.ts): a search is named by its prefix and its first
 * field's hint, and a second one of the same prefix and hint is numbered (`selection_cli`,
 * `selection_cli_2`). Names must never meet: Sigma reads a repeated key as a duplicate (an error
 * in its reader and ours), and a name that met another's number would be one.
 */
const m = (field: string, value: string, op: MatchOperator = 'contains'): Condition => match({ field, op, values: literals([value]) });

function detectionKeys(condition: Condition): string[] {
  const text = emitSigma(ruleWith({ condition }), { lenient: true }).text;
  const doc = parse(text, { uniqueKeys: true }) as { detection: Record<string, unknown> };
  return Object.keys(doc.detection).filter((k) => k !== 'condition');
}

describe('Sigma identifier names', () => {
  it('numbers the second and third selection of one hint', () => {
    const alternatives = ['a', 'b', 'c'].map((v, i) => or([m('process.command_line', v), m('process.name', `x${i}.exe`, 'equals')]));
    expect(detectionKeys(and(alternatives))).toEqual(['selection_cli', 'selection_cli_2', 'selection_cli_3']);
  });

  it('numbers filters of one hint, apart from the selection', () => {
    const filters = ['a', 'b'].map((v, i) => not(and([m('process.command_line', v), m('process.parent.name', `p${i}.exe`, 'equals')])));
    expect(detectionKeys(and([m('process.name', 'x.exe', 'equals'), ...filters]))).toEqual(['selection', 'filter_main_cli', 'filter_main_cli_2']);
  });

  // Hints with an underscore of their own (parent_cli) beside the plain one (parent, cli).
  it('keeps names of different hints apart however many of each', () => {
    const fields = ['process.command_line', 'process.parent.command_line', 'process.parent.name', 'process.executable'];
    const alternatives = fields.flatMap((f) => ['a', 'b', 'c'].map((v, i) => or([m(f, `${v}${i}`), m('process.name', `y${i}.exe`, 'equals')])));
    const keys = detectionKeys(and(alternatives));
    expect(keys.length).toBe(alternatives.length);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
