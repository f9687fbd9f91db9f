import { and, literals, match, not, or, type Condition } from '../src/ir/condition.js';
import type { Rule } from '../src/ir/rule.js';
import { IMAGES, REGISTRY_KEYS, REGISTRY_VALUES } from './corpus-vocabulary.js';
import { benchRule } from './generate-rules.js';
import type { Random } from './random.js';

/**
 * Registry persistence and defence-evasion rules, the second most common shape in the Sigma
 * corpus: a key (suffix or wildcard), a value name, sometimes the data and the writing process.
 */
function predicate(rng: Random): Condition {
  switch (rng.int(0, 3)) {
    case 0:
      return match({ field: 'registry.key', op: rng.chance(0.5) ? 'endswith' : 'contains', values: literals([rng.pick(REGISTRY_KEYS)]) });
    case 1:
      return match({ field: 'registry.value', op: 'equals', values: literals([rng.pick(REGISTRY_VALUES), rng.pick(REGISTRY_VALUES)]) });
    case 2:
      return match({ field: 'registry.data', op: rng.chance(0.5) ? 'equals' : 'wildcard', values: literals(rng.chance(0.5) ? ['1', '4'] : ['*.exe', '*\\Temp\\*']) });
    default:
      return match({ field: 'process.name', op: 'equals', values: literals([rng.pick(IMAGES)]) });
  }
}

export function generateRegistryRule(rng: Random, index: number): Rule {
  const count = rng.int(3, 8);
  const parts = Array.from({ length: count }, () => predicate(rng));
  const filter = rng.chance(0.4) ? [not(or(parts.splice(0, 1)))] : [];
  return benchRule(index, 'registry_set', and([...parts, ...filter]), new Map());
}
