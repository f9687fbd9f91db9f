import type { Command } from 'commander';

// Placeholder until the `eval` command lands.
export function registerEval(program: Command): void {
  program.command('eval').description('(not built yet)').action(() => {
    process.stderr.write('unirule: eval is not built yet\n');
    process.exitCode = 2;
  });
}
