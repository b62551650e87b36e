// The product's one CLI. Each area registers its own subcommand group; this file only wires them
// and turns failures into exit codes: 0 for help, 2 for bad arguments or bad input files (the
// message names the argument, or the file and field), 1 for anything unexpected.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerEvalCommands } from '../evals/cli/eval-command.ts';
import { registerInvestigationCommands } from '../services/store/cli.ts';
import { openStore } from '../services/store/index.ts';
import { registerSimulatorCommands } from '../simulator/cli/register.ts';
import { BundleError } from '../simulator/bundles/bundle-error.ts';
import { CliError } from '../simulator/cli/cli-error.ts';

export function buildProgram(): Command {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  const program = new Command('ariadne')
    .description('Ariadne: alert root-cause investigation agent')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    // Subcommands inherit this, so every usage error reaches main() instead of exiting with 1.
    .exitOverride();
  registerSimulatorCommands(program);
  // The same store the running service uses (ARIADNE_DB: a SQLite path or a postgres:// URL).
  const store = () => openStore(process.env.ARIADNE_DB ?? '.data/ariadne.db');
  registerEvalCommands(program, store);
  registerInvestigationCommands(program, store);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    // A command that ran but found a problem (a failed gate) sets the exit code itself.
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' || error.exitCode === 0) return 0;
      // Commander has printed its own message for usage errors; argument errors thrown by actions have not.
      if (error.code === 'commander.invalidArgument' && !error.message.startsWith('error:')) process.stderr.write(`ariadne: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CliError || error instanceof BundleError) {
      process.stderr.write(`ariadne: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`ariadne: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
