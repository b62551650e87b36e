import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { hostsInEnvVar, importFromKubernetesObjects } from './kubernetes.ts';

// apps/v1 Deployment and core/v1 Service objects, in the shape the API serves (and the client parses).
function deployment(name: string, namespace: string, options: { labels?: Record<string, string>; annotations?: Record<string, string>; image?: string; env?: Record<string, string> } = {}): V1Deployment {
  const podLabels = { 'app.kubernetes.io/name': name, ...options.labels };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: podLabels, ...(options.annotations ? { annotations: options.annotations } : {}) },
    spec: {
      replicas: 2,
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          containers: [
            {
              name,
              image: options.image ?? `registry.shop.io/${name}:1.0.0`,
              env: [
                { name: 'LOG_LEVEL', value: 'info' },
                { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'password' } } },
                ...Object.entries(options.env ?? {}).map(([key, value]) => ({ name: key, value })),
              ],
            },
          ],
        },
      },
    },
  };
}

function service(name: string, namespace: string, selector: Record<string, string> | undefined, type = 'ClusterIP'): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { type, ...(selector ? { selector } : {}), ...(type === 'ExternalName' ? { externalName: 'api.stripe.com' } : { ports: [{ port: 8080, targetPort: 8080 }] }) },
  };
}

describe('hostsInEnvVar', () => {
  it('reads hosts from URLs in any variable and host:port lists in host-style variables', () => {
    expect(hostsInEnvVar('INVENTORY_URL', 'http://inventory-service.prod.svc.cluster.local:8080/v1')).toEqual(['inventory-service.prod.svc.cluster.local']);
    expect(hostsInEnvVar('REDIS_ADDR', 'redis-cart:6379')).toEqual(['redis-cart']);
    expect(hostsInEnvVar('KAFKA_BROKERS', 'kafka-0.kafka:9092,kafka-1.kafka:9092')).toEqual(['kafka-0.kafka', 'kafka-1.kafka']);
    expect(hostsInEnvVar('DATABASE_DSN', 'postgres://app@orders-db.prod:5432/orders')).toEqual(['orders-db.prod']);
  });

  it('ignores plain values, IP addresses and localhost', () => {
    expect(hostsInEnvVar('LOG_LEVEL', 'info')).toEqual([]);
    expect(hostsInEnvVar('FEATURE_NAME', 'checkout-v2')).toEqual([]);
    expect(hostsInEnvVar('STATSD_HOST', '10.0.0.12:8125')).toEqual([]);
    expect(hostsInEnvVar('OTEL_URL', 'http://localhost:4317')).toEqual([]);
  });
});

describe('importFromKubernetesObjects', () => {
  const objects = {
    deployments: [
      deployment('checkout', 'prod', {
        annotations: { 'ariadne.dev/team': 'checkout', 'ariadne.dev/channel': '#team-checkout', 'ariadne.dev/tier': '1', 'ariadne.dev/language': 'java' },
        env: {
          INVENTORY_URL: 'http://inventory-service.prod.svc.cluster.local:8080',
          PAYMENTS_ENDPOINT: 'payments:9000',
          CACHE_HOST: 'redis-cart',
          STRIPE_URL: 'https://api.stripe.com/v1',
          SELF_URL: 'http://checkout.prod',
        },
      }),
      deployment('inventory', 'prod', { labels: { team: 'inventory' }, env: { DB_HOST: 'inventory-db.prod.svc' } }),
      deployment('payments', 'prod'),
      deployment('redis-cart', 'prod', { image: 'docker.io/library/redis:7.2' }),
      deployment('inventory', 'staging', { env: { DB_HOST: 'inventory-db.staging' } }),
    ],
    services: [
      service('inventory-service', 'prod', { 'app.kubernetes.io/name': 'inventory' }),
      service('checkout', 'prod', { 'app.kubernetes.io/name': 'checkout' }),
      service('payments', 'prod', { 'app.kubernetes.io/name': 'payments' }),
      service('redis-cart', 'prod', { 'app.kubernetes.io/name': 'redis-cart' }),
      service('inventory-db', 'prod', { 'app.kubernetes.io/name': 'inventory-postgres' }),
      service('stripe', 'prod', undefined, 'ExternalName'),
    ],
  };

  it('names each deployment after the Service selecting its pods and turns env hosts into calls', () => {
    const nodes = importFromKubernetesObjects(objects);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    expect(byName.get('checkout')).toEqual({
      name: 'checkout',
      kind: 'service',
      language: 'java',
      team: 'checkout',
      channel: '#team-checkout',
      tier: 1,
      dependsOn: ['inventory-service', 'payments', 'redis-cart'],
    });
    expect(byName.get('inventory-service')?.dependsOn).toEqual(['inventory-db']);
    expect(byName.get('inventory-service')?.team).toBe('inventory');
    expect(byName.has('inventory')).toBe(true); // the staging deployment, which no Service selects
  });

  it('infers datastore kinds from images and names, and external ones from ExternalName Services', () => {
    const byName = new Map(importFromKubernetesObjects(objects).map((n) => [n.name, n]));
    expect(byName.get('redis-cart')?.kind).toBe('cache');
    expect(byName.get('inventory-db')?.kind).toBe('database');
    expect(byName.get('stripe')?.kind).toBe('external');
  });

  it('adds hosts outside the cluster as external nodes only when asked', () => {
    expect(importFromKubernetesObjects(objects).map((n) => n.name)).not.toContain('api.stripe.com');
    const withExternal = importFromKubernetesObjects(objects, { includeExternal: true });
    expect(withExternal.find((n) => n.name === 'checkout')?.dependsOn).toContain('api.stripe.com');
    expect(withExternal.find((n) => n.name === 'api.stripe.com')).toEqual({ name: 'api.stripe.com', kind: 'external', dependsOn: [] });
  });

  it('does not resolve a host qualified with a namespace the service is not in', () => {
    const nodes = importFromKubernetesObjects({ deployments: [deployment('web', 'prod', { env: { API_URL: 'http://api.other-ns.svc.cluster.local' } }), deployment('api', 'prod')] });
    expect(nodes.find((n) => n.name === 'web')?.dependsOn).toEqual([]);
  });

  it('resolves a StatefulSet member host to its headless Service', () => {
    const nodes = importFromKubernetesObjects({
      deployments: [deployment('orders', 'prod', { env: { KAFKA_BROKERS: 'kafka-0.kafka.prod:9092,kafka-1.kafka.prod:9092' } })],
      services: [service('kafka', 'prod', { 'app.kubernetes.io/name': 'kafka' })],
    });
    expect(nodes).toEqual([
      { name: 'kafka', kind: 'queue', dependsOn: [] },
      { name: 'orders', kind: 'service', dependsOn: ['kafka'] },
    ]);
  });
});
