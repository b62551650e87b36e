// Every response the fakes serve validates against the vendor's official API description
// (vendor-specs, see DESIGN.md): the product's clients must not be able to tell them from the real APIs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { checkAgainstSpec, responsePointer, vendorSpecsAvailable, vendorSpecsDir } from '../../support/vendor-specs.ts';
import { at, datadogFetch, kubernetesFetch, pagerdutyGet, SECRETS } from './official-clients.ts';

const DD_V1 = 'datadog/v1/openapi.yaml';
const DD_V2 = 'datadog/v2/openapi.yaml';
const K8S = 'kubernetes/v1.35/api__v1_openapi.json';
const PD = 'pagerduty/rest-api-v2/openapiv3.json';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
});
afterAll(async () => sim?.close());

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
