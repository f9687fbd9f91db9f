import { SourceError, type Diagnostic, type SourcePosition } from '../diagnostics.js';
import { findRuleFiles, loadRuleFile, type LoadedRule } from './load.js';

/**
 * Every rule under some paths, read as one set. What only the set can show is checked here,
 * once for every command: two rules with one id or one name would be written to the same
 * output files (and one Elastic NDJSON would carry the id twice), and a `related` reference
 * to a rule outside the set cannot be followed.
 */
export interface RuleSet {
  readonly loaded: LoadedRule[];
  /** Files that did not load, plus rules that clash with an earlier one (not in `loaded`). */
  readonly failed: number;
  readonly errors: Diagnostic[];
  readonly warnings: Diagnostic[];
}

export function loadRuleSet(paths: readonly string[]): RuleSet {
  const loaded: LoadedRule[] = [];
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  let failed = 0;
  for (const file of findRuleFiles(paths)) {
    try {
      const r = loadRuleFile(file);
      loaded.push(r);
      warnings.push(...r.warnings);
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      failed++;
      errors.push(...err.diagnostics);
    }
  }
  const at = (file: string, position: SourcePosition, severity: Diagnostic['severity'], message: string): Diagnostic => ({ file, position, severity, message });
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  const distinct: LoadedRule[] = [];
  for (const one of loaded) {
    const { file, rule, idAt, nameAt } = one;
    const sameId = byId.get(rule.id);
    const sameName = byName.get(rule.name);
    if (sameId !== undefined) errors.push(at(file, idAt, 'error', `id ${rule.id} is also used by ${sameId}`));
    if (sameName !== undefined) errors.push(at(file, nameAt, 'error', `name ${rule.name} is also used by ${sameName}`));
    if (sameId !== undefined || sameName !== undefined) {
      failed++;
      continue;
    }
    distinct.push(one);
    byId.set(rule.id, file);
    byName.set(rule.name, file);
  }
  for (const { file, rule } of distinct) {
    for (const rel of rule.related) {
      if (!byId.has(rel.ref.toLowerCase()) && !byName.has(rel.ref)) warnings.push(at(file, { line: 1, col: 1 }, 'warning', `related rule ${rel.ref} is not among the rules checked`));
    }
  }
  return { loaded: distinct, failed, errors, warnings };
}

/** The set for commands that work on it whole (check, build): any error stops them. */
export function loadRules(paths: readonly string[]): LoadedRule[] {
  const set = loadRuleSet(paths);
  const errors = set.errors.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new SourceError(errors);
  return set.loaded;
}
