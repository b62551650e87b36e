// Every response the fakes serve validates against the vendor's official API description
// (vendor-specs, see DESIGN.md): the product's clients must not be able to tell them from the real APIs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { checkAgainstSpec, responsePointer, vendorSpecsAvailable, vendorSpecsDir } from '../../support/vendor-specs.ts';
import { at, datadogFetch, kubernetesFetch, opensearchFetch, pagerdutyGet, SECRETS } from './official-clients.ts';

const DD_V1 = 'datadog/v1/openapi.yaml';
const DD_V2 = 'datadog/v2/openapi.yaml';
const K8S = 'kubernetes/v1.35/api__v1_openapi.json';
const PD = 'pagerduty/rest-api-v2/openapiv3.json';
const APPS = 'kubernetes/v1.35/apis__apps__v1_openapi.json';
const OS = 'opensearch/opensearch-openapi.yaml';

let sim: RunningSimulator;
/** Scenarios whose pods wait (crash loop, image pull, unschedulable), for the pod status shapes. */
let waiting: RunningSimulator[] = [];
beforeAll(async () => {
  const slack = { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret };
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack });
  waiting = await Promise.all(['crash-loop-shop', 'image-pull-failure-marketplace', 'unschedulable-platform'].map((scenario) => startSimulator({ scenario, pagerdutyWebhookSecret: SECRETS.webhook, slack })));
});
afterAll(async () => {
  await Promise.all([sim, ...waiting].filter(Boolean).map((running) => running.close()));
});


function expectConforms(specPath: string, pointer: string, body: unknown): void {
  const result = checkAgainstSpec(specPath, pointer, body);
  expect(result.errors, `${specPath} ${pointer}`).toEqual([]);
  expect(result.valid).toBe(true);
}

async function json(response: Response, status = 200): Promise<unknown> {
  expect(response.status).toBe(status);
  return response.json();
}

describe('the spec validator', () => {
  it('rejects bodies that break the schemas, so passing checks mean something', async () => {
    if (!vendorSpecsAvailable()) return;
    expect(checkAgainstSpec(DD_V1, '#/components/schemas/MetricsQueryResponse', { status: 'ok', series: [{ pointlist: [['x', 1]] }] }).valid).toBe(false);
    expect(checkAgainstSpec(DD_V2, '#/components/schemas/LogsListResponse', { data: [{ type: 'log', attributes: { tags: 'env:prod' } }] }).valid).toBe(false);
    expect(checkAgainstSpec(K8S, '#/components/schemas/io.k8s.api.core.v1.PodList', { items: [{ spec: { containers: [{ image: 'x' }] } }] }).valid).toBe(false);
    expect(checkAgainstSpec(PD, responsePointer(PD, '/incidents/{id}', 'get'), { incident: { status: 'on fire' } }).valid).toBe(false);
  });
});

describe('Datadog responses', () => {
  it('metrics queries match MetricsQueryResponse', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const queries = [
      'sum:trace.http.request.errors{service:inventory-service} by {version}.as_count()',
      'avg:trace.http.request.duration.by.service.99p{service:checkout-api},sum:trace.http.request.hits{*} by {service}.as_rate()',
      'avg:container.memory.utilization{service:cart-service} by {pod_name}',
      'avg:does.not.exist{*}',
    ];
    for (const query of queries) {
      const body = await json(await datadogFetch(sim, `/api/v1/query?from=${at('12:00')}&to=${at('13:35')}&query=${encodeURIComponent(query)}`));
      expectConforms(DD_V1, '#/components/schemas/MetricsQueryResponse', body);
      expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/query', 'get'), body);
    }
    const bad = await json(await datadogFetch(sim, `/api/v1/query?from=${at('12:00')}&to=${at('13:35')}&query=sum%3Aa%7B`), 400);
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/query', 'get', '400'), bad);
  });

  it('log searches match LogsListResponse', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const requests = [
      { filter: { query: 'service:inventory-service status:error', from: 'now-15m', to: 'now' }, page: { limit: 5 } },
      { filter: { query: '*', from: '2026-11-20T12:00:00Z', to: '2026-11-20T12:30:00Z' }, sort: 'timestamp', page: { limit: 200 } },
      { filter: { query: 'service:storefront-web' } },
      { filter: { query: 'service:no-such-service' } },
    ];
    for (const request of requests) {
      const body = await json(await datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify(request) }));
      expectConforms(DD_V2, '#/components/schemas/LogsListResponse', body);
      expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/logs/events/search', 'post'), body);
    }
    const forbidden = await fetch(`${sim.urls.datadog}/api/v2/logs/events/search`, { method: 'POST', body: '{}' });
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/logs/events/search', 'post', '403'), await json(forbidden, 403));
  });
});

