import type { Command } from 'commander';

// Placeholder until the `translate` command lands.
export function registerTranslate(program: Command): void {
  program.command('translate').description('(not built yet)').action(() => {
    process.stderr.write('unirule: translate is not built yet\n');
    process.exitCode = 2;
  });
}
