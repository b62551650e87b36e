// `ariadne simulator generate DIR`: more scenarios from a seed, written as bundles, on the library's
// topologies or on a topology generated for the occasion. Scenarios nobody has tuned the agent on
// are how a held-out eval is run: `ARIADNE_BUNDLE_PATH=DIR ariadne eval --tag generated:seed-S`.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { exportBundle } from '../bundles/export-bundle.ts';
import { createWorld } from '../world/create-world.ts';
import { generateScenarios, LIBRARY_TOPOLOGIES } from '../world/generate-scenarios.ts';
import { generateTopology } from '../world/generate-topology.ts';
import { loadLibraryTopology } from '../world/library.ts';
import type { Topology } from '../world/topology.ts';
import { CliError } from './cli-error.ts';
import { integerOption } from './options.ts';

interface GenerateOptions {
  count: number;
  seed: number;
  services?: number;
}

export function registerGenerateCommand(simulator: Command): void {
  simulator
    .command('generate')
    .description('Generate scenarios from a seed and write each as a scenario bundle under DIR (for held-out evals)')
    .argument('<dir>', 'directory to write the bundles into (created if missing; must be empty)')
    .option('--count <n>', 'how many scenarios (fault types in turn, with some multi-fault and unsolvable ones)', integerOption('--count', 1, 1000), 25)
    .option('--seed <n>', 'seed for the scenarios (and the topology, with --services)', integerOption('--seed', 0), 1)
    .option('--services <n>', 'generate a new topology of this many components (8-200) instead of using the library\'s', integerOption('--services', 8, 200))
    .action(async (dir: string, options: GenerateOptions) => {
      const target = resolve(dir);
      if (existsSync(target) && readdirSync(target).length > 0) throw new CliError(`DIR: ${target} is not empty`);
      const topologies: { topology: Topology; topologyYaml: string }[] =
        options.services === undefined
          ? LIBRARY_TOPOLOGIES.map((name) => loadLibraryTopology(name))
          : [generated(generateTopology({ seed: options.seed, services: options.services, name: `generated-${options.seed}` }))];
      const byName = new Map(topologies.map((t) => [t.topology.name, t]));
      const tag = `generated:seed-${options.seed}`;
      for (const scenario of generateScenarios({ count: options.count, seed: options.seed, topologies: topologies.map((t) => t.topology) })) {
        scenario.tags.push(tag);
        const { topology, topologyYaml } = byName.get(scenario.topology)!;
        await exportBundle(createWorld({ scenario, topology, topologyYaml, seed: options.seed }), join(target, scenario.id));
        process.stdout.write(`${scenario.id}\n`);
      }
      process.stdout.write(`wrote ${options.count} bundles to ${target}; evaluate them with: ARIADNE_BUNDLE_PATH=${target} ariadne eval --tag ${tag}\n`);
    });
}

function generated(topology: Topology): { topology: Topology; topologyYaml: string } {
  return { topology, topologyYaml: stringify(topology, { lineWidth: 0 }) };
}