describe('Datadog events, monitors, spans and metric listings', () => {
  it('v1 events, monitors and active metrics match their schemas', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const events = await json(await datadogFetch(sim, `/api/v1/events?start=${at('12:00')}&end=${at('13:35')}`));
    expect((events as { events: unknown[] }).events.length).toBeGreaterThan(0);
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/events', 'get'), events);
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/events', 'get', '400'), await json(await datadogFetch(sim, '/api/v1/events?start=1'), 400));
    const monitors = (await json(await datadogFetch(sim, '/api/v1/monitor'))) as { id: number }[];
    expect(monitors.length).toBeGreaterThan(1);
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/monitor', 'get'), monitors);
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/monitor/{monitor_id}', 'get'), await json(await datadogFetch(sim, `/api/v1/monitor/${monitors[0]!.id}`)));
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/monitor/{monitor_id}', 'get', '404'), await json(await datadogFetch(sim, '/api/v1/monitor/1'), 404));
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/metrics', 'get'), await json(await datadogFetch(sim, `/api/v1/metrics?from=${at('12:00')}&tag_filter=service:checkout-api`)));
    expectConforms(DD_V1, responsePointer(DD_V1, '/api/v1/search', 'get'), await json(await datadogFetch(sim, '/api/v1/search?q=metrics:trace')));
  });

  it('v2 event and span searches and the metrics listing match their schemas', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const events = await json(await datadogFetch(sim, '/api/v2/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: '*', from: '2026-11-20T12:00:00Z', to: 'now' }, page: { limit: 1 } }) }));
    expect((events as { links?: unknown }).links).toBeDefined();
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/events/search', 'post'), events);
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/events', 'get'), await json(await datadogFetch(sim, '/api/v2/events?filter[from]=now-2h&page[limit]=5')));
    const spans = await json(await datadogFetch(sim, '/api/v2/spans/events/search', { method: 'POST', body: JSON.stringify({ data: { type: 'search_request', attributes: { filter: { query: 'service:inventory-service status:error', from: 'now-15m', to: 'now' }, page: { limit: 3 } } } }) }));
    expect((spans as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/spans/events/search', 'post'), spans);
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/spans/events', 'get'), await json(await datadogFetch(sim, '/api/v2/spans/events?filter[query]=service:checkout-api&filter[from]=now-5m&page[limit]=2')));
    const reversed = await json(await datadogFetch(sim, '/api/v2/spans/events/search', { method: 'POST', body: JSON.stringify({ data: { type: 'search_request', attributes: { filter: { from: 'now', to: 'now-15m' } } } }) }), 422);
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/spans/events/search', 'post', '422'), reversed);
    expectConforms(DD_V2, responsePointer(DD_V2, '/api/v2/metrics', 'get'), await json(await datadogFetch(sim, '/api/v2/metrics?filter[tags]=service:inventory-service')));
  });
});

describe('OpenSearch responses', () => {
  it('info, searches with hits and aggregations, counts and errors match the OpenSearch spec', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    expectConforms(OS, responsePointer(OS, '/', 'get'), await json(await opensearchFetch(sim, '/')));
    const searches: [string, unknown][] = [
      ['/logs-*/_search', { size: 3, sort: [{ '@timestamp': 'desc' }], query: { bool: { filter: [{ term: { 'log.level': 'ERROR' } }, { range: { '@timestamp': { gte: 'now-15m' } } }] } } }],
      ['/_search', { size: 2, query: { match_phrase: { message: 'warehouse_id' } }, aggs: { by_service: { terms: { field: 'service.name' }, aggs: { per_minute: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } } } } }],
      ['/logs-prod-2026.11.20/_search', { size: 0, track_total_hits: false, query: { query_string: { query: 'service.name:cart-service AND NOT log.level:INFO' } } }],
    ];
    for (const [path, body] of searches) {
      const response = await json(await opensearchFetch(sim, path, body));
      expectConforms(OS, responsePointer(OS, path === '/_search' ? '/_search' : '/{index}/_search', 'post'), response);
    }
    expectConforms(OS, responsePointer(OS, '/{index}/_count', 'post'), await json(await opensearchFetch(sim, '/logs-*/_count', { query: { term: { 'service.name': 'inventory-service' } } })));
    const missing = await json(await opensearchFetch(sim, '/nope/_search', { query: { match_all: {} } }), 404);
    expectConforms(OS, '#/components/schemas/_common___ErrorResponseBase', missing);
    const bad = await json(await opensearchFetch(sim, '/logs-*/_search', { query: { bogus: {} } }), 400);
    expectConforms(OS, '#/components/schemas/_common___ErrorResponseBase', bad);
  });
});

