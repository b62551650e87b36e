// Chooses the backend from configuration, so hosts (worker, MCP graph server, CLI) wire the graph the
// same way: Neo4j when NEO4J_URL is set (the catalog, if any, is upserted into it), else the
// embedded in-memory graph of the catalog.
import { z } from 'zod';
import { readCatalog } from './importers/catalog.ts';
import { createInMemoryGraph } from './in-memory-graph.ts';
import { createNeo4jGraph, importIntoNeo4j } from './neo4j-graph.ts';
import type { ServiceGraph } from './service-graph.ts';

export const GraphEnvSchema = z.object({
  NEO4J_URL: z.string().min(1).optional(),
  NEO4J_USERNAME: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().min(1).optional(),
  /** A topology.yaml-format service catalog. */
  ARIADNE_CATALOG: z.string().min(1).optional(),
});
export type GraphEnv = z.input<typeof GraphEnvSchema>;

export interface OpenedGraph {
  graph: ServiceGraph;
  backend: 'neo4j' | 'in-memory';
  /** Services loaded from the catalog (0 without one). */
  imported: number;
}

export async function openServiceGraph(env: Record<string, string | undefined>): Promise<OpenedGraph> {
  const parsed = GraphEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`service graph configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const config = parsed.data;
  const catalog = config.ARIADNE_CATALOG ? await readCatalog(config.ARIADNE_CATALOG) : [];
  if (!config.NEO4J_URL) return { graph: createInMemoryGraph(catalog), backend: 'in-memory', imported: catalog.length };

  const graph = createNeo4jGraph({
    url: config.NEO4J_URL,
    username: config.NEO4J_USERNAME,
    password: config.NEO4J_PASSWORD,
    ...(config.NEO4J_DATABASE ? { database: config.NEO4J_DATABASE } : {}),
  });
  try {
    await graph.verify();
    if (catalog.length > 0) await importIntoNeo4j(graph, catalog);
  } catch (error) {
    await graph.close();
    throw error;
  }
  return { graph, backend: 'neo4j', imported: catalog.length };
}
