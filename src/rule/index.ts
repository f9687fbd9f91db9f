export { loadRuleText, loadRuleFile, findRuleFiles, readTextFile, type LoadedRule } from './load.js';
export { readYamlSource, MAX_RULE_FILE_BYTES, type YamlSource } from './yaml-source.js';
export { loadRuleSet, loadRules, type RuleSet } from './load-set.js';
export { sigmaKeyOffset, SIGMA_DOCUMENT_KEYS } from './sigma-sniff.js';
