import type { Command } from 'commander';
import { checkOutput, planBuild, writeOutput } from '../../build/index.js';
import { loadRules } from '../../rule/index.js';
import { TARGETS } from '../../targets/registry.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit.js';

/**
 * `unirule build [PATH...] [--out output] [--check]`: every form of every rule, plus docs pages.
 * Exit 1 when `--check` finds the folder stale, or when a target failed to write a form.
 */
export function registerBuild(program: Command): void {
  program
    .command('build')
    .description('write every generated form and docs page into the output folder (or check it is fresh)')
    .argument('[paths...]', 'rule files or folders', ['rules'])
    .option('--out <dir>', 'output folder', 'output')
    .option('--check', 'write nothing; exit 1 naming the files that are stale, missing or extra')
    .action((paths: string[], opts: { out: string; check?: boolean }) => {
      const rules = loadRules(paths).map((l) => l.rule);
      const plan = planBuild(rules, TARGETS);
      // The forms are written either way (the docs page shows the disagreement); say so here too.
      for (const b of plan.rules) {
        for (const t of b.agreement.targets) if (t.status === 'wrong') process.stderr.write(`warning: ${b.rule.name} × ${t.target}: forms disagree (${t.reason ?? `${t.disagreementCount} event(s)`}); see docs/${b.rule.name}.md\n`);
      }
      // A target that threw is that target's failure: the other files are still written (or
      // checked), and the exit code says something is missing.
      const failed = plan.rules.flatMap((b) => b.forms.flatMap((f) => (f.kind === 'failed' ? [`${b.rule.name} × ${f.format}: not generated: ${f.reason}`] : [])));
      for (const f of failed) process.stderr.write(`error: ${f}\n`);
      if (opts.check) {
        const { missing, stale, extra } = checkOutput(opts.out, plan.files);
        for (const p of missing) process.stdout.write(`missing ${opts.out}/${p}\n`);
        for (const p of stale) process.stdout.write(`stale   ${opts.out}/${p}\n`);
        for (const p of extra) process.stdout.write(`extra   ${opts.out}/${p}\n`);
        const bad = missing.length + stale.length + extra.length;
        process.stdout.write(bad === 0 ? `${opts.out}/ is up to date (${plan.files.size} files)\n` : `${opts.out}/ is out of date: run unirule build\n`);
        process.exitCode = bad > 0 || failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
        return;
      }
      const result = writeOutput(opts.out, plan.files);
      for (const p of result.written) process.stdout.write(`wrote   ${opts.out}/${p}\n`);
      for (const p of result.removed) process.stdout.write(`removed ${opts.out}/${p}\n`);
      process.stdout.write(`${rules.length} rule(s): ${result.written.length} file(s) written, ${result.removed.length} removed, ${result.unchanged} unchanged${failed.length > 0 ? `, ${failed.length} form(s) failed` : ''}\n`);
      process.exitCode = failed.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}
