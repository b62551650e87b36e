import { describe, expect, it } from 'vitest';
import { createInMemoryGraph } from '../../../graph/in-memory-graph.ts';
import type { ServiceGraph, ServiceNode } from '../../../graph/service-graph.ts';
import { silentLogger } from '../../shared/logger.ts';
import { findDependencyPathsTool, FindDependencyPathsInputSchema } from './find-dependency-paths.ts';
import { getBlastRadiusTool, GetBlastRadiusInputSchema } from './get-blast-radius.ts';
import { getServiceNeighboursTool, GetServiceNeighboursInputSchema } from './get-service-neighbours.ts';
import { walk } from './walk.ts';

function node(name: string, dependsOn: string[], extra: Partial<ServiceNode> = {}): ServiceNode {
  return { name, kind: 'service', dependsOn, ...extra };
}

// The shop topology: storefront-web is the entry point; orders-db sits at the bottom.
const shop = createInMemoryGraph([
  node('storefront-web', ['checkout-api', 'cart-service'], { tier: 1, team: 'web', channel: '#team-web' }),
  node('checkout-api', ['payments-service', 'inventory-service', 'orders-db', 'order-events'], { tier: 1, team: 'checkout', channel: '#team-checkout' }),
  node('cart-service', ['session-cache', 'inventory-service'], { tier: 2, team: 'cart' }),
  node('payments-service', ['stripe-api'], { team: 'payments' }),
  node('inventory-service', ['orders-db'], { tier: 2, team: 'inventory', channel: '#team-inventory', language: 'python' }),
  node('orders-db', [], { kind: 'database' }),
  node('session-cache', [], { kind: 'cache' }),
  node('order-events', [], { kind: 'queue' }),
  node('stripe-api', [], { kind: 'external' }),
]);
const deps = { graph: shop, logger: silentLogger };

describe('walk', () => {
  it('visits each service once at its shortest distance, nearest first', async () => {
    const up = await walk(shop, 'orders-db', 'upstream', 3);
    expect(up.map((r) => [r.name, r.hops])).toEqual([
      ['checkout-api', 1],
      ['inventory-service', 1],
      ['cart-service', 2],
      ['storefront-web', 2],
    ]);
    expect(up.find((r) => r.name === 'storefront-web')!.path).toEqual(['orders-db', 'checkout-api', 'storefront-web']);
  });
});

describe('get_service_neighbours', () => {
  it('returns callers and dependencies with catalog facts, paths in call order', async () => {
    const out = await getServiceNeighboursTool.run(deps, GetServiceNeighboursInputSchema.parse({ service: 'inventory-service', hops: 2 }));
    expect(out.status).toBe('ok');
    expect(out.node).toMatchObject({ kind: 'service', language: 'python', team: 'inventory' });
    expect(out.upstream.map((n) => n.name)).toEqual(['cart-service', 'checkout-api', 'storefront-web']);
    expect(out.upstream.find((n) => n.name === 'storefront-web')!.path).toEqual(['storefront-web', 'cart-service', 'inventory-service']);
    expect(out.downstream).toEqual([{ name: 'orders-db', direction: 'downstream', hops: 1, path: ['inventory-service', 'orders-db'], kind: 'database' }]);
    expect(out.totals).toEqual({ upstream: 3, downstream: 1 });
  });

  it('caps nearest first across both directions and reports totals', async () => {
    const out = await getServiceNeighboursTool.run(deps, GetServiceNeighboursInputSchema.parse({ service: 'checkout-api', hops: 2, limit: 3 }));
    expect(out.truncated).toBe(true);
    expect([...out.upstream, ...out.downstream].every((n) => n.hops === 1)).toBe(true);
    expect(out.totals.downstream).toBe(5);
  });

  it('is no_data for a service the catalog does not know', async () => {
    const out = await getServiceNeighboursTool.run(deps, GetServiceNeighboursInputSchema.parse({ service: 'no-such-service' }));
    expect(out.status).toBe('no_data');
    expect(out.hints[0]).toContain('no service named no-such-service');
  });

  it('rejects too many hops, naming the field', () => {
    const result = GetServiceNeighboursInputSchema.safeParse({ service: 'x', hops: 9 });
    expect(result.error!.issues[0]).toMatchObject({ path: ['hops'], message: 'hops must be at most 4' });
  });

  it('turns a failing backend into a retryable error', async () => {
    const broken: ServiceGraph = { ...shop, getService: () => Promise.reject(new Error('connection refused')) };
    const out = await getServiceNeighboursTool.run({ graph: broken, logger: silentLogger }, GetServiceNeighboursInputSchema.parse({ service: 'x' }));
    expect(out).toMatchObject({ status: 'error', error: { retryable: true } });
    expect(out.error!.message).toContain('connection refused');
  });
});

