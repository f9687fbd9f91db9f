import type { Command } from 'commander';
import { runReferenceTests } from '../../evaluate/rule-tests.js';
import { findRuleFiles, loadRuleFile } from '../../rule/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';
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
    .action((paths: string[], opts: { referenceOnly?: boolean }) => {
      let failures = 0;
      let total = 0;
      for (const file of findRuleFiles(paths)) {
        const { rule } = loadRuleFile(file);
        const outcomes = runReferenceTests(rule);
        total += outcomes.length;
        const failed = outcomes.filter((o) => !o.passed);
        failures += failed.length;
        process.stdout.write(`${failed.length === 0 ? 'ok  ' : 'FAIL'} ${rule.name}: ${outcomes.length - failed.length}/${outcomes.length} tests pass on the reference evaluator\n`);
        for (const o of failed) process.stdout.write(`     ✗ ${o.test.name}: ${o.problems.join('; ')}\n`);
        if (!opts.referenceOnly) {
          const targetLines = runTargetTests(rule);
          for (const line of targetLines.lines) process.stdout.write(line + '\n');
          failures += targetLines.failures;
        }
      }
      process.stdout.write(`${total} reference test(s), ${failures} failure(s)\n`);
      process.exitCode = failures > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
