import { Command, CommanderError } from 'commander';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerDiff } from './commands/diff.js';
import { registerEval } from './commands/eval.js';
import { registerEvents } from './commands/events.js';
import { registerTest } from './commands/test.js';
import { registerTranslate } from './commands/translate.js';
import { registerValidate } from './commands/validate.js';
import { sourceDateEpoch } from '../rule/import-date.js';
import { EXIT_USAGE, reportFailure, UsageError } from './exit.js';

/** Thin by design: each command parses options, calls the library, prints. */
export function buildProgram(): Command {
  const program = new Command('unirule')
    .description('Write a detection once; emit KQL, Sigma and EQL; prove every form fires on the same events.')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of [
    registerValidate,
    registerTest,
    registerEval,
    registerTranslate,
    registerCheck,
    registerBuild,
    registerDiff,
    registerEvents,
  ]) {
    register(program);
  }
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    checkEnvironment();
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; usage mistakes are exit 2.
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    return reportFailure(err);
  }
}

/** Variables the library reads are checked once here, so a bad value is a usage error (exit 2). */
function checkEnvironment(): void {
  try {
    sourceDateEpoch();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
