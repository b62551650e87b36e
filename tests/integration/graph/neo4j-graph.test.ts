// The Neo4j backend against a real Neo4j 5 (the Maven Central harness, started once for this file):
// the shared contract, import idempotence, and agreement with the in-memory backend on a random graph.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryGraph } from '../../../services/graph/in-memory-graph.ts';
import { createNeo4jGraph, importIntoNeo4j, Neo4jGraphError, type Neo4jGraph } from '../../../services/graph/neo4j-graph.ts';
import { openServiceGraph } from '../../../services/graph/open-service-graph.ts';
import type { ServiceNode } from '../../../services/graph/service-graph.ts';
import { NEO4J_TEST_CREDENTIALS, startNeo4j, type RunningNeo4j } from '../../support/neo4j.ts';
import { serviceGraphContract } from './service-graph-contract.ts';

let neo4j: RunningNeo4j;
beforeAll(async () => {
  neo4j = await startNeo4j();
  console.info(`Neo4j test server ready in ${neo4j.startedInMs} ms at ${neo4j.url}`);
}, 400_000); // a first install downloads from Maven Central; `make test` installs before vitest
afterAll(async () => {
  await neo4j?.stop();
});

// Each graph gets a cleared database: test files in this module run one after another.
async function freshGraph(nodes: ServiceNode[]): Promise<Neo4jGraph> {
  const graph = createNeo4jGraph({ url: neo4j.url, ...NEO4J_TEST_CREDENTIALS });
  await graph.verify();
  await graph.clear();
  await importIntoNeo4j(graph, nodes);
  return graph;
}

serviceGraphContract('Neo4j', freshGraph);

async function counts(graph: Neo4jGraph): Promise<{ services: number; calls: number }> {
  const { records } = await graph.driver.executeQuery('MATCH (s:Service) OPTIONAL MATCH (s)-[r:CALLS]->() RETURN count(DISTINCT s) AS services, count(r) AS calls');
  return { services: Number(records[0]!.get('services')), calls: Number(records[0]!.get('calls')) };
}

describe('Neo4j import', () => {
  const nodes: ServiceNode[] = [
    { name: 'web', kind: 'service', team: 'web', tier: 1, dependsOn: ['api', 'cdn'] },
    { name: 'api', kind: 'service', language: 'go', dependsOn: ['db'] },
    { name: 'db', kind: 'database', dependsOn: [] },
  ];

  it('is idempotent: importing the same services twice leaves the same graph', async () => {
    const graph = await freshGraph(nodes);
    try {
      const first = await counts(graph);
      await importIntoNeo4j(graph, nodes);
      expect(await counts(graph)).toEqual(first);
      expect(first).toEqual({ services: 4, calls: 3 }); // cdn is a stub
      expect(await graph.getService('web')).toEqual(nodes[0]);
    } finally {
      await graph.close();
    }
  });

  it('replaces a re-imported service record and its calls, and leaves other services alone', async () => {
    const graph = await freshGraph(nodes);
    try {
      await importIntoNeo4j(graph, [
        { name: 'web', kind: 'service', channel: '#web', dependsOn: ['db', 'api'] },
        { name: 'cdn', kind: 'external', dependsOn: [] },
      ]);
      expect(await graph.getService('web')).toEqual({ name: 'web', kind: 'service', channel: '#web', dependsOn: ['db', 'api'] });
      expect(await graph.getService('cdn')).toEqual({ name: 'cdn', kind: 'external', dependsOn: [] });
      expect(await graph.getService('api')).toEqual(nodes[1]);
      expect(await graph.dependents('db')).toEqual(['api', 'web']);
    } finally {
      await graph.close();
    }
  });

  it('does not reset a stored service to a stub when another import only calls it', async () => {
    const graph = await freshGraph(nodes);
    try {
      await importIntoNeo4j(graph, [{ name: 'batch', kind: 'service', dependsOn: ['db'] }]);
      expect(await graph.getService('db')).toEqual(nodes[2]);
      expect(await graph.dependents('db')).toEqual(['api', 'batch']);
    } finally {
      await graph.close();
    }
  });
});

