import type { Command } from 'commander';

// Placeholder until the `diff` command lands.
export function registerDiff(program: Command): void {
  program.command('diff').description('(not built yet)').action(() => {
    process.stderr.write('unirule: diff is not built yet\n');
    process.exitCode = 2;
  });
}
