// Responses are a pure function of (scenario, seed, request): order, repetition and a second
// simulator instance do not change a single byte.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { at, datadogFetch, kubernetesFetch, pagerdutyGet, SECRETS } from './official-clients.ts';

type Call = (sim: RunningSimulator) => Promise<Response>;

const calls: [string, Call][] = [
  ['metrics errors', (sim) => datadogFetch(sim, `/api/v1/query?from=${at('12:00')}&to=${at('13:35')}&query=${encodeURIComponent('sum:trace.http.request.errors{*} by {service}.as_count()')}`)],
  ['metrics cpu', (sim) => datadogFetch(sim, `/api/v1/query?from=${at('13:00')}&to=${at('13:35')}&query=${encodeURIComponent('avg:container.cpu.utilization{*} by {pod_name}')}`)],
  ['logs checkout', (sim) => datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: 'service:checkout-api', from: 'now-20m', to: 'now' }, page: { limit: 300 } }) })],
  ['logs all errors', (sim) => datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: 'status:error', from: '2026-11-20T12:00:00Z', to: 'now' }, sort: 'timestamp', page: { limit: 1000 } }) })],
  ['pods', (sim) => kubernetesFetch(sim, '/api/v1/pods')],
  ['events', (sim) => kubernetesFetch(sim, '/api/v1/events')],
  ['incident alerts', (sim) => pagerdutyGet(sim, '/incidents/unknown/alerts')],
];

/** Status and SHA-256 of each body. Links embed the server's own address, which differs between instances. */
async function digests(sim: RunningSimulator, order: number[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const index of order) {
    const [name, call] = calls[index]!;
    const response = await call(sim);
    const body = (await response.text()).replaceAll(sim.urls.datadog, 'BASE');
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
    const c = await digests(first, [3, 0, 5, 1, 6, 2, 4]);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    for (const [name, digest] of a) expect(digest.slice(0, 3), name).toBe(name === 'incident alerts' ? '404' : '200');
  });

  it('renders other names and noise for another seed', async () => {
    const a = await digests(first, calls.map((_, index) => index));
    const c = await digests(reseeded, calls.map((_, index) => index));
    for (const name of ['metrics errors', 'metrics cpu', 'logs checkout', 'pods', 'events']) expect(c.get(name), name).not.toBe(a.get(name));
  });
});
