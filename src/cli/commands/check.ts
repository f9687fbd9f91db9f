import type { Command } from 'commander';

// Placeholder until the `check` command lands.
export function registerCheck(program: Command): void {
  program.command('check').description('(not built yet)').action(() => {
    process.stderr.write('unirule: check is not built yet\n');
    process.exitCode = 2;
  });
}