describe('Neo4j and in-memory agree', () => {
  it('on every query of a random 40-service graph with cycles', async () => {
    const nodes = randomGraph(40, 7);
    const graph = await freshGraph(nodes);
    const memory = createInMemoryGraph(nodes);
    try {
      for (const { name } of nodes) {
        expect(await graph.getService(name), name).toEqual(await memory.getService(name));
        expect(await graph.dependents(name), name).toEqual(await memory.dependents(name));
        expect(await graph.neighbourhood(name, 2), name).toEqual(await memory.neighbourhood(name, 2));
        expect(await graph.upstream(name, 3), name).toEqual(await memory.upstream(name, 3));
        expect(await graph.downstream(name, 3), name).toEqual(await memory.downstream(name, 3));
        expect(await graph.blastRadius(name, 2), name).toEqual(await memory.blastRadius(name, 2));
      }
      for (const [i, { name }] of nodes.entries()) {
        const target = nodes[(i + 5) % nodes.length]!.name;
        expect(await graph.paths(name, target, 5), `${name} -> ${target}`).toEqual(await memory.paths(name, target, 5));
      }
      // The walk must have found something worth comparing.
      expect((await Promise.all(nodes.map((n, i) => memory.paths(n.name, nodes[(i + 5) % nodes.length]!.name, 5)))).flat().length).toBeGreaterThan(10);
    } finally {
      await graph.close();
    }
  });
});

describe('openServiceGraph with NEO4J_URL', () => {
  it('upserts the catalog into Neo4j and answers from it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-'));
    const path = join(dir, 'topology.yaml');
    await writeFile(path, 'services:\n  - { name: storefront, team: web, dependsOn: [cart] }\n  - { name: cart, kind: service, dependsOn: [cart-db] }\n  - { name: cart-db, kind: database }\n');
    const cleared = await freshGraph([]);
    await cleared.close();
    const opened = await openServiceGraph({ NEO4J_URL: neo4j.url, NEO4J_USERNAME: 'neo4j', NEO4J_PASSWORD: 'x', ARIADNE_CATALOG: path });
    try {
      expect(opened.backend).toBe('neo4j');
      expect(await opened.graph.blastRadius('cart-db', 3)).toEqual({
        service: 'cart-db',
        affected: [
          { name: 'cart', hops: 1, path: ['cart-db', 'cart'] },
          { name: 'storefront', hops: 2, path: ['cart-db', 'cart', 'storefront'] },
        ],
        entryPoints: ['storefront'],
      });
    } finally {
      await opened.graph.close();
    }
  });
});

describe('Neo4j connection errors', () => {
  it('names the URL when the server cannot be reached', async () => {
    const graph = createNeo4jGraph({ url: 'bolt://127.0.0.1:1', ...NEO4J_TEST_CREDENTIALS, timeoutMs: 2_000 });
    try {
      await expect(graph.verify()).rejects.toThrow(Neo4jGraphError);
      await expect(graph.dependents('x')).rejects.toThrow(/Neo4j at bolt:\/\/127\.0\.0\.1:1\) failed while reading the callers of x/);
    } finally {
      await graph.close();
    }
  });

  it('rejects a URL that is not bolt:// or neo4j://', () => {
    expect(() => createNeo4jGraph({ url: 'http://127.0.0.1:7474', ...NEO4J_TEST_CREDENTIALS })).toThrow(/bolt:\/\/ or neo4j:\/\//);
  });
});

/** A seeded graph: mostly calls to later services (layers), plus a few back edges that make cycles. */
function randomGraph(size: number, seed: number): ServiceNode[] {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const names = Array.from({ length: size }, (_, i) => `svc-${String.fromCharCode(97 + (i * 7) % 26)}${i}`);
  return names.map((name, i) => {
    const dependsOn = new Set<string>();
    const fanOut = Math.floor(random() * 4);
    for (let k = 0; k < fanOut && i + 1 < size; k++) dependsOn.add(names[i + 1 + Math.floor(random() * Math.min(8, size - i - 1))]!);
    if (random() < 0.1 && i > 3) dependsOn.add(names[Math.floor(random() * i)]!);
    return { name, kind: 'service', tier: (i % 3) + 1, dependsOn: [...dependsOn] };
  });
}
