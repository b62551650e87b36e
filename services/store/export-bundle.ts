// The learning loop's first half: a stored investigation (typically one with a 👎 or a corrected root
// cause) written as a scenario bundle directory, which the simulator loads and the evals run.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildInvestigationBundle, type CatalogService } from './investigation-bundle.ts';
import type { InvestigationStore } from './investigation-store.ts';

export class UnknownInvestigationError extends Error {
  readonly investigationId: string;
  constructor(investigationId: string) {
    super(`unknown investigation "${investigationId}": nothing is stored under that id`);
    this.investigationId = investigationId;
  }
}

export interface ExportedInvestigationBundle {
  dir: string;
  scenarioId: string;
  /** File name -> records written. */
  files: Record<string, number>;
  negative: boolean;
  groundTruth?: { rootCauseService: string; faultType: string };
}

export interface ExportOptions {
  /** The service catalog (e.g. the topology.yaml the graph was imported from): kinds and calls of the services seen. */
  catalog?: readonly CatalogService[];
}

export async function exportInvestigationBundle(
  store: InvestigationStore,
  investigationId: string,
  dir: string,
  options: ExportOptions = {},
): Promise<ExportedInvestigationBundle> {
  const stored = await store.getReport(investigationId);
  const summary = await store.getInvestigation(investigationId);
  if (!stored || !summary) throw new UnknownInvestigationError(investigationId);
  const [observations, feedback, negatives] = await Promise.all([
    store.listObservations(investigationId),
    store.listFeedback(investigationId),
    store.listNegativeInvestigations(),
  ]);
  const negative = negatives.some((n) => n.investigationId === investigationId);
  const built = buildInvestigationBundle({ report: stored.report, summary, observations, feedback, negative, ...(options.catalog ? { catalog: options.catalog } : {}) });

  await mkdir(dir, { recursive: true });
  // A bundle is the files present: a stale logs.jsonl from an earlier export into the same folder
  // would be replayed as if the agent had seen it.
  const existing = new Set(await readdir(dir));
  for (const stale of ['metrics.csv', 'logs.jsonl', 'spans.jsonl', 'events.jsonl', 'k8s.json']) {
    if (existing.has(stale) && !(stale in built.files)) {
      throw new Error(`${join(dir, stale)} exists but this export has no ${stale}; export into an empty directory`);
    }
  }
  for (const [file, content] of Object.entries(built.files)) await writeFile(join(dir, file), content);
  return {
    dir,
    scenarioId: built.scenarioId,
    files: built.counts,
    negative,
    ...(built.groundTruth ? { groundTruth: built.groundTruth } : {}),
  };
}
