export { planBuild, emitFormat, type BuildPlan, type RuleBuild, type FormOutcome } from './plan.js';
export { writeOutput, checkOutput, readManifest, manifestText, sha256, type BuildResult, type Staleness } from './output-dir.js';
export { OUTPUT_FORMS, sigmaFileName, MANIFEST_PATH } from './output-forms.js';
export { renderRulePage } from './docs-page.js';
export { emitRuleYaml } from './rule-yaml.js';
export { translateRule, translationFormats, FORMAT_SUFFIX, type Translation } from './translate.js';
