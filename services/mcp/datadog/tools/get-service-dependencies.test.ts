import { describe, expect, it } from 'vitest';
import { describeCall, GetServiceDependenciesInputSchema, summarize } from './get-service-dependencies.ts';
import { dependenciesOf, ServiceDependenciesResponseSchema } from './service-dependencies.ts';

// The documented shape of GET /api/v1/service_dependencies?env=prod.
const map = ServiceDependenciesResponseSchema.parse({
  'storefront-web': { calls: ['checkout-api', 'cart-service'] },
  'checkout-api': { calls: ['inventory-service', 'payments-service', 'orders-db'] },
  'cart-service': { calls: ['inventory-service', 'session-cache'] },
  'inventory-service': { calls: ['orders-db'] },
});

describe('dependenciesOf', () => {
  it('reads calls from the entry and callers from every other entry', () => {
    expect(dependenciesOf(map, 'inventory-service')).toEqual({ known: true, calls: ['orders-db'], callers: ['cart-service', 'checkout-api'] });
  });

  it('knows a datastore that only appears as a callee', () => {
    expect(dependenciesOf(map, 'orders-db')).toEqual({ known: true, calls: [], callers: ['checkout-api', 'inventory-service'] });
  });
});

describe('summarize', () => {
  const input = GetServiceDependenciesInputSchema.parse({ service: 'inventory-service' });

  it('defaults env to prod and lists calls and callers', () => {
    const out = summarize({ map }, input);
    expect(out).toMatchObject({ status: 'ok', env: 'prod', calls: ['orders-db'], callers: ['cart-service', 'checkout-api'], servicesInEnv: 4 });
  });

  it('is no_data for an unknown service and names services it knows', () => {
    const out = summarize({ map }, { ...input, service: 'inventory' });
    expect(out.status).toBe('no_data');
    expect(out.hints[1]).toContain('cart-service, checkout-api');
  });

  it('rejects an env that is not a tag value, and describes a call', () => {
    expect(GetServiceDependenciesInputSchema.safeParse({ service: 'x', env: 'prod env' }).error!.issues[0]!.path).toEqual(['env']);
    expect(describeCall(input)).toBe('Datadog APM dependencies of inventory-service (env prod)');
  });
});
