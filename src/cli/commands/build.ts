import type { Command } from 'commander';

// Placeholder until the `build` command lands.
export function registerBuild(program: Command): void {
  program.command('build').description('(not built yet)').action(() => {
    process.stderr.write('unirule: build is not built yet\n');
    process.exitCode = 2;
  });
}
