// `ariadne simulator list`: the library's scenario ids, one a line, or details as JSON.
import type { Command } from 'commander';
import { libraryScenarioIds, loadLibraryScenario } from '../world/library.ts';

export interface ScenarioSummary {
  id: string;
  title: string;
  topology: string;
  faults: string[];
  tags: string[];
}

export function scenarioSummaries(): ScenarioSummary[] {
  return libraryScenarioIds().map((id) => {
    const { scenario } = loadLibraryScenario(id);
    return { id, title: scenario.title, topology: scenario.topology, faults: [...new Set(scenario.faults.map((fault) => fault.type))], tags: scenario.tags };
  });
}

export function registerListCommand(simulator: Command): void {
  simulator
    .command('list')
    .description('List the scenario library: one id per line')
    .option('--json', 'print id, title, topology, faults and tags of each scenario as JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) process.stdout.write(`${JSON.stringify(scenarioSummaries(), null, 2)}\n`);
      else process.stdout.write(libraryScenarioIds().map((id) => `${id}\n`).join(''));
    });
}
