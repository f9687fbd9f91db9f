import type { LogicalEvent } from '../../ir/value.js';
import type { NativeEvent, Target } from '../contract.js';
import type { SigmaRuleSet } from './ast.js';
import { emitSigma } from './emit.js';
import { compileSigma } from './evaluate.js';
import { importSigma } from './import.js';
import { parseSigma } from './parse.js';
import { runSigma } from './run.js';
import { projectEvent, unprojectEvent } from './schema.js';

export type { SigmaRuleSet } from './ast.js';
export { sigmaFileName } from './file-name.js';
export { lintSigma } from './lint.js';

/**
 * Sigma (specification v2.1, sigma.md) over Windows Sysmon events: one document per event
 * kind, in one multi-document YAML file. The deployable form is the file itself.
 */
export const sigmaTarget: Target<SigmaRuleSet> = {
  id: 'sigma',
  extension: '.yml',
  // A Sigma rule has no time window; the SIEM's schedule sets the look-back.
  windowInQuery: false,
  emit: emitSigma,
  parse: (text, sourceName) => parseSigma(text, sourceName),
  compile: (parsed, options) => compileSigma(parsed, options),
  run: (parsed, events, options) => runSigma(parsed, events, options),
  chunkRunner(parsed, options) {
    // A Sigma rule yields each matching event as it comes (run.ts); correlations are refused.
    const test = compileSigma(parsed, options);
    return (events) => events.filter((e) => test(e).matched);
  },
  formats: { sigma: emitSigma },
  importRule: importSigma,
  project: (event: LogicalEvent) => projectEvent(event),
  unproject: (event: NativeEvent) => unprojectEvent(event),
};