describe('Kubernetes responses', () => {
  it('pod and event lists match the core/v1 schemas', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    for (const path of ['/api/v1/pods', '/api/v1/namespaces/prod/pods?labelSelector=app.kubernetes.io%2Fname%3Dinventory-service', '/api/v1/namespaces/staging/pods']) {
      expectConforms(K8S, '#/components/schemas/io.k8s.api.core.v1.PodList', await json(await kubernetesFetch(sim, path)));
    }
    for (const path of ['/api/v1/events', '/api/v1/namespaces/prod/events?fieldSelector=involvedObject.kind%3DPod']) {
      expectConforms(K8S, '#/components/schemas/io.k8s.api.core.v1.EventList', await json(await kubernetesFetch(sim, path)));
    }
    const pods = (await json(await kubernetesFetch(sim, '/api/v1/pods'))) as { items: { metadata: { name: string } }[] };
    const one = await json(await kubernetesFetch(sim, `/api/v1/namespaces/prod/pods/${pods.items[0]!.metadata.name}`));
    expectConforms(K8S, '#/components/schemas/io.k8s.api.core.v1.Pod', one);
    const status = await json(await kubernetesFetch(sim, '/api/v1/pods', 'wrong'), 401);
    expectConforms(K8S, '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Status', status);
  });

  it('pods that wait (crash loop, image pull, unschedulable) still match the Pod schema', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const reasons = new Set<string>();
    for (const running of waiting) {
      const pods = (await json(await kubernetesFetch(running, '/api/v1/pods'))) as { items: { status: { containerStatuses?: { state: { waiting?: { reason: string } } }[]; conditions: { reason?: string }[] } }[] };
      expectConforms(K8S, '#/components/schemas/io.k8s.api.core.v1.PodList', pods);
      for (const pod of pods.items) {
        const reason = pod.status.containerStatuses?.[0]?.state.waiting?.reason ?? pod.status.conditions.find((condition) => condition.reason === 'Unschedulable')?.reason;
        if (reason) reasons.add(reason);
      }
    }
    expect([...reasons].sort()).toEqual(['CrashLoopBackOff', 'ImagePullBackOff', 'Unschedulable']);
  });

  it('deployments, replicasets and statefulsets match the apps/v1 schemas; pod logs are plain text', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    expectConforms(APPS, '#/components/schemas/io.k8s.api.apps.v1.DeploymentList', await json(await kubernetesFetch(sim, '/apis/apps/v1/namespaces/prod/deployments')));
    expectConforms(APPS, '#/components/schemas/io.k8s.api.apps.v1.Deployment', await json(await kubernetesFetch(sim, '/apis/apps/v1/namespaces/prod/deployments/inventory-service')));
    expectConforms(APPS, '#/components/schemas/io.k8s.api.apps.v1.ReplicaSetList', await json(await kubernetesFetch(sim, '/apis/apps/v1/replicasets?labelSelector=app%3Dinventory-service')));
    expectConforms(APPS, '#/components/schemas/io.k8s.api.apps.v1.StatefulSetList', await json(await kubernetesFetch(sim, '/apis/apps/v1/statefulsets')));
    const pods = (await json(await kubernetesFetch(sim, '/api/v1/namespaces/prod/pods?labelSelector=app%3Dinventory-service'))) as { items: { metadata: { name: string } }[] };
    const log = await kubernetesFetch(sim, `/api/v1/namespaces/prod/pods/${pods.items[0]!.metadata.name}/log?tailLines=5`);
    expect(log.status).toBe(200);
    expect(log.headers.get('content-type')).toBe('text/plain');
    expect((await log.text()).length).toBeGreaterThan(0);
  });
});

