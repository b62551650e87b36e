// `ariadne eval add`: put an incident into the library in one command, from a bundle directory or
// straight from a stored investigation (the one with the 👎 or the corrected root cause).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { exportInvestigationBundle, UnknownInvestigationError } from '../../services/store/export-bundle.ts';
import { readCatalog, type OpenStore } from '../../services/store/cli.ts';
import { CliError } from '../../simulator/cli/cli-error.ts';
import { addBundle, type AddedBundle } from '../learning/add-bundle.ts';

interface AddCliOptions {
  investigation?: string;
  catalog?: string;
  id?: string;
  library?: string;
  force?: boolean;
}

export function registerAddCommand(evalCommand: Command, openStore: OpenStore): void {
  evalCommand
    .command('add')
    .description('Add an incident to the eval library: a scenario bundle directory, or a stored investigation (--investigation)')
    .argument('[dir]', 'a scenario bundle directory (scenario.yaml and any of topology.yaml, metrics.csv, logs.jsonl, spans.jsonl, events.jsonl, k8s.json)')
    .option('--investigation <id>', 'export this stored investigation (ARIADNE_DB) and add it (see `ariadne investigation list --negative`)')
    .option('--catalog <topology.yaml>', 'with --investigation: the service catalog, so the bundle keeps the services\' kinds and calls')
    .option('--id <id>', 'store it under this scenario id instead of the bundle\'s own')
    .option('--library <dir>', 'library folder to add to (default simulator/library/bundles; list other roots in ARIADNE_BUNDLE_PATH)')
    .option('--force', 'replace a bundle already stored under the same id')
    .action(async (dir: string | undefined, options: AddCliOptions) => {
      if ((dir === undefined) === (options.investigation === undefined)) throw new CliError('DIR: give a bundle directory or --investigation <id>, not both and not neither');
      const added = dir !== undefined ? await addBundle(dir, options) : await addInvestigation(options.investigation!, openStore, options);
      process.stdout.write(
        `added ${added.id} to ${added.dir} (${added.files.join(', ')})\n` +
          `  ground truth: ${added.groundTruth ? `${added.groundTruth.rootCauseService} ${added.groundTruth.faultType}` : 'none: scored as unsolvable (the agent should stay quiet)'}\n` +
          `  the next \`ariadne eval\` runs it; alone: ariadne eval --scenario ${added.id}\n`,
      );
    });
}

async function addInvestigation(investigationId: string, openStore: OpenStore, options: AddCliOptions): Promise<AddedBundle> {
  const catalog = options.catalog === undefined ? undefined : await readCatalog(options.catalog);
  if (typeof catalog === 'string') throw new CliError(catalog);
  const staging = mkdtempSync(join(tmpdir(), 'ariadne-add-'));
  const store = await openStore();
  try {
    let exported;
    try {
      exported = await exportInvestigationBundle(store, investigationId, staging, catalog ? { catalog } : {});
    } catch (error) {
      if (error instanceof UnknownInvestigationError) throw new CliError(`--investigation: ${error.message}`);
      throw error;
    }
    if (!exported.groundTruth) {
      throw new CliError(
        `--investigation: ${investigationId} has no corrected root cause, so the right answer is unknown: ` +
          `export it with \`ariadne investigation export ${investigationId} DIR\`, add groundTruth {rootCauseService, faultType} to DIR/scenario.yaml, then \`ariadne eval add DIR\``,
      );
    }
    return await addBundle(staging, options);
  } finally {
    await store.close();
    rmSync(staging, { recursive: true, force: true });
  }
}
