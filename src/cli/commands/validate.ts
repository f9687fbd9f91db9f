import type { Command } from 'commander';
import { formatDiagnostic, SourceError } from '../../diagnostics.js';
import { findRuleFiles, loadRuleFile, type LoadedRule } from '../../rule/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';

/** `unirule validate [PATH...]`: every rule file checked; errors and warnings with positions. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check rule files against the schema and the rule semantics')
    .argument('[paths...]', 'rule files or folders', ['rules'])
    .option('--strict', 'treat warnings as failures')
    .action((paths: string[], opts: { strict?: boolean }) => {
      const { loaded, failed, warnings } = validateRules(paths);
      for (const line of warnings) process.stderr.write(line + '\n');
      const bad = failed + (opts.strict && warnings.length > 0 ? 1 : 0);
      process.stdout.write(`${loaded.length} rule(s) valid, ${failed} invalid${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
      process.exitCode = bad > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}

export interface ValidationResult {
  readonly loaded: LoadedRule[];
  readonly failed: number;
  readonly warnings: string[];
}

/** Loads every rule, then checks what only the set can show: unique ids and names, related refs. */
export function validateRules(paths: readonly string[]): ValidationResult {
  const loaded: LoadedRule[] = [];
  const warnings: string[] = [];
  let failed = 0;
  for (const file of findRuleFiles(paths)) {
    try {
      const r = loadRuleFile(file);
      loaded.push(r);
      for (const w of r.warnings) warnings.push(formatDiagnostic(w));
    } catch (err) {
      if (!(err instanceof SourceError)) throw err;
      failed++;
      for (const d of err.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
    }
  }
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const { file, rule } of loaded) {
    const sameId = byId.get(rule.id);
    const sameName = byName.get(rule.name);
    if (sameId) {
      failed++;
      process.stderr.write(`${file}:1:1: error: id ${rule.id} is also used by ${sameId}\n`);
    }
    if (sameName) {
      failed++;
      process.stderr.write(`${file}:1:1: error: name ${rule.name} is also used by ${sameName}\n`);
    }
    byId.set(rule.id, file);
    byName.set(rule.name, file);
  }
  for (const { file, rule } of loaded) {
    for (const rel of rule.related) {
      if (!byId.has(rel.ref.toLowerCase()) && !byName.has(rel.ref)) warnings.push(`${file}:1:1: warning: related rule ${rel.ref} is not among the rules checked`);
    }
  }
  return { loaded, failed, warnings };
}
