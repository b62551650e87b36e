// The live importers end to end through their real clients: Kubernetes (official client-node)
// against a small API server serving spec-shaped lists with pagination and against the simulator's
// Kubernetes fake; Datadog service dependencies against the simulator's Datadog fake; then all
// sources merged with the catalog into one graph.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig, type V1Deployment, type V1Service } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { parseCatalog } from '../../../services/graph/import-catalog.ts';
import { createInMemoryGraph } from '../../../services/graph/in-memory-graph.ts';
import { DatadogDependenciesError, fetchDatadogServiceDependencies } from '../../../services/graph/importers/datadog.ts';
import { importFromKubernetes } from '../../../services/graph/importers/kubernetes.ts';
import { mergeCatalogs } from '../../../services/graph/importers/merge-catalogs.ts';
import { checkAgainstSpec, vendorSpecsAvailable } from '../../support/vendor-specs.ts';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.graph-importer-test';

function kubeConfigFor(server: string, token: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return config;
}

function deployment(name: string, env: Record<string, string>): V1Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels, uid: `uid-${name}`, resourceVersion: '1' },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name, image: `registry.shop.io/${name}:2.3.1`, env: Object.entries(env).map(([key, value]) => ({ name: key, value })) }] },
      },
    },
    status: { replicas: 1, readyReplicas: 1 },
  };
}

const service = (name: string, app: string): V1Service => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop', uid: `uid-svc-${name}`, resourceVersion: '1' },
  spec: { type: 'ClusterIP', selector: { app }, ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }] },
});

const DEPLOYMENTS = [
  deployment('frontend', { CHECKOUT_URL: 'http://checkout-svc.shop.svc.cluster.local', CATALOG_ADDR: 'catalog-svc:80' }),
  deployment('checkout', { PAYMENTS_URL: 'grpc://payments-svc.shop:50051', CART_REDIS_HOST: 'redis-cart' }),
  deployment('catalog', {}),
  deployment('payments', {}),
  deployment('redis-cart', {}),
];
const SERVICES = [service('checkout-svc', 'checkout'), service('catalog-svc', 'catalog'), service('payments-svc', 'payments'), service('redis-cart', 'redis-cart')];

