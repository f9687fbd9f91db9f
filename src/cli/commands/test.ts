import type { Command } from 'commander';

// Placeholder until the `test` command lands.
export function registerTest(program: Command): void {
  program.command('test').description('(not built yet)').action(() => {
    process.stderr.write('unirule: test is not built yet\n');
    process.exitCode = 2;
  });
}
