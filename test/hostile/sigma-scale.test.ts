import { describe, expect, it } from 'vitest';
import { loadRuleText } from '../../src/rule/index.js';
import { targetById } from '../../src/targets/registry.js';
import { expectResult, expectSourceError } from './bounded.js';
import { irRuleWithCondition, SIGMA_RULE } from './samples.js';

/**
 * Hostile Sigma inputs that once broke the sigma target: a condition parser that was quadratic
 * (each identifier searched the file for its position), an emitter that was cubic (values
 * re-copied and de-duplicated per alternative), and field tables read without an own-property
 * check. Every other hostile Sigma case runs in queries.test.ts.
 */
const sigma = targetById('sigma');
const parse = (text: string) => sigma.parse(text, 'pending.yml');

describe('Sigma hostile input at scale', () => {
  // Was quadratic: 50,000 terms (a 300 KB file) took about 12 s.
  it('a condition of 50,000 `or` terms parses within the time limit', () => {
    expectResult(() => parse(SIGMA_RULE.replace('condition: selection', `condition: ${Array(50_000).fill('selection').join(' or ')}`)));
  });

  // Was: "__proto__ cannot be imported: [object Object]" — a table read without an own-property check.
  it.each(['__proto__', 'constructor', 'toString'])('a field named %s is refused by import with a message about the field', (name) => {
    const text = SIGMA_RULE.replace('        CommandLine|contains: stop', `        ${name}|contains: stop`);
    const err = expectSourceError(() => sigma.importRule(parse(text), 'pending.yml'), { message: new RegExp(name) });
    expect(err.message).not.toMatch(/\[object Object\]|native code/);
  });

  // Was cubic: 4,000 alternatives took about 38 s through `unirule test`, 14,000 never finished.
  it('an IR rule with 4,000 alternatives emits to Sigma within the time limit', () => {
    const items = Array.from({ length: 4000 }, (_, i) => `    - {field: process.name, op: equals, value: "x${i}.exe"}\n`).join('');
    const { rule } = loadRuleText(irRuleWithCondition(`  any:\n${items}`), 'wide.yml');
    expectResult(() => sigma.emit(rule, { lenient: true }));
  });
});
