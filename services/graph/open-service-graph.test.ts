import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServiceGraph } from './open-service-graph.ts';

describe('openServiceGraph', () => {
  it('loads the catalog into the in-memory graph when no Neo4j URL is configured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'graph-'));
    const path = join(dir, 'topology.yaml');
    await writeFile(path, 'services:\n  - { name: web, dependsOn: [api] }\n  - { name: api }\n');
    const opened = await openServiceGraph({ ARIADNE_CATALOG: path });
    expect(opened.backend).toBe('in-memory');
    expect(opened.imported).toBe(2);
    expect(await opened.graph.dependents('api')).toEqual(['web']);
  });

  it('starts empty without a catalog', async () => {
    const opened = await openServiceGraph({});
    expect(await opened.graph.getService('web')).toBeUndefined();
  });

  it('names the bad setting', async () => {
    await expect(openServiceGraph({ NEO4J_URL: '' })).rejects.toThrow(/NEO4J_URL/);
    await expect(openServiceGraph({ NEO4J_URL: 'http://x' })).rejects.toThrow(/bolt:\/\/ or neo4j:\/\//);
  });
});
