import { describe, expect, it } from 'vitest';
import { parseCatalog, CatalogError } from './import-catalog.ts';
import { createInMemoryGraph } from './in-memory-graph.ts';

const CATALOG = `
services:
  - { name: web, kind: service, channel: "#team-web", dependsOn: [api] }
  - { name: api, kind: service, dependsOn: [db, cache] }
  - { name: db, kind: database }
  - { name: cache, kind: cache }
  - { name: batch, kind: service, dependsOn: [db] }
`;

describe('in-memory service graph', () => {
  const graph = createInMemoryGraph(parseCatalog(CATALOG));

  it('answers dependencies and dependents in both directions', async () => {
    expect(await graph.dependencies('api')).toEqual(['db', 'cache']);
    expect(await graph.dependents('db')).toEqual(['api', 'batch']);
    expect((await graph.getService('web'))?.channel).toBe('#team-web');
  });

  it('bounds the neighbourhood by hops and keeps only edges inside it', async () => {
    const one = await graph.neighbourhood('web', 1);
    expect(one.services.map((s) => s.name)).toEqual(['web', 'api']);
    expect(one.edges).toEqual([{ from: 'web', to: 'api' }]);
    const three = await graph.neighbourhood('web', 3);
    expect(three.services.map((s) => s.name).sort()).toEqual(['api', 'batch', 'cache', 'db', 'web']);
  });

  it('treats an unknown service as an isolated node rather than failing', async () => {
    const alone = await graph.neighbourhood('ghost', 2);
    expect(alone.services.map((s) => s.name)).toEqual(['ghost']);
    expect(alone.edges).toEqual([]);
  });
});

describe('catalog import', () => {
  it('names the file and the path of a bad field', () => {
    expect(() => parseCatalog('services:\n  - { name: a, kind: mainframe }', 'catalog.yaml')).toThrow(/catalog.yaml: services.0.kind/);
  });

  it('rejects a dependency on a service the catalog does not have', () => {
    expect(() => parseCatalog('services:\n  - { name: a, dependsOn: [b] }', 'c.yaml')).toThrow(CatalogError);
    expect(() => parseCatalog('services:\n  - { name: a, dependsOn: [b] }', 'c.yaml')).toThrow(/services.0.dependsOn.0: unknown service "b"/);
  });

  it('reports YAML syntax errors with the file name', () => {
    expect(() => parseCatalog('services: [', 'broken.yaml')).toThrow(/broken.yaml: not valid YAML/);
  });
});
