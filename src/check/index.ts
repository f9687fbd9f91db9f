export { checkRule, checkEvents, ruleNow, type RuleAgreement, type TargetAgreement, type AgreementStatus, type Disagreement } from './agreement.js';
export { boundaryEvents, canonicalKey, type ProbeEvent } from './boundary-events.js';
export { formatAgreementText, formatAgreementJson, hasWrong, summarise, targetDetails } from './report.js';
export { runRuleTestsEverywhere } from './rule-tests-everywhere.js';
export { prepareForm, emitBest, type TargetForm } from './target-form.js';
export { minimiseWitness, formatEvent } from './witness.js';
export { diffRules, type Decider, type RuleDiff, type DiffGroup, type DiffWitness } from './rule-diff.js';
export { nativeDecider } from './native-decider.js';
export { readRuleAs } from './read-rule.js';
