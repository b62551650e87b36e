// The behaviour every ServiceGraph backend must have. Each backend's test file calls
// `serviceGraphContract` with a factory that loads the catalog below into a fresh graph.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceGraph, ServiceNode } from '../../../services/graph/service-graph.ts';
import { parseCatalog } from '../../../services/graph/import-catalog.ts';

/**
 * A small shop: two entry points (web, mobile-bff) behind a gateway, a catalog <-> pricing cycle,
 * datastores shared by several callers, and `stripe-api`, called but never declared (a stub).
 */
export const CONTRACT_CATALOG: ServiceNode[] = parseCatalog(
  `
services:
  - { name: web, kind: service, language: typescript, team: web, channel: "#team-web", tier: 1, dependsOn: [api-gateway] }
  - { name: mobile-bff, language: kotlin, dependsOn: [api-gateway] }
  - { name: api-gateway, language: go, tier: 1, dependsOn: [checkout, catalog] }
  - { name: checkout, language: java, team: checkout, channel: "#team-checkout", tier: 1, dependsOn: [payments, inventory, orders-db, orders-queue] }
  - { name: catalog, language: python, dependsOn: [pricing, inventory, redis-cache] }
  - { name: pricing, dependsOn: [catalog] }
  - { name: inventory, language: go, team: inventory, channel: "#team-inventory", tier: 2, dependsOn: [inventory-db, redis-cache] }
  - { name: payments, dependsOn: [payments-db, stripe-api] }
  - { name: orders-worker, dependsOn: [orders-queue, orders-db] }
  - { name: batch-reports, dependsOn: [orders-db] }
  - { name: inventory-db, kind: database }
  - { name: payments-db, kind: database }
  - { name: orders-db, kind: database }
  - { name: redis-cache, kind: cache }
  - { name: orders-queue, kind: queue }
  - { name: stripe-api, kind: external }
`,
  'contract-catalog',
).filter((node) => node.name !== 'stripe-api');

export type GraphFactory = (nodes: ServiceNode[]) => Promise<ServiceGraph>;

