// The OpenSearch fake driven by the official @opensearch-project/opensearch client, as the product
// would configure it for a real cluster (node URL and basic-auth credentials only).
import { Client, errors } from '@opensearch-project/opensearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
let client: Client;
const INDEX = 'logs-prod-2026.11.20';

interface Hit {
  _index: string;
  _id: string;
  _source: Record<string, any>;
  sort?: unknown[];
}
interface SearchBody {
  hits: { total?: { value: number; relation: string }; hits: Hit[] };
  aggregations?: Record<string, any>;
}

beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
  client = new Client({ node: sim.urls.opensearch, auth: { username: DEFAULT_CREDENTIALS.opensearchUsername, password: DEFAULT_CREDENTIALS.opensearchPassword } });
});
afterAll(async () => {
  await client?.close();
  await sim?.close();
});

async function search(index: string | undefined, body: Record<string, unknown>): Promise<SearchBody> {
  const response = await client.search({ ...(index ? { index } : {}), body } as never);
  return response.body as unknown as SearchBody;
}

describe('OpenSearch fake through the official client', () => {
  it('answers cluster info and lists the daily log index', async () => {
    const info = await client.info();
    expect(info.body.version.distribution).toBe('opensearch');
    const indices = await client.cat.indices({ format: 'json' });
    expect((indices.body as unknown as { index: string }[]).map((row) => row.index)).toContain(INDEX);
  });

  it('finds the root service\'s exception by match_phrase, in a time range, newest first', async () => {
    const body = await search('logs-*', {
      size: 5,
      sort: [{ '@timestamp': { order: 'desc' } }],
      track_total_hits: true,
      query: {
        bool: {
          filter: [{ term: { 'service.name': 'inventory-service' } }, { range: { '@timestamp': { gte: '2026-11-20T13:20:00Z', lte: 'now' } } }],
          must: [{ match_phrase: { message: "KeyError: 'warehouse_id'" } }],
        },
      },
    });
    expect(body.hits.total?.relation).toBe('eq');
    expect(body.hits.total?.value).toBeGreaterThan(5);
    expect(body.hits.hits).toHaveLength(5);
    const times = body.hits.hits.map((hit) => Date.parse(hit._source['@timestamp']));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    for (const hit of body.hits.hits) {
      expect(hit._index).toBe(INDEX);
      expect(hit._source.service.name).toBe('inventory-service');
      expect(hit._source.log.level).toBe('ERROR');
      expect(hit._source.kubernetes.pod.name).toMatch(/^inventory-service-/);
      expect(hit._source.message).toContain('warehouse_id');
      expect(Date.parse(hit._source['@timestamp'])).toBeGreaterThanOrEqual(Date.parse('2026-11-20T13:20:00Z'));
    }
    // Nothing of the sort before the release.
    const before = await search(INDEX, { query: { bool: { filter: [{ range: { '@timestamp': { lt: '2026-11-20T13:20:00Z' } } }], must: [{ match_phrase: { message: 'warehouse_id' } }] } } });
    expect(before.hits.total?.value).toBe(0);
  });

  it('pages with search_after without gaps or repeats, and with from/size', async () => {
    const query = { bool: { filter: [{ terms: { 'service.name': ['checkout-api', 'cart-service'] } }, { range: { '@timestamp': { gte: 1795180800000, lt: 1795181400000, format: 'epoch_millis' } } }] } };
    const all = await search(INDEX, { size: 1000, query, sort: [{ '@timestamp': 'asc' }, { _id: 'asc' }] });
    expect(all.hits.hits.length).toBeGreaterThan(10);
    const paged: string[] = [];
    let after: unknown[] | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await search(INDEX, { size: 7, query, sort: [{ '@timestamp': 'asc' }, { _id: 'asc' }], ...(after ? { search_after: after } : {}) });
      if (page.hits.hits.length === 0) break;
      paged.push(...page.hits.hits.map((hit) => hit._id));
      after = page.hits.hits.at(-1)?.sort;
    }
    expect(paged).toEqual(all.hits.hits.map((hit) => hit._id));
    const second = await search(INDEX, { from: 7, size: 7, query, sort: [{ '@timestamp': 'asc' }, { _id: 'asc' }] });
    expect(second.hits.hits.map((hit) => hit._id)).toEqual(paged.slice(7, 14));
  });

  it('understands query_string and ?q= basics', async () => {
    const viaDsl = await search('logs-prod-*', { size: 0, track_total_hits: true, query: { query_string: { query: 'service.name:inventory-service AND log.level:ERROR AND "warehouse_id"' } } });
    const negated = await search('logs-prod-*', { size: 0, track_total_hits: true, query: { query_string: { query: 'service.name:inventory-service AND NOT log.level:ERROR' } } });
    const all = await search('logs-prod-*', { size: 0, track_total_hits: true, query: { query_string: { query: 'service.name:inventory-service' } } });
    expect(viaDsl.hits.total?.value).toBeGreaterThan(0);
    expect(negated.hits.total?.value).toBeGreaterThan(0);
    expect(viaDsl.hits.total!.value + negated.hits.total!.value).toBeLessThanOrEqual(all.hits.total!.value);
    const errorsOnly = await search(INDEX, { size: 0, track_total_hits: true, query: { query_string: { query: 'service.name:inventory-service AND log.level:ERROR' } } });
    const response = await client.search({ index: INDEX, q: 'service.name:inventory-service AND log.level:ERROR', size: 1, track_total_hits: true } as never);
    expect((response.body as unknown as SearchBody).hits.total?.value).toBe(errorsOnly.hits.total?.value);
    expect(errorsOnly.hits.total?.value).toBeGreaterThanOrEqual(viaDsl.hits.total!.value);
  });

  it('aggregates errors per service and per minute, nested one level', async () => {
    const body = await search('logs-*', {
      size: 0,
      query: { bool: { filter: [{ term: { 'log.level': 'ERROR' } }, { range: { '@timestamp': { gte: 'now-15m' } } }] } },
      aggs: { services: { terms: { field: 'service.name', size: 3, order: { _count: 'desc' } }, aggs: { per_minute: { date_histogram: { field: '@timestamp', fixed_interval: '1m' } } } } },
    });
    const buckets = body.aggregations?.services.buckets as { key: string; doc_count: number; per_minute: { buckets: { doc_count: number; key: number }[] } }[];
    expect(buckets.length).toBeGreaterThan(0);
    expect(buckets.length).toBeLessThanOrEqual(3);
    expect(buckets.map((bucket) => bucket.key)).toContain('inventory-service');
    for (let i = 1; i < buckets.length; i++) expect(buckets[i - 1]!.doc_count).toBeGreaterThanOrEqual(buckets[i]!.doc_count);
    for (const bucket of buckets) {
      expect(bucket.per_minute.buckets.reduce((sum, minute) => sum + minute.doc_count, 0)).toBe(bucket.doc_count);
      for (const minute of bucket.per_minute.buckets) expect(minute.key % 60_000).toBe(0);
    }
  });

  it('counts, and reports bad queries and unknown indices as OpenSearch errors', async () => {
    const counted = await client.count({ index: INDEX, body: { query: { term: { 'service.name': 'inventory-service' } } } } as never);
    expect((counted.body as { count: number }).count).toBeGreaterThan(0);
    const missing = (await client.search({ index: 'no-such-index', body: { query: { match_all: {} } } } as never).catch((e: unknown) => e)) as InstanceType<typeof errors.ResponseError>;
    expect(missing).toBeInstanceOf(errors.ResponseError);
    expect(missing.meta.statusCode).toBe(404);
    expect((missing.meta.body as { error: { type: string } }).error.type).toBe('index_not_found_exception');
    const bad = (await client.search({ index: INDEX, body: { query: { no_such_query: {} } } } as never).catch((e: unknown) => e)) as InstanceType<typeof errors.ResponseError>;
    expect(bad.meta.statusCode).toBe(400);
    expect((bad.meta.body as { error: { type: string; reason: string } }).error).toMatchObject({ type: 'parsing_exception', reason: 'unknown query [no_such_query]' });
    const unauthorized = new Client({ node: sim.urls.opensearch, auth: { username: 'x', password: 'y' } });
    const denied = (await unauthorized.info().catch((e: unknown) => e)) as InstanceType<typeof errors.ResponseError>;
    expect(denied.meta.statusCode).toBe(401);
    await unauthorized.close();
  });
});
