// Recorded incidents in the library: scenario bundles (DESIGN.md format) kept beside the generated
// scenarios, so a real incident the agent got wrong becomes a scenario every later eval runs.
// They live in simulator/library/bundles/<id>/, plus any roots listed in ARIADNE_BUNDLE_PATH
// (colon-separated, like PATH: each entry a bundle or a directory of bundles), which is how a
// team keeps its private incidents out of this repository and still evaluates on them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const LIBRARY_BUNDLES = fileURLToPath(new URL('../library/bundles/', import.meta.url));

export interface LibraryBundle {
  id: string;
  dir: string;
  title: string;
  tags: string[];
  groundTruth?: { rootCauseService: string; faultType: string };
}

/** Where bundles are looked for: the library's own folder, then ARIADNE_BUNDLE_PATH in order. */
export function bundleRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.ARIADNE_BUNDLE_PATH ?? '').split(delimiter).filter(Boolean).map((p) => resolve(p));
  return [...new Set([resolve(LIBRARY_BUNDLES), ...extra])];
}

const isBundle = (dir: string) => existsSync(join(dir, 'scenario.yaml'));

/**
 * Every bundle under the roots, by the id in its scenario.yaml. Only the header is read here; the
 * whole bundle is validated when it is served. Two bundles with one id is an error naming both.
 */
export function libraryBundles(env: NodeJS.ProcessEnv = process.env): Map<string, LibraryBundle> {
  const found = new Map<string, LibraryBundle>();
  for (const root of bundleRoots(env)) {
    if (!existsSync(root)) continue;
    const dirs = isBundle(root)
      ? [root]
      : readdirSync(root)
          .sort()
          .map((name) => join(root, name))
          .filter((dir) => statSync(dir).isDirectory() && isBundle(dir));
    for (const dir of dirs) {
      const bundle = readHeader(dir);
      const other = found.get(bundle.id);
      if (other) throw new Error(`two bundles with id ${JSON.stringify(bundle.id)}: ${other.dir} and ${dir}`);
      found.set(bundle.id, bundle);
    }
  }
  return found;
}

function readHeader(dir: string): LibraryBundle {
  const path = join(dir, 'scenario.yaml');
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const scenario = (doc ?? {}) as { id?: unknown; title?: unknown; tags?: unknown; groundTruth?: { rootCauseService?: unknown; faultType?: unknown } };
  if (typeof scenario.id !== 'string' || scenario.id === '') throw new Error(`${path}: field id: required`);
  const truth = scenario.groundTruth;
  return {
    id: scenario.id,
    dir,
    title: typeof scenario.title === 'string' ? scenario.title : scenario.id,
    tags: Array.isArray(scenario.tags) ? scenario.tags.filter((t): t is string => typeof t === 'string') : [],
    ...(truth && typeof truth.rootCauseService === 'string' && typeof truth.faultType === 'string'
      ? { groundTruth: { rootCauseService: truth.rootCauseService, faultType: truth.faultType } }
      : {}),
  };
}
