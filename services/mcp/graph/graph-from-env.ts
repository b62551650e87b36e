// The standalone graph server's graph: the service catalog YAML named by ARIADNE_CATALOG (the
// topology.yaml format), loaded into the in-memory backend.
import { createInMemoryGraph } from '../../graph/in-memory-graph.ts';
import { readCatalog } from '../../graph/import-catalog.ts';
import type { ServiceGraph } from '../../graph/service-graph.ts';

export async function graphFromEnv(env: Record<string, string | undefined>): Promise<ServiceGraph | undefined> {
  const path = env['ARIADNE_CATALOG'];
  if (!path) return undefined;
  return createInMemoryGraph(await readCatalog(path));
}

/** The graph for an entry point, or exit 2 with one line saying what is wrong (CLI convention). */
export async function graphOrExit(env: Record<string, string | undefined>): Promise<ServiceGraph> {
  let graph: ServiceGraph | undefined;
  try {
    graph = await graphFromEnv(env);
  } catch (error) {
    process.stderr.write(`mcp-graph: cannot read ARIADNE_CATALOG (${env['ARIADNE_CATALOG']}): ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
  if (!graph) {
    process.stderr.write('mcp-graph: ARIADNE_CATALOG must name a service catalog YAML (topology.yaml format)\n');
    process.exit(2);
  }
  return graph;
}
