import type { Command } from 'commander';
import { checkRule, formatAgreementJson, formatAgreementText, hasWrong } from '../../check/index.js';
import { loadRules } from '../../rule/index.js';
import { TARGETS } from '../../targets/registry.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { parseReportFormat } from '../report-format.js';
import { Progress } from '../progress.js';

/** `unirule check [PATH...]`: the agreement matrix, every target on every test and boundary event. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('prove every emitted form agrees with the rule on its tests and synthesised boundary events')
    .argument('[paths...]', 'rule files or folders', ['rules'])
    .option('--format <format>', 'text | json', 'text')
    .action((paths: string[], opts: { format: string }) => {
      parseReportFormat(opts.format);
      const rules = loadRules(paths);
      const progress = new Progress();
      const results = rules.map(({ rule, file }, i) => {
        progress.update(() => `checking ${i + 1}/${rules.length}: ${rule.name}`);
        return checkRule(rule, TARGETS, file);
      });
      progress.done();
      process.stdout.write(opts.format === 'json' ? formatAgreementJson(results) : formatAgreementText(results));
      process.exitCode = hasWrong(results) ? EXIT_FINDINGS : EXIT_OK;
    });
}