/** core/v1 and apps/v1 list endpoints as the API server answers them, two items a page. */
function kubernetesApi(requests: string[]): Server {
  const list = (kind: string, apiVersion: string, items: object[], url: URL) => {
    const limit = Number(url.searchParams.get('limit') ?? items.length);
    const start = Number(url.searchParams.get('continue') || 0);
    const page = items.slice(start, start + Math.min(limit, 2));
    const next = start + page.length < items.length ? String(start + page.length) : undefined;
    return { kind, apiVersion, metadata: { resourceVersion: '42', ...(next ? { continue: next } : {}) }, items: page };
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${url.pathname}${url.search}`);
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Unauthorized', code: 401 });
    if (url.pathname === '/apis/apps/v1/deployments') return send(200, list('DeploymentList', 'apps/v1', DEPLOYMENTS, url));
    if (url.pathname === '/api/v1/services') return send(200, list('ServiceList', 'v1', SERVICES, url));
    send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 });
  });
}

describe('Kubernetes importer through client-node', () => {
  let server: Server;
  let url: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = kubernetesApi(requests);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves lists that match the official Kubernetes schemas', () => {
    if (!vendorSpecsAvailable()) return;
    const deployments = checkAgainstSpec('kubernetes/v1.35/apis__apps__v1_openapi.json', '#/components/schemas/io.k8s.api.apps.v1.DeploymentList', {
      kind: 'DeploymentList',
      apiVersion: 'apps/v1',
      metadata: {},
      items: DEPLOYMENTS,
    });
    expect(deployments.errors).toEqual([]);
    const services = checkAgainstSpec('kubernetes/v1.35/api__v1_openapi.json', '#/components/schemas/io.k8s.api.core.v1.ServiceList', { kind: 'ServiceList', apiVersion: 'v1', metadata: {}, items: SERVICES });
    expect(services.errors).toEqual([]);
  });

  it('follows continue tokens and turns env-declared hosts into calls between Service names', async () => {
    const nodes = await importFromKubernetes({ kubeConfig: kubeConfigFor(url, TOKEN) });
    expect(nodes).toEqual([
      { name: 'catalog-svc', kind: 'service', dependsOn: [] },
      { name: 'checkout-svc', kind: 'service', dependsOn: ['payments-svc', 'redis-cart'] },
      { name: 'frontend', kind: 'service', dependsOn: ['checkout-svc', 'catalog-svc'] },
      { name: 'payments-svc', kind: 'service', dependsOn: [] },
      { name: 'redis-cart', kind: 'cache', dependsOn: [] },
    ]);
    expect(requests.filter((r) => r.startsWith('/apis/apps/v1/deployments')).length).toBe(3);
    expect(requests.some((r) => r.includes('continue=2'))).toBe(true);
  });

  it('fails with the API status when the token is refused', async () => {
    await expect(importFromKubernetes({ kubeConfig: kubeConfigFor(url, 'wrong') })).rejects.toMatchObject({ code: 401 });
  });
});

describe('importers against the simulator', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ pagerdutyWebhookSecret: 'whsec-graph', slack: { botToken: 'xoxb-graph-test', signingSecret: 'graph-signing-secret' } });
  });
  afterAll(async () => sim?.close());

  it('reads Datadog APM service dependencies as the topology declares them', async () => {
    const catalog = parseCatalog(sim.topologyYaml, 'topology.yaml');
    const nodes = await fetchDatadogServiceDependencies({ baseUrl: sim.urls.datadog, apiKey: DEFAULT_CREDENTIALS.datadogApiKey, appKey: DEFAULT_CREDENTIALS.datadogAppKey, env: 'prod' });
    const instrumented = catalog.filter((s) => s.kind === 'service');
    expect(instrumented.length).toBeGreaterThan(3);
    for (const declared of instrumented) {
      expect([...(nodes.find((n) => n.name === declared.name)?.dependsOn ?? [])].sort(), declared.name).toEqual([...declared.dependsOn].sort());
    }
  });

  it('says which status Datadog answered when the keys are wrong', async () => {
    const call = fetchDatadogServiceDependencies({ baseUrl: sim.urls.datadog, apiKey: 'bad', appKey: 'bad', env: 'prod' });
    await expect(call).rejects.toThrow(DatadogDependenciesError);
    await expect(fetchDatadogServiceDependencies({ baseUrl: sim.urls.datadog, apiKey: 'bad', appKey: 'bad', env: 'prod' })).rejects.toThrow(/answered 40[13]/);
  });

  it('reads the cluster deployments and goes on without Services when they cannot be listed', async () => {
    const warnings: string[] = [];
    const nodes = await importFromKubernetes({ kubeConfig: kubeConfigFor(sim.urls.kubernetes, DEFAULT_CREDENTIALS.kubernetesToken), onWarning: (m) => warnings.push(m) });
    const catalog = parseCatalog(sim.topologyYaml, 'topology.yaml');
    // One Deployment per instrumented service, named after it; teams come from the `team` label.
    expect(nodes.map((n) => n.name)).toEqual(catalog.filter((s) => s.kind === 'service').map((s) => s.name).sort());
    expect(nodes.every((n) => n.team !== undefined)).toBe(true);
    // The fake may not serve core/v1 Services; the import must then go on, saying why.
    expect(warnings.filter((w) => !/^cannot list Services \(HTTP 40[34]\); naming services after their Deployments$/.test(w))).toEqual([]);
  });

  it('merges catalog, APM and cluster views into one closed graph', async () => {
    const catalog = parseCatalog(sim.topologyYaml, 'topology.yaml');
    const apm = await fetchDatadogServiceDependencies({ baseUrl: sim.urls.datadog, apiKey: DEFAULT_CREDENTIALS.datadogApiKey, appKey: DEFAULT_CREDENTIALS.datadogAppKey, env: 'prod' });
    const cluster = await importFromKubernetes({ kubeConfig: kubeConfigFor(sim.urls.kubernetes, DEFAULT_CREDENTIALS.kubernetesToken) });
    const merged = mergeCatalogs(catalog, apm, cluster);
    const names = new Set(merged.map((n) => n.name));
    for (const node of merged) for (const dep of node.dependsOn) expect(names.has(dep), `${node.name} -> ${dep}`).toBe(true);
    const graph = createInMemoryGraph(merged);
    const alerting = sim.scenario.alert.service;
    expect((await graph.getService(alerting))?.kind).toBe(catalog.find((s) => s.name === alerting)?.kind);
    expect((await graph.downstream(alerting, 1)).map((r) => r.name).sort()).toEqual([...(catalog.find((s) => s.name === alerting)?.dependsOn ?? [])].sort());
  });
});
