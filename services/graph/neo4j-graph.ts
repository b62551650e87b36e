// The production backend: Neo4j 5 through the official neo4j-driver. Services are
// (:Service {name, kind, language, team, channel, tier}) nodes, dependencies are
// (caller)-[:CALLS {position}]->(callee) relationships (`position` keeps the declared order).
// Neo4j answers the part that grows with the graph (which services lie within k hops, through the
// name index and a pruning variable-length expand); the walk itself, its tie-breaks and ordering run
// in graph-index.ts on that bounded subgraph, the same code the in-memory backend runs.
import neo4j, { type Driver, type QueryResult, type RecordShape } from 'neo4j-driver';
import { z } from 'zod';
import { createGraphIndex, normalizeNodes, type Direction } from './graph-index.ts';
import { clampHops, ServiceNodeSchema, type ServiceGraph, type ServiceNode } from './service-graph.ts';

export const Neo4jConfigSchema = z.object({
  url: z.string().regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\//, 'url must be a bolt:// or neo4j:// URL'),
  username: z.string(),
  password: z.string(),
  /** Default: the server's default database (neo4j). */
  database: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().optional(),
});
export type Neo4jConfig = z.input<typeof Neo4jConfigSchema>;

export const DEFAULT_NEO4J_TIMEOUT_MS = 10_000;

export interface Neo4jGraph extends ServiceGraph {
  readonly driver: Driver;
  readonly database: string | undefined;
  /** Fails with a clear message when the server cannot be reached or refuses the credentials. */
  verify(): Promise<void>;
  /** Deletes every Service node and its calls (tests, full re-imports). */
  clear(): Promise<void>;
}

export class Neo4jGraphError extends Error {}

const SUBGRAPH_PATTERNS: Record<Direction | 'both', (hops: number) => string> = {
  upstream: (hops) => `(start)<-[:CALLS*0..${hops}]-(x:Service)`,
  downstream: (hops) => `(start)-[:CALLS*0..${hops}]->(x:Service)`,
  both: (hops) => `(start)-[:CALLS*0..${hops}]-(x:Service)`,
};

