import { SourceError, type Diagnostic } from '../diagnostics.js';
import { findRuleFiles, loadRuleFile, type LoadedRule } from '../rule/index.js';

/** Every rule under the paths; all load errors reported together as one SourceError. */
export function loadRules(paths: readonly string[]): LoadedRule[] {
  const loaded: LoadedRule[] = [];
  const errors: Diagnostic[] = [];
  for (const file of findRuleFiles(paths)) {
    try {
      loaded.push(loadRuleFile(file));
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      errors.push(...err.diagnostics.filter((d) => d.severity === 'error'));
    }
  }
  if (errors.length > 0) throw new SourceError(errors);
  return loaded;
}