describe('find_dependency_paths', () => {
  it('finds every path from the entry point to the database, shortest first', async () => {
    const out = await findDependencyPathsTool.run(deps, FindDependencyPathsInputSchema.parse({ from: 'storefront-web', to: 'orders-db' }));
    expect(out.direction).toBe('from_calls_to');
    expect(out.paths.map((p) => p.services.join('>'))).toEqual([
      'storefront-web>checkout-api>orders-db',
      'storefront-web>cart-service>inventory-service>orders-db',
      'storefront-web>checkout-api>inventory-service>orders-db',
    ]);
    expect(out.paths.map((p) => p.hops)).toEqual([2, 3, 3]);
  });

  it('finds the path when the arguments are the other way round, and says so', async () => {
    const out = await findDependencyPathsTool.run(deps, FindDependencyPathsInputSchema.parse({ from: 'inventory-service', to: 'storefront-web' }));
    expect(out.direction).toBe('to_calls_from');
    expect(out.paths[0]!.services).toEqual(['storefront-web', 'cart-service', 'inventory-service']);
    expect(out.hints[0]).toContain('storefront-web depends on inventory-service');
  });

  it('is no_data between unrelated services, and respects maxHops', async () => {
    const unrelated = await findDependencyPathsTool.run(deps, FindDependencyPathsInputSchema.parse({ from: 'session-cache', to: 'stripe-api' }));
    expect(unrelated).toMatchObject({ status: 'no_data', direction: 'none', paths: [] });
    const short = await findDependencyPathsTool.run(deps, FindDependencyPathsInputSchema.parse({ from: 'storefront-web', to: 'orders-db', maxHops: 2 }));
    expect(short.paths).toHaveLength(1);
  });
});

describe('get_blast_radius', () => {
  it("lists orders-db's transitive callers, the entry point, teams and channels", async () => {
    const out = await getBlastRadiusTool.run(deps, GetBlastRadiusInputSchema.parse({ service: 'orders-db' }));
    expect(out.affected.map((a) => a.name)).toEqual(['checkout-api', 'inventory-service', 'cart-service', 'storefront-web']);
    expect(out.entryPoints).toEqual(['storefront-web']);
    expect(out.affected.find((a) => a.name === 'storefront-web')).toMatchObject({ entryPoint: true, via: ['storefront-web', 'checkout-api', 'orders-db'], hops: 2 });
    expect(out.teams).toEqual(['cart', 'checkout', 'inventory', 'web']);
    expect(out.channels).toEqual(['#team-checkout', '#team-inventory', '#team-web']);
    expect(out.mostCriticalTier).toBe(1);
  });

  it('is ok and empty for an entry point, which only hurts itself', async () => {
    const out = await getBlastRadiusTool.run(deps, GetBlastRadiusInputSchema.parse({ service: 'storefront-web' }));
    expect(out).toMatchObject({ status: 'ok', affected: [], totals: { affected: 0, entryPoints: 0 } });
  });

  it('caps the list but not the totals', async () => {
    const out = await getBlastRadiusTool.run(deps, GetBlastRadiusInputSchema.parse({ service: 'orders-db', limit: 2 }));
    expect(out.affected).toHaveLength(2);
    expect(out.totals.affected).toBe(4);
    expect(out.truncated).toBe(true);
  });

  it('describes a call in one line', () => {
    expect(getBlastRadiusTool.describeCall(GetBlastRadiusInputSchema.parse({ service: 'orders-db' }))).toBe('Service graph blast radius of orders-db (callers within 3 hops)');
  });
});
