import type { Diagnostic } from '../diagnostics.js';
import type { Rule } from '../ir/rule.js';
import { loadRuleText } from '../rule/index.js';
import type { TargetId } from '../targets/contract.js';
import { targetById } from '../targets/registry.js';

/**
 * A rule file in any language, in the rule model: unirule YAML as loaded, others imported from
 * their parse. `warn` receives the import's warnings (what did not carry over).
 */
export function readRuleAs(file: string, text: string, language: 'ir' | TargetId, warn?: (d: Diagnostic) => void): Rule {
  if (language === 'ir') return loadRuleText(text, file).rule;
  const target = targetById(language);
  return target.importRule(target.parse(text, file), file, warn);
}
