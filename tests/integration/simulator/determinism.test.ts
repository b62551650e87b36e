// Responses are a pure function of (scenario, seed, request): order, repetition and a second
// simulator instance do not change a single byte.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { at, datadogFetch, kubernetesFetch, opensearchFetch, pagerdutyGet, SECRETS, slackCall } from './official-clients.ts';

type Call = (sim: RunningSimulator) => Promise<Response>;

const calls: [string, Call][] = [
  ['metrics errors', (sim) => datadogFetch(sim, `/api/v1/query?from=${at('12:00')}&to=${at('13:35')}&query=${encodeURIComponent('sum:trace.http.request.errors{*} by {service}.as_count()')}`)],
  ['metrics cpu', (sim) => datadogFetch(sim, `/api/v1/query?from=${at('13:00')}&to=${at('13:35')}&query=${encodeURIComponent('avg:container.cpu.utilization{*} by {pod_name}')}`)],
  ['logs checkout', (sim) => datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: 'service:checkout-api', from: 'now-20m', to: 'now' }, page: { limit: 300 } }) })],
  ['logs all errors', (sim) => datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: 'status:error', from: '2026-11-20T12:00:00Z', to: 'now' }, sort: 'timestamp', page: { limit: 1000 } }) })],
  ['pods', (sim) => kubernetesFetch(sim, '/api/v1/pods')],
  ['events', (sim) => kubernetesFetch(sim, '/api/v1/events')],
  ['incident alerts', (sim) => pagerdutyGet(sim, '/incidents/unknown/alerts')],
  ['events v1', (sim) => datadogFetch(sim, `/api/v1/events?start=${at('12:00')}&end=${at('13:35')}`)],
  ['events v2', (sim) => datadogFetch(sim, '/api/v2/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: '*', from: '2026-11-20T12:00:00Z', to: 'now' }, page: { limit: 3 } }) })],
  ['monitors', (sim) => datadogFetch(sim, '/api/v1/monitor')],
  ['spans', (sim) => datadogFetch(sim, '/api/v2/spans/events/search', { method: 'POST', body: JSON.stringify({ data: { type: 'search_request', attributes: { filter: { query: 'service:inventory-service', from: 'now-20m', to: 'now' }, page: { limit: 50 } } } }) })],
  ['active metrics', (sim) => datadogFetch(sim, `/api/v1/metrics?from=${at('12:00')}`)],
  ['dependencies', (sim) => datadogFetch(sim, '/api/v1/service_dependencies?env=prod')],
  ['opensearch search', (sim) => opensearchFetch(sim, '/logs-*/_search', { size: 20, sort: [{ '@timestamp': 'desc' }], query: { term: { 'log.level': 'ERROR' } }, aggs: { s: { terms: { field: 'service.name' } } } })],
  ['deployments', (sim) => kubernetesFetch(sim, '/apis/apps/v1/deployments')],
  ['replicasets', (sim) => kubernetesFetch(sim, '/apis/apps/v1/replicasets')],
  ['incidents', (sim) => pagerdutyGet(sim, '/incidents?date_range=all&limit=100')],
  ['pd services', (sim) => pagerdutyGet(sim, '/services')],
  ['slack history', (sim) => slackCall(sim, 'conversations.list', {}).then(async (r) => {
    const { channels } = (await r.json()) as { channels: { id: string; name: string }[] };
    return slackCall(sim, 'conversations.history', { channel: channels.find((c) => c.name === 'alerts-shop')!.id });
  })],
];

/** Status and SHA-256 of each body. Links embed the server's own address, which differs between instances. */
async function digests(sim: RunningSimulator, order: number[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const index of order) {
    const [name, call] = calls[index]!;
    const response = await call(sim);
    const body = (await response.text()).replaceAll(sim.urls.datadog, 'BASE');
    expect(response.status, name).toBeLessThan(500);
    out.set(name, `${response.status}:${createHash('sha256').update(body).digest('hex')}`);
  }
  return out;
}

const start = (seed?: number) =>
  startSimulator({ ...(seed === undefined ? {} : { seed }), pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });

let first: RunningSimulator;
let second: RunningSimulator;
let reseeded: RunningSimulator;
beforeAll(async () => {
  [first, second, reseeded] = await Promise.all([start(), start(), start(7)]);
});
afterAll(async () => {
  await Promise.all([first, second, reseeded].filter(Boolean).map((sim) => sim.close()));
});

describe('determinism', () => {
  it('gives byte-identical bodies whatever the request order, and across instances', async () => {
    const forward = calls.map((_, index) => index);
    const a = await digests(first, forward);
    const b = await digests(second, [...forward].reverse());
    // A fixed shuffle: every call moves.
    const c = await digests(first, forward.map((_, i) => (i * 7 + 3) % forward.length));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(new Set(forward.map((i) => (i * 7 + 3) % forward.length)).size).toBe(forward.length);
    for (const [name, digest] of a) expect(digest.slice(0, 3), name).toBe(name === 'incident alerts' ? '404' : '200');
  });

  it('renders other names and noise for another seed', async () => {
    const a = await digests(first, calls.map((_, index) => index));
    const c = await digests(reseeded, calls.map((_, index) => index));
    for (const name of ['metrics errors', 'metrics cpu', 'logs checkout', 'pods', 'events', 'spans', 'opensearch search', 'replicasets', 'incidents']) expect(c.get(name), name).not.toBe(a.get(name));
  });
});