describe('PagerDuty responses', () => {
  it('the incident, its alerts and errors match the REST API v2 schemas', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const missing = await pagerdutyGet(sim, '/incidents/unknown');
    expectConforms(PD, responsePointer(PD, '/incidents/{id}', 'get', '404'), await json(missing, 404));
    const unauthorized = await pagerdutyGet(sim, '/incidents/unknown', 'wrong');
    expectConforms(PD, responsePointer(PD, '/incidents/{id}', 'get', '401'), await json(unauthorized, 401));
    const webhook = (await webhookPayload(sim)) as { event: { data: { id: string } } };
    const id = webhook.event.data.id;
    expectConforms(PD, responsePointer(PD, '/incidents/{id}', 'get'), await json(await pagerdutyGet(sim, `/incidents/${id}`)));
    expectConforms(PD, responsePointer(PD, '/incidents/{id}/alerts', 'get'), await json(await pagerdutyGet(sim, `/incidents/${id}/alerts`)));
  });

  it('incident lists, log entries, notes and services match the REST API v2 schemas', { timeout: 60_000 }, async () => {
    if (!vendorSpecsAvailable()) return;
    const incidents = (await json(await pagerdutyGet(sim, '/incidents?date_range=all&limit=100&total=true'))) as { incidents: { id: string; status: string }[] };
    expect(incidents.incidents.length).toBeGreaterThan(1);
    expectConforms(PD, responsePointer(PD, '/incidents', 'get'), incidents);
    expectConforms(PD, responsePointer(PD, '/incidents', 'get', '400'), await json(await pagerdutyGet(sim, '/incidents?statuses[]=nope'), 400));
    for (const incident of incidents.incidents.slice(0, 2)) {
      expectConforms(PD, responsePointer(PD, '/incidents/{id}', 'get'), await json(await pagerdutyGet(sim, `/incidents/${incident.id}`)));
      expectConforms(PD, responsePointer(PD, '/incidents/{id}/log_entries', 'get'), await json(await pagerdutyGet(sim, `/incidents/${incident.id}/log_entries`)));
      expectConforms(PD, responsePointer(PD, '/incidents/{id}/notes', 'get'), await json(await pagerdutyGet(sim, `/incidents/${incident.id}/notes`)));
      expectConforms(PD, responsePointer(PD, '/incidents/{id}/alerts', 'get'), await json(await pagerdutyGet(sim, `/incidents/${incident.id}/alerts`)));
    }
    const services = (await json(await pagerdutyGet(sim, '/services'))) as { services: { id: string }[] };
    expectConforms(PD, responsePointer(PD, '/services', 'get'), services);
    expectConforms(PD, responsePointer(PD, '/services/{id}', 'get'), await json(await pagerdutyGet(sim, `/services/${services.services[0]!.id}`)));
  });

  it('the webhook has the fields and types of the documented v3 incident payload', async () => {
    if (!vendorSpecsAvailable()) return;
    const example = JSON.parse(readFileSync(resolve(vendorSpecsDir(), 'pagerduty/webhooks-v3/payload.incident.priority_updated.json'), 'utf8')) as unknown;
    const ours = await webhookPayload(sim);
    // reopened_at only appears on incidents that were reopened.
    expect(shapeDifferences(example, ours, '', new Set(['event.data.reopened_at', 'event.data.conference_bridge', 'event.data.incident_type']))).toEqual([]);
    const data = JSON.parse(readFileSync(resolve(vendorSpecsDir(), 'pagerduty/webhooks-v3/event-data.incident.json'), 'utf8')) as unknown;
    expect(shapeDifferences(data, (ours as { event: { data: unknown } }).event.data, 'data', new Set(['data.reopened_at', 'data.conference_bridge']))).toEqual([]);
  });
});

/** The body the simulator would send, captured by a receiver on loopback. */
async function webhookPayload(running: RunningSimulator): Promise<unknown> {
  const { createServer } = await import('node:http');
  let body = '';
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => res.writeHead(202).end());
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await running.fireAlert(`http://127.0.0.1:${port}/`);
  await new Promise<void>((done) => server.close(() => done()));
  return JSON.parse(body);
}

/** Paths where `actual` lacks a field of `expected` or has a different JSON type there. */
function shapeDifferences(expected: unknown, actual: unknown, path: string, optional: Set<string>): string[] {
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  if (optional.has(path)) return [];
  if (expected === null) return [];
  if (kind(expected) !== kind(actual)) return [`${path}: expected ${kind(expected)}, got ${kind(actual)}`];
  if (kind(expected) === 'array') {
    const [first] = expected as unknown[];
    const [ours] = actual as unknown[];
    return first === undefined || ours === undefined ? [] : shapeDifferences(first, ours, `${path}[]`, optional);
  }
  if (kind(expected) !== 'object') return [];
  return Object.entries(expected as Record<string, unknown>).flatMap(([key, value]) => {
    const child = path ? `${path}.${key}` : key;
    if (optional.has(child)) return [];
    if (!(key in (actual as Record<string, unknown>))) return [`${child}: missing`];
    return shapeDifferences(value, (actual as Record<string, unknown>)[key], child, optional);
  });
}
