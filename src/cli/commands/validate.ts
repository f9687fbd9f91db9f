import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../../diagnostics.js';
import type { JsonObject } from '../../ir/value.js';
import { loadRuleSet } from '../../rule/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { parseReportFormat } from '../report-format.js';

/** `unirule validate [PATH...]`: every rule file checked; errors and warnings with positions. */
export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check rule files against the schema and the rule semantics')
    .argument('[paths...]', 'rule files or folders', ['rules'])
    .option('--strict', 'treat warnings as failures')
    .option('--format <format>', 'text | json', 'text')
    .action((paths: string[], opts: { strict?: boolean; format: string }) => {
      const json = parseReportFormat(opts.format) === 'json';
      const { loaded, failed, warnings, errors } = loadRuleSet(paths);
      // An empty folder is not an error, but "0 valid" alone reads like success on real rules.
      if (loaded.length + failed === 0) warnings.push({ file: paths.join(' '), position: { line: 1, col: 1 }, severity: 'warning', message: 'no rule files (.yml, .yaml) found here' });
      const bad = failed + (opts.strict && warnings.length > 0 ? 1 : 0);
      if (json) {
        const problem = (d: Diagnostic): JsonObject => ({ file: d.file, line: d.position.line, col: d.position.col, severity: d.severity, message: d.message });
        const report = {
          valid: loaded.map((l) => ({ file: l.file, id: l.rule.id, name: l.rule.name })),
          invalid: failed,
          problems: [...errors, ...warnings].map(problem),
        };
        process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      } else {
        for (const d of [...errors, ...warnings]) process.stderr.write(formatDiagnostic(d) + '\n');
        process.stdout.write(`${loaded.length} rule(s) valid, ${failed} invalid${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
      }
      process.exitCode = bad > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
