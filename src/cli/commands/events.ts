import type { Command } from 'commander';

// Placeholder until the `events` command lands.
export function registerEvents(program: Command): void {
  program.command('events').description('(not built yet)').action(() => {
    process.stderr.write('unirule: events is not built yet\n');
    process.exitCode = 2;
  });
}
