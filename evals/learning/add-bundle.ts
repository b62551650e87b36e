// The learning loop's second half: a bundle (recorded from production, exported from a stored
// investigation, or from a public dataset) copied into the library, after the same validation the
// simulator applies when it serves it, so the next `ariadne eval` runs it and a broken bundle is
// refused now, with its file, line and field, rather than failing a later eval run.
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { libraryScenarioIds } from '../../simulator/index.ts';
import { loadBundle } from '../../simulator/bundles/load-bundle.ts';
import { CliError } from '../../simulator/cli/cli-error.ts';
import { LIBRARY_BUNDLES, libraryBundles } from '../../simulator/world/library-bundles.ts';

export interface AddBundleOptions {
  /** Where the bundle goes; default the library's own bundles folder. */
  library?: string;
  /** Store it under this id instead of the one in its scenario.yaml. */
  id?: string;
  /** Replace a bundle already stored under the id. */
  force?: boolean;
}

export interface AddedBundle {
  id: string;
  dir: string;
  files: string[];
  groundTruth?: { rootCauseService: string; faultType: string };
}

/** Tag an exported investigation carries when feedback said "wrong" without saying what was right. */
export const UNKNOWN_TRUTH_TAG = 'ground-truth:unknown';

export async function addBundle(source: string, options: AddBundleOptions = {}): Promise<AddedBundle> {
  const from = resolve(source);
  if (!existsSync(join(from, 'scenario.yaml'))) throw new CliError(`DIR: ${from} is not a scenario bundle (no scenario.yaml)`);
  const bundle = await loadBundle(from);
  const id = options.id ?? bundle.scenario.id;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new CliError(`--id: ${JSON.stringify(id)} must be lower-case letters, digits and dashes`);
  if (bundle.scenario.tags.includes(UNKNOWN_TRUTH_TAG) && !bundle.scenario.groundTruth) {
    // Without the right answer the eval would score this incident as "unsolvable" and reward silence.
    throw new CliError(
      `${join(from, 'scenario.yaml')}: groundTruth: missing, and the bundle is tagged ${UNKNOWN_TRUTH_TAG}: ` +
        'add groundTruth {rootCauseService, faultType} (what the cause really was) and remove the tag, ' +
        'or remove the tag alone if the telemetry cannot show the cause (it then counts as unsolvable)',
    );
  }
  if (libraryScenarioIds().includes(id)) throw new CliError(`--id: ${JSON.stringify(id)} is a generated scenario's id; pick another with --id`);
  const library = resolve(options.library ?? LIBRARY_BUNDLES);
  const target = join(library, id);
  const existing = libraryBundles({ ...process.env, ARIADNE_BUNDLE_PATH: [process.env.ARIADNE_BUNDLE_PATH, library].filter(Boolean).join(delimiter) }).get(id);
  if (existing) {
    if (resolve(existing.dir) === from) throw new CliError(`DIR: ${from} is already in the library as ${JSON.stringify(id)}`);
    if (resolve(existing.dir) !== target) throw new CliError(`--id: ${JSON.stringify(id)} is taken by the bundle at ${existing.dir}; pick another with --id`);
    if (!options.force) throw new CliError(`--id: a bundle with id ${JSON.stringify(id)} is already in the library at ${existing.dir} (--force replaces it)`);
  }
  rmSync(target, { recursive: true, force: true });
  cpSync(from, target, { recursive: true });
  if (id !== bundle.scenario.id) {
    // Through the YAML document, so the author's comments and layout survive the rename.
    const path = join(target, 'scenario.yaml');
    const doc = parseDocument(readFileSync(path, 'utf8'));
    doc.set('id', id);
    writeFileSync(path, doc.toString());
  }
  return { id, dir: target, files: bundle.present, ...(bundle.scenario.groundTruth ? { groundTruth: { rootCauseService: bundle.scenario.groundTruth.rootCauseService, faultType: bundle.scenario.groundTruth.faultType } } : {}) };
}
