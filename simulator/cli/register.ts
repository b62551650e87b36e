// `ariadne simulator ...`: list the scenario library, serve a scenario or a bundle, export a bundle,
// generate more scenarios as bundles.
import type { Command } from 'commander';
import { registerExportCommand } from './export-command.ts';
import { registerGenerateCommand } from './generate-command.ts';
import { registerListCommand } from './list-command.ts';
import { registerServeCommand } from './serve-command.ts';

export function registerSimulatorCommands(program: Command): void {
  const simulator = program.command('simulator').description('The deterministic fake production world: list, serve, export and generate scenarios');
  registerListCommand(simulator);
  registerServeCommand(simulator);
  registerExportCommand(simulator);
  registerGenerateCommand(simulator);
}
