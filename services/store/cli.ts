// `ariadne investigation ...`: list stored investigations and export one as a scenario bundle (the
// learning loop: a production miss becomes an eval scenario in one command). Bad input exits 2 with
// a message naming the argument; the store is opened only when a command runs.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { exportInvestigationBundle, UnknownInvestigationError } from './export-bundle.ts';
import { CatalogSchema, type CatalogService } from './investigation-bundle.ts';
import type { InvestigationStore, InvestigationSummary } from './investigation-store.ts';

export type OpenStore = () => InvestigationStore | Promise<InvestigationStore>;

export interface InvestigationCommandsIo {
  /** Where results go; default stdout. */
  out?: (text: string) => void;
}

const ListOptionsSchema = z.object({
  since: z.iso.datetime({ offset: true, message: '--since must be an ISO 8601 time with a zone, e.g. 2026-11-20T13:30:00Z' }).optional(),
  class: z.string().min(1).optional(),
  limit: z.coerce.number({ message: '--limit must be a whole number from 1 to 1000' }).int('--limit must be a whole number from 1 to 1000').min(1, '--limit must be a whole number from 1 to 1000').max(1000, '--limit must be a whole number from 1 to 1000'),
  negative: z.boolean().optional(),
});

function line(i: InvestigationSummary & { votesDown?: number; corrected?: { service?: string; faultType?: string } }): string {
  const top = i.topFinding ? `${i.topFinding.service} ${i.topFinding.faultType} ${Math.round(i.topFinding.confidence * 100)}%` : '-';
  const negative = i.votesDown !== undefined ? `  👎 ${i.votesDown}${i.corrected ? ` corrected: ${i.corrected.service ?? '?'} ${i.corrected.faultType ?? '?'}` : ''}` : '';
  return `${i.createdAt}  ${i.investigationId}  ${i.alertClass ?? '-'}  ${i.outcome}  ${top}  ${i.alert.title}${negative}\n`;
}

/** A topology.yaml-style catalog; a problem is a message naming the file and the field. */
export async function readCatalog(path: string): Promise<CatalogService[] | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `--catalog: cannot read ${path}: ${(error as Error).message}`;
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return `--catalog: ${path}: not valid YAML: ${(error as Error).message.split('\n')[0]}`;
  }
  const parsed = CatalogSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `--catalog: ${path}: ${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`;
  }
  return parsed.data.services;
}

async function withStore<T>(openStore: OpenStore, work: (store: InvestigationStore) => Promise<T>): Promise<T> {
  const store = await openStore();
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

export function registerInvestigationCommands(program: Command, openStore: OpenStore, io: InvestigationCommandsIo = {}): Command {
  const out = io.out ?? ((text: string) => void process.stdout.write(text));
  const investigation = program.command('investigation').description('Stored investigations: list them, export one as a scenario bundle');

  investigation
    .command('list')
    .description('Recent investigations, newest first: time, id, alert class, outcome, top finding, alert')
    .option('--since <time>', 'only those created at or after this ISO 8601 time')
    .option('--class <alertClass>', 'only this alert class (e.g. error-rate)')
    .option('--limit <n>', 'at most this many (1-1000)', '20')
    .option('--negative', 'only those with a 👎 or a corrected root cause (the ones worth exporting)')
    .action(async (raw: unknown, command: Command) => {
      // Checked here rather than by commander's argument parsers, so a bad value exits 2 whoever hosts the command.
      const parsed = ListOptionsSchema.safeParse(raw);
      if (!parsed.success) command.error(parsed.error.issues[0]?.message ?? 'bad option', { exitCode: 2, code: 'ariadne.badOption' });
      const options = parsed.data;
      await withStore(openStore, async (store) => {
        const list = options.negative
          ? (await store.listNegativeInvestigations())
              .filter((i) => (!options.since || Date.parse(i.createdAt) >= Date.parse(options.since)) && (!options.class || i.alertClass === options.class))
              .slice(0, options.limit)
          : await store.listInvestigations({ limit: options.limit, ...(options.since ? { since: options.since } : {}), ...(options.class ? { alertClass: options.class } : {}) });
        if (list.length === 0) out('no investigations match\n');
        for (const i of list) out(line(i));
      });
    });

  investigation
    .command('export')
    .description('Write a stored investigation as a scenario bundle (scenario.yaml, topology.yaml, metrics.csv, logs.jsonl, events.jsonl, k8s.json) from what the agent saw')
    .argument('<id>', 'investigation id, e.g. investigate-Q1QKZKKZ7ZTJ1V (see `ariadne investigation list`)')
    .argument('<dir>', 'directory to write the bundle into (created if missing)')
    .option('--catalog <topology.yaml>', 'service catalog giving the kinds and calls of the services the agent saw')
    .action(async (id: string, dir: string, options: { catalog?: string }, command: Command) => {
      const target = resolve(dir);
      const catalog = options.catalog === undefined ? undefined : await readCatalog(options.catalog);
      if (typeof catalog === 'string') command.error(catalog, { exitCode: 2, code: 'ariadne.badCatalog' });
      await withStore(openStore, async (store) => {
        let exported;
        try {
          exported = await exportInvestigationBundle(store, id, target, catalog ? { catalog } : {});
        } catch (error) {
          if (error instanceof UnknownInvestigationError) command.error(`ID: ${error.message}`, { exitCode: 2, code: 'ariadne.unknownInvestigation' });
          throw error;
        }
        out(`wrote ${exported.dir} (scenario ${exported.scenarioId}${exported.negative ? ', negative feedback' : ''})\n`);
        for (const [file, count] of Object.entries(exported.files)) out(`  ${file.padEnd(14)} ${count} ${file === 'topology.yaml' ? 'services' : 'records'}\n`);
        out(
          exported.groundTruth
            ? `  ground truth: ${exported.groundTruth.rootCauseService} ${exported.groundTruth.faultType} (from feedback)\n`
            : '  ground truth: unknown (no corrected root cause in the feedback); tagged ground-truth:unknown\n',
        );
      });
    });
  return investigation;
}
