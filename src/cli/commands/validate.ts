import type { Command } from 'commander';

// Placeholder until the `validate` command lands.
export function registerValidate(program: Command): void {
  program.command('validate').description('(not built yet)').action(() => {
    process.stderr.write('unirule: validate is not built yet\n');
    process.exitCode = 2;
  });
}
