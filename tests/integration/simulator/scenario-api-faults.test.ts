// A scenario's API faults: rate limits with Retry-After and the vendor's rate-limit headers, 5xx,
// slow answers and truncated pages whose cursor still works, triggered by counting each fault's
// matching requests (never the clock), so the same request sequence meets the same faults.
import { Client } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRUNCATED_PAGE_SIZE } from '../../../simulator/fakes/shared/api-faults.ts';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { at, datadogFetch, kubernetesFetch, pagerdutyGet, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
const slack = { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret };

beforeAll(async () => {
  sim = await startSimulator({
    pagerdutyWebhookSecret: SECRETS.webhook,
    slack,
    apiFaults: [
      { api: 'datadog', kind: 'rate_limit', path: '^/api/v1/query', afterRequests: 1, count: 2, retryAfterSeconds: 7 },
      { api: 'kubernetes', kind: 'server_error', status: 503, count: 1 },
      { api: 'pagerduty', kind: 'slow', delayMs: 300, count: 1 },
      { api: 'opensearch', kind: 'truncated_page', path: '_search' },
      { api: 'datadog', kind: 'truncated_page', path: '^/api/v2/logs' },
    ],
  });
});
afterAll(async () => sim?.close());

const metrics = () => datadogFetch(sim, `/api/v1/query?from=${at('13:00')}&to=${at('13:30')}&query=${encodeURIComponent('avg:container.cpu.utilization{service:checkout-api}')}`);

describe('scenario API faults', () => {
  it('rate-limits the matching Datadog requests after the first, with Retry-After and X-RateLimit headers', async () => {
    expect((await metrics()).status).toBe(200);
    // Another path is neither limited nor counted.
    expect((await datadogFetch(sim, '/api/v1/validate')).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const limited = await metrics();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(limited.headers.get('x-ratelimit-reset')).toBe('7');
      expect(await limited.json()).toEqual({ errors: ['Too many requests'] });
    }
    expect((await metrics()).status).toBe(200);
  });

  it('fails one Kubernetes request with a 503 Status, then serves', async () => {
    const failed = await kubernetesFetch(sim, '/api/v1/pods');
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
    expect((await kubernetesFetch(sim, '/api/v1/pods')).status).toBe(200);
  });

  it('slows a PagerDuty answer by a real delay', async () => {
    const started = performance.now();
    const response = await pagerdutyGet(sim, '/services');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const again = performance.now();
    await pagerdutyGet(sim, '/services');
    expect(performance.now() - again).toBeLessThan(250);
  });

  it('truncates pages but keeps totals and cursors working', async () => {
    const client = new Client({ node: sim.urls.opensearch, auth: { username: DEFAULT_CREDENTIALS.opensearchUsername, password: DEFAULT_CREDENTIALS.opensearchPassword } });
    const query = { term: { 'service.name': 'inventory-service' } };
    const sort = [{ '@timestamp': 'asc' }, { _id: 'asc' }];
    const first = (await client.search({ index: 'logs-*', body: { size: 50, query, sort, track_total_hits: true } } as never)).body as unknown as { hits: { total: { value: number }; hits: { _id: string; sort: unknown[] }[] } };
    expect(first.hits.hits).toHaveLength(TRUNCATED_PAGE_SIZE);
    expect(first.hits.total.value).toBeGreaterThan(50);
    const next = (await client.search({ index: 'logs-*', body: { size: 50, query, sort, search_after: first.hits.hits.at(-1)!.sort } } as never)).body as unknown as { hits: { hits: { _id: string }[] } };
    expect(next.hits.hits).toHaveLength(TRUNCATED_PAGE_SIZE);
    expect(next.hits.hits.map((hit) => hit._id)).not.toContain(first.hits.hits[0]!._id);
    await client.close();

    const request = { filter: { query: 'service:inventory-service', from: '2026-11-20T13:00:00Z', to: 'now' }, sort: 'timestamp', page: { limit: 100 } };
    const page = (await (await datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify(request) })).json()) as { data: { id: string }[]; meta: { page?: { after: string } } };
    expect(page.data).toHaveLength(TRUNCATED_PAGE_SIZE);
    expect(page.meta.page?.after).toBeDefined();
    const following = (await (await datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ ...request, page: { limit: 100, cursor: page.meta.page!.after } }) })).json()) as { data: { id: string }[] };
    expect(following.data.map((log) => log.id)).not.toContain(page.data[0]!.id);
  });

  it('meets the same faults for the same request sequence on a fresh simulator', async () => {
    const twin = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack, apiFaults: [{ api: 'datadog', kind: 'server_error', afterRequests: 2, count: 1 }] });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await datadogFetch(twin, '/api/v1/validate')).status);
      expect(statuses).toEqual([200, 200, 500, 200]);
    } finally {
      await twin.close();
    }
  });

  it('rejects a malformed fault, naming the field', async () => {
    await expect(startSimulator({ pagerdutyWebhookSecret: 'x', slack, apiFaults: [{ api: 'datadog', kind: 'meltdown' as never }] })).rejects.toThrow(/apiFaults\.0\.kind/);
    await expect(startSimulator({ pagerdutyWebhookSecret: 'x', slack, apiFaults: [{ api: 'datadog', kind: 'slow', path: '([' }] })).rejects.toThrow(/apiFaults\.0\.path: a valid regular expression/);
  });
});
