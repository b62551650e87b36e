// `ariadne simulator export ID DIR`: render a library scenario and write it as a scenario bundle.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { exportBundle } from '../bundles/export-bundle.ts';
import { createWorld, type World, type WorldInput } from '../world/create-world.ts';
import { loadLibraryScenario } from '../world/library.ts';
import { CliError } from './cli-error.ts';
import { integerOption } from './options.ts';

/** Builds a library scenario's world; a bad id or an unsupported variant is a CliError naming the argument. */
export function libraryWorld(id: string, seed: number, variant: number): World {
  let entry;
  try {
    entry = loadLibraryScenario(id);
  } catch (error) {
    throw new CliError(`ID: ${(error as Error).message}`);
  }
  // Passed as a variable: a world model without variants ignores the field, which is checked below.
  const input: WorldInput & { variant?: number } = { ...entry, seed, variant };
  const world = createWorld(input) as World & { variant?: number };
  if (variant !== 0 && world.variant !== variant) throw new CliError(`--variant: this world model does not render terminology variants yet`);
  return world;
}

export function registerExportCommand(simulator: Command): void {
  simulator
    .command('export')
    .description('Write a library scenario as a scenario bundle (scenario.yaml, topology.yaml, metrics.csv, logs.jsonl, spans.jsonl, events.jsonl, k8s.json, and monitors.json, slack.json, incidents.json)')
    .argument('<id>', 'scenario id (see `ariadne simulator list`)')
    .argument('<dir>', 'directory to write the bundle into (created if missing)')
    .option('--seed <n>', 'seed for every generated detail', integerOption('--seed', 0), 1)
    .option('--variant <n>', 'terminology variant (0 is the plain rendering)', integerOption('--variant', 0), 0)
    .action(async (id: string, dir: string, options: { seed: number; variant: number }) => {
      const world = libraryWorld(id, options.seed, options.variant);
      const target = resolve(dir);
      const { files } = await exportBundle(world, target);
      process.stdout.write(`wrote ${target}\n`);
      for (const [file, count] of Object.entries(files)) process.stdout.write(`  ${file.padEnd(14)} ${file.endsWith('.yaml') ? '' : `${count} records`}\n`);
    });
}