export function createNeo4jGraph(config: Neo4jConfig): Neo4jGraph {
  const parsed = Neo4jConfigSchema.parse(config);
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_NEO4J_TIMEOUT_MS;
  const driver = neo4j.driver(parsed.url, neo4j.auth.basic(parsed.username, parsed.password), {
    // Tiers and positions are small; plain numbers keep ServiceNode free of neo4j Integer objects.
    disableLosslessIntegers: true,
    connectionTimeout: timeoutMs,
    connectionAcquisitionTimeout: timeoutMs,
    // The driver retries failed transactions for 30 s by default; a planner step cannot wait that long.
    maxTransactionRetryTime: timeoutMs,
    userAgent: 'ariadne-service-graph',
  });

  async function read<T extends RecordShape>(doing: string, cypher: string, params: Record<string, unknown>): Promise<QueryResult<T>> {
    try {
      return await driver.executeQuery<QueryResult<T>>(cypher, params, {
        database: parsed.database,
        routing: neo4j.routing.READ,
        transactionConfig: { timeout: timeoutMs },
      });
    } catch (error) {
      throw new Neo4jGraphError(`service graph (Neo4j at ${parsed.url}) failed while ${doing}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** The services within `hops` of `name` in `direction`, with full records and whole-graph caller counts. */
  async function subgraph(name: string, direction: Direction | 'both', hops: number) {
    const result = await read<{ service: Record<string, unknown>; dependsOn: string[]; callers: number }>(
      `reading the ${direction} subgraph of ${name}`,
      `MATCH (start:Service {name: $name})
       MATCH ${SUBGRAPH_PATTERNS[direction](clampHops(hops))}
       WITH DISTINCT x
       WITH x, COUNT { (:Service)-[:CALLS]->(x) } AS callers
       OPTIONAL MATCH (x)-[r:CALLS]->(d:Service)
       WITH x, callers, r, d ORDER BY r.position
       RETURN x {.*} AS service, callers, collect(d.name) AS dependsOn`,
      { name },
    );
    const nodes = result.records.map((record) => toServiceNode(record.get('service'), record.get('dependsOn')));
    const callerCounts = new Map(result.records.map((record) => [String(record.get('service')['name']), Number(record.get('callers'))]));
    return createGraphIndex(nodes, callerCounts);
  }

  return {
    driver,
    database: parsed.database,
    async verify() {
      try {
        await driver.verifyConnectivity({ database: parsed.database });
      } catch (error) {
        throw new Neo4jGraphError(`service graph: cannot reach Neo4j at ${parsed.url}: ${(error as Error).message}`, { cause: error });
      }
    },
    async clear() {
      await driver.executeQuery('MATCH (s:Service) DETACH DELETE s', {}, { database: parsed.database });
    },
    async getService(name) {
      const result = await read<{ service: Record<string, unknown>; dependsOn: string[] }>(
        `reading service ${name}`,
        `MATCH (s:Service {name: $name})
         OPTIONAL MATCH (s)-[r:CALLS]->(d:Service)
         WITH s, r, d ORDER BY r.position
         RETURN s {.*} AS service, collect(d.name) AS dependsOn`,
        { name },
      );
      const record = result.records[0];
      return record ? toServiceNode(record.get('service'), record.get('dependsOn')) : undefined;
    },
    async dependencies(name) {
      const result = await read<{ name: string }>(
        `reading the dependencies of ${name}`,
        'MATCH (:Service {name: $name})-[r:CALLS]->(d:Service) RETURN d.name AS name ORDER BY r.position',
        { name },
      );
      return result.records.map((record) => record.get('name'));
    },
    async dependents(name) {
      const result = await read<{ name: string }>(
        `reading the callers of ${name}`,
        'MATCH (c:Service)-[:CALLS]->(:Service {name: $name}) RETURN DISTINCT c.name AS name ORDER BY name',
        { name },
      );
      return result.records.map((record) => record.get('name'));
    },
    async neighbourhood(name, hops) {
      return (await subgraph(name, 'both', hops)).neighbourhood(name, hops);
    },
    async upstream(name, hops) {
      return (await subgraph(name, 'upstream', hops)).reach(name, 'upstream', hops);
    },
    async downstream(name, hops) {
      return (await subgraph(name, 'downstream', hops)).reach(name, 'downstream', hops);
    },
    async blastRadius(name, maxHops) {
      return (await subgraph(name, 'upstream', maxHops)).blastRadius(name, maxHops);
    },
    async paths(from, to, maxHops, limit) {
      // Every simple path of at most maxHops calls from `from` stays within its downstream subgraph.
      return (await subgraph(from, 'downstream', maxHops)).paths(from, to, maxHops, limit);
    },
    async close() {
      await driver.close();
    },
  };
}

/**
 * Upserts services and their calls, idempotently (MERGE on the name, under a uniqueness constraint).
 * An imported service's record replaces the stored one, and its calls become exactly `dependsOn`;
 * services not in `nodes` are left alone; a callee never declared is created as a stub.
 */
export async function importIntoNeo4j(graph: Neo4jGraph, nodes: readonly ServiceNode[]): Promise<{ services: number; calls: number }> {
  const services = normalizeNodes(nodes, { stubs: false });
  const database = graph.database;
  await graph.driver.executeQuery('CREATE CONSTRAINT service_name IF NOT EXISTS FOR (s:Service) REQUIRE s.name IS UNIQUE', {}, { database });
  const rows = services.map((node) => ({ name: node.name, props: toProperties(node), dependsOn: node.dependsOn }));
  const edges = services.flatMap((node) => node.dependsOn.map((to, position) => ({ from: node.name, to, position: neo4j.int(position) })));
  const session = graph.driver.session({ database, defaultAccessMode: neo4j.session.WRITE });
  try {
    await session.executeWrite(async (tx) => {
      await tx.run('UNWIND $rows AS row MERGE (s:Service {name: row.name}) SET s = row.props', { rows });
      await tx.run(
        `UNWIND $rows AS row
         MATCH (s:Service {name: row.name})-[r:CALLS]->(d:Service)
         WHERE NOT d.name IN row.dependsOn
         DELETE r`,
        { rows },
      );
      await tx.run(
        `UNWIND $edges AS edge
         MATCH (a:Service {name: edge.from})
         MERGE (b:Service {name: edge.to}) ON CREATE SET b.kind = 'service'
         MERGE (a)-[r:CALLS]->(b)
         SET r.position = edge.position`,
        { edges },
      );
    });
  } finally {
    await session.close();
  }
  return { services: services.length, calls: edges.length };
}

function toProperties(node: ServiceNode): Record<string, unknown> {
  const props: Record<string, unknown> = { name: node.name, kind: node.kind };
  if (node.language !== undefined) props['language'] = node.language;
  if (node.team !== undefined) props['team'] = node.team;
  if (node.channel !== undefined) props['channel'] = node.channel;
  if (node.tier !== undefined) props['tier'] = neo4j.int(node.tier);
  return props;
}

function toServiceNode(properties: Record<string, unknown>, dependsOn: string[]): ServiceNode {
  const parsed = ServiceNodeSchema.safeParse({ ...properties, dependsOn });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Neo4jGraphError(`service graph: stored service ${String(properties['name'])} is malformed at ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