export function serviceGraphContract(backend: string, factory: GraphFactory): void {
  describe(`ServiceGraph contract: ${backend}`, () => {
    let graph: ServiceGraph;
    beforeAll(async () => {
      graph = await factory(CONTRACT_CATALOG);
    });
    afterAll(async () => {
      await graph?.close();
    });

    it('returns the stored record, a stub for a callee never declared, and nothing for an unknown name', async () => {
      expect(await graph.getService('web')).toEqual({
        name: 'web',
        kind: 'service',
        language: 'typescript',
        team: 'web',
        channel: '#team-web',
        tier: 1,
        dependsOn: ['api-gateway'],
      });
      expect(await graph.getService('orders-db')).toEqual({ name: 'orders-db', kind: 'database', dependsOn: [] });
      expect(await graph.getService('stripe-api')).toEqual({ name: 'stripe-api', kind: 'service', dependsOn: [] });
      expect(await graph.getService('ghost')).toBeUndefined();
    });

    it('lists dependencies in declared order and dependents by name', async () => {
      expect(await graph.dependencies('checkout')).toEqual(['payments', 'inventory', 'orders-db', 'orders-queue']);
      expect(await graph.dependents('orders-db')).toEqual(['batch-reports', 'checkout', 'orders-worker']);
      expect(await graph.dependents('catalog')).toEqual(['api-gateway', 'pricing']);
      expect(await graph.dependencies('ghost')).toEqual([]);
      expect(await graph.dependents('web')).toEqual([]);
    });

    it('bounds the neighbourhood by hops in both directions, centre first, edges inside only', async () => {
      const one = await graph.neighbourhood('inventory', 1);
      expect(one.services[0]?.name).toBe('inventory');
      expect(one.services[0]?.team).toBe('inventory');
      expect(one.services.map((s) => s.name).sort()).toEqual(['catalog', 'checkout', 'inventory', 'inventory-db', 'redis-cache']);
      const edges = one.edges.map((e) => `${e.from}>${e.to}`).sort();
      expect(edges).toEqual(['catalog>inventory', 'catalog>redis-cache', 'checkout>inventory', 'inventory>inventory-db', 'inventory>redis-cache']);
      const two = await graph.neighbourhood('inventory', 2);
      expect(two.services.map((s) => s.name)).toContain('api-gateway');
      expect(two.services.map((s) => s.name)).toContain('pricing');
      expect(two.services.map((s) => s.name)).not.toContain('web');
      const alone = await graph.neighbourhood('ghost', 2);
      expect(alone).toEqual({ services: [{ name: 'ghost', kind: 'service', dependsOn: [] }], edges: [] });
    });

    it('walks upstream to transitive callers, nearest first, each with its name-wise smallest shortest path', async () => {
      expect(await graph.upstream('inventory', 5)).toEqual([
        { name: 'catalog', hops: 1, path: ['inventory', 'catalog'] },
        { name: 'checkout', hops: 1, path: ['inventory', 'checkout'] },
        { name: 'api-gateway', hops: 2, path: ['inventory', 'catalog', 'api-gateway'] },
        { name: 'pricing', hops: 2, path: ['inventory', 'catalog', 'pricing'] },
        { name: 'mobile-bff', hops: 3, path: ['inventory', 'catalog', 'api-gateway', 'mobile-bff'] },
        { name: 'web', hops: 3, path: ['inventory', 'catalog', 'api-gateway', 'web'] },
      ]);
      expect((await graph.upstream('inventory', 1)).map((r) => r.name)).toEqual(['catalog', 'checkout']);
      expect(await graph.upstream('inventory', 0)).toEqual([]);
      expect(await graph.upstream('ghost', 3)).toEqual([]);
    });

    it('walks downstream to transitive callees and terminates on cycles', async () => {
      expect(await graph.downstream('api-gateway', 2)).toEqual([
        { name: 'catalog', hops: 1, path: ['api-gateway', 'catalog'] },
        { name: 'checkout', hops: 1, path: ['api-gateway', 'checkout'] },
        { name: 'inventory', hops: 2, path: ['api-gateway', 'catalog', 'inventory'] },
        { name: 'orders-db', hops: 2, path: ['api-gateway', 'checkout', 'orders-db'] },
        { name: 'orders-queue', hops: 2, path: ['api-gateway', 'checkout', 'orders-queue'] },
        { name: 'payments', hops: 2, path: ['api-gateway', 'checkout', 'payments'] },
        { name: 'pricing', hops: 2, path: ['api-gateway', 'catalog', 'pricing'] },
        { name: 'redis-cache', hops: 2, path: ['api-gateway', 'catalog', 'redis-cache'] },
      ]);
      expect(await graph.downstream('pricing', 10)).toEqual([
        { name: 'catalog', hops: 1, path: ['pricing', 'catalog'] },
        { name: 'inventory', hops: 2, path: ['pricing', 'catalog', 'inventory'] },
        { name: 'redis-cache', hops: 2, path: ['pricing', 'catalog', 'redis-cache'] },
        { name: 'inventory-db', hops: 3, path: ['pricing', 'catalog', 'inventory', 'inventory-db'] },
      ]);
      expect(await graph.downstream('stripe-api', 3)).toEqual([]);
    });

    it('gives the blast radius with the entry points that have no callers at all', async () => {
      const wide = await graph.blastRadius('orders-db', 3);
      expect(wide.service).toBe('orders-db');
      expect(wide.affected.map((r) => `${r.name}@${r.hops}`)).toEqual(['batch-reports@1', 'checkout@1', 'orders-worker@1', 'api-gateway@2', 'mobile-bff@3', 'web@3']);
      expect(wide.entryPoints).toEqual(['batch-reports', 'mobile-bff', 'orders-worker', 'web']);
    });

    it('does not call a service at the hop limit an entry point when it has callers beyond the limit', async () => {
      const near = await graph.blastRadius('inventory', 2);
      expect(near.affected.map((r) => r.name)).toEqual(['catalog', 'checkout', 'api-gateway', 'pricing']);
      expect(near.entryPoints).toEqual([]);
      expect((await graph.blastRadius('inventory', 5)).entryPoints).toEqual(['mobile-bff', 'web']);
      expect(await graph.blastRadius('web', 3)).toEqual({ service: 'web', affected: [], entryPoints: [] });
      expect(await graph.blastRadius('ghost', 3)).toEqual({ service: 'ghost', affected: [], entryPoints: [] });
    });

    it('finds simple call paths, shortest first, within the hop bound and the limit', async () => {
      expect(await graph.paths('web', 'inventory', 5)).toEqual([
        ['web', 'api-gateway', 'catalog', 'inventory'],
        ['web', 'api-gateway', 'checkout', 'inventory'],
      ]);
      expect(await graph.paths('web', 'inventory', 2)).toEqual([]);
      const toCache = [
        ['api-gateway', 'catalog', 'redis-cache'],
        ['api-gateway', 'catalog', 'inventory', 'redis-cache'],
        ['api-gateway', 'checkout', 'inventory', 'redis-cache'],
      ];
      expect(await graph.paths('api-gateway', 'redis-cache', 4)).toEqual(toCache);
      expect(await graph.paths('api-gateway', 'redis-cache', 4, 2)).toEqual(toCache.slice(0, 2));
      expect(await graph.paths('pricing', 'inventory', 3)).toEqual([['pricing', 'catalog', 'inventory']]);
    });

    it('finds no path against the direction of calls, to itself, or from an unknown service', async () => {
      expect(await graph.paths('inventory', 'web', 6)).toEqual([]);
      expect(await graph.paths('web', 'web', 6)).toEqual([]);
      expect(await graph.paths('ghost', 'web', 6)).toEqual([]);
    });
  });
}
