import { describe, expect, it } from 'vitest';
import type { ServiceNode } from '../service-graph.ts';
import { mergeCatalogs } from './merge-catalogs.ts';

const node = (name: string, extra: Partial<ServiceNode> = {}): ServiceNode => ({ name, kind: 'service', dependsOn: [], ...extra });

describe('mergeCatalogs', () => {
  it('lets earlier lists win field by field and fills gaps from later ones', () => {
    const catalog = [node('checkout', { team: 'checkout', channel: '#team-checkout', dependsOn: ['payments'] }), node('payments')];
    const cluster = [node('checkout', { team: 'platform', language: 'java', tier: 1 })];
    const [checkout] = mergeCatalogs(catalog, cluster);
    expect(checkout).toEqual({ name: 'checkout', kind: 'service', team: 'checkout', channel: '#team-checkout', language: 'java', tier: 1, dependsOn: ['payments'] });
  });

  it('takes the first specific kind over the default one', () => {
    const merged = mergeCatalogs([node('orders-db')], [node('orders-db', { kind: 'database' })], [node('orders-db', { kind: 'cache' })]);
    expect(merged).toEqual([node('orders-db', { kind: 'database' })]);
  });

  it('unions calls in first-seen order and drops self-calls', () => {
    const merged = mergeCatalogs([node('api', { dependsOn: ['db', 'cache'] })], [node('api', { dependsOn: ['api', 'queue', 'db'] })], [node('db'), node('cache'), node('queue')]);
    expect(merged.find((n) => n.name === 'api')?.dependsOn).toEqual(['db', 'cache', 'queue']);
  });

  it('closes the catalog with stubs for callees no list declares', () => {
    const merged = mergeCatalogs([node('web', { dependsOn: ['zeta', 'api'] })], [node('api', { dependsOn: ['alpha'] })]);
    expect(merged.map((n) => n.name)).toEqual(['web', 'api', 'alpha', 'zeta']);
    expect(merged.find((n) => n.name === 'zeta')).toEqual(node('zeta'));
  });

  it('returns an empty catalog for no input', () => {
    expect(mergeCatalogs()).toEqual([]);
  });
});
