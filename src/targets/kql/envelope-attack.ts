import { ruleTacticIds, tacticIn, tacticNamed } from '../../attack/index.js';
import type { Rule } from '../../ir/rule.js';

/**
 * Tactics of a rule's techniques, named as Sentinel and Defender name them: ATT&CK v18 tactic
 * names in PascalCase (`DefenseEvasion`; v19 renamed TA0005 "Stealth", which neither product
 * lists). A technique's tactics come from the version the rule was written against (or the
 * newest one), and every tactic of every listed technique is listed, then the tactics the
 * rule names on its own (a Sigma rule tagged with a tactic only).
 */
const NAMING_VERSION = '18';

export function ruleTactics(rule: Rule): string[] {
  const out: string[] = [];
  for (const id of ruleTacticIds(rule.attack)) {
    const tactic = tacticIn(NAMING_VERSION, id) ?? tacticNamed(id, rule.attack.version);
    if (!tactic) continue;
    const name = pascal(tactic.name);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
    .join('');
}

/** Techniques as the products take them: the ids the rule lists, in order, without duplicates. */
export function ruleTechniques(rule: Rule): string[] {
  return [...new Set(rule.attack.techniques)];
}
