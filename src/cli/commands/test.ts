import type { Command } from 'commander';
import { runReferenceTests } from '../../evaluate/rule-tests.js';
import { findRuleFiles, loadRuleFile } from '../../rule/index.js';
import type { JsonObject } from '../../ir/value.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
import { parseReportFormat } from '../report-format.js';
import { runTargetTests } from './test-targets.js';

/**
 * `unirule test [PATH...]`: each rule's own tests, first on the reference evaluator (does the
 * rule mean what its author says?), then on every target's emitted form (does each form agree?).
 */
export function registerTest(program: Command): void {
  program
    .command('test')
    .description("run each rule's tests on the reference evaluator and every target")
    .argument('[paths...]', 'rule files or folders', ['rules'])
    .option('--reference-only', 'skip the targets')
    .option('--format <format>', 'text | json', 'text')
    .action((paths: string[], opts: { referenceOnly?: boolean; format: string }) => {
      const json = parseReportFormat(opts.format) === 'json';
      const say = (line: string): void => {
        if (!json) process.stdout.write(line + '\n');
      };
      let failures = 0;
      let total = 0;
      const report: JsonObject[] = [];
      for (const file of findRuleFiles(paths)) {
        const { rule } = loadRuleFile(file);
        const outcomes = runReferenceTests(rule);
        total += outcomes.length;
        const failed = outcomes.filter((o) => !o.passed);
        failures += failed.length;
        say(`${failed.length === 0 ? 'ok  ' : 'FAIL'} ${rule.name}: ${outcomes.length - failed.length}/${outcomes.length} tests pass on the reference evaluator`);
        for (const o of failed) say(`     ✗ ${o.test.name}: ${o.problems.join('; ')}`);
        const targets = opts.referenceOnly ? undefined : runTargetTests(rule);
        if (targets) {
          for (const line of targets.lines) say(line);
          failures += targets.failures;
        }
        report.push({
          file,
          rule: rule.name,
          reference: { passed: outcomes.length - failed.length, total: outcomes.length, failed: failed.map((o) => ({ test: o.test.name, problems: [...o.problems] })) },
          targets: (targets?.outcomes ?? []).map((t) => ({ ...t, problems: [...t.problems], reasons: [...t.reasons] })),
        });
      }
      if (json) process.stdout.write(JSON.stringify({ rules: report, referenceTests: total, failures }, null, 2) + '\n');
      else say(`${total} reference test(s), ${failures} failure(s)`);
      process.exitCode = failures > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
