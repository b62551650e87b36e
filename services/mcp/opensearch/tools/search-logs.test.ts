import { describe, expect, it } from 'vitest';
import { normalizeOpenSearchError } from '../client.ts';
import { discoverQuery, hitsOf, levelTerms, logFilter } from './log-query.ts';
import { describeCall, SearchLogsInputSchema, summarize, toLog } from './search-logs.ts';

const input = SearchLogsInputSchema.parse({ service: 'inventory-service', window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' } });

// Documents as Fluent Bit / Data Prepper write them (ECS fields), in a _search response.
function hit(ts: string, level: string, message: string, sort = Date.parse(ts)) {
  return { _index: 'logs-prod-2026.11.20', _id: `id${sort}`, _score: null, _source: { '@timestamp': ts, message, log: { level }, service: { name: 'inventory-service' } }, sort: [sort] };
}
const body = {
  took: 5,
  timed_out: false,
  _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
  hits: {
    total: { value: 3, relation: 'eq' },
    max_score: null,
    hits: [
      hit('2026-11-20T13:25:00.000Z', 'ERROR', "Exception on /v1/reservations [POST] | KeyError: 'warehouse_id'"),
      hit('2026-11-20T13:21:00.000Z', 'ERROR', "Exception on /v1/reservations [POST] | KeyError: 'warehouse_id'"),
      hit('2026-11-20T13:02:00.000Z', 'WARNING', 'slow query took 1200ms for jane@example.com'),
    ],
  },
  aggregations: { levels: { doc_count_error_upper_bound: 0, sum_other_doc_count: 0, buckets: [{ key: 'ERROR', doc_count: 2 }, { key: 'WARNING', doc_count: 1 }] } },
};

describe('query', () => {
  it('filters on service, window and the spellings of each level, with the text as a phrase', () => {
    const query = logFilter({ ...input, levels: ['warn'], text: 'connection reset' }) as { bool: { filter: unknown[]; must: unknown[] } };
    expect(query.bool.filter).toEqual([
      { term: { 'service.name': 'inventory-service' } },
      { range: { '@timestamp': { gte: '2026-11-20T13:00:00Z', lte: '2026-11-20T13:35:00Z', format: 'strict_date_optional_time' } } },
      { terms: { 'log.level': ['warn', 'WARN', 'Warn', 'warning', 'WARNING', 'Warning'] } },
    ]);
    expect(query.bool.must).toEqual([{ match_phrase: { message: 'connection reset' } }]);
    expect(levelTerms(['error'])).toContain('FATAL');
    expect(discoverQuery(input)).toBe('service.name:"inventory-service" AND log.level:(error OR warn)');
  });
});

describe('reading a response', () => {
  it('reads hits, totals and documents with nested or flat fields', () => {
    const { hits, total } = hitsOf(body);
    expect(total).toBe(3);
    expect(hits).toHaveLength(3);
    expect(toLog(hits[0]!.source)).toEqual({ timestampMs: Date.parse('2026-11-20T13:25:00Z'), level: 'ERROR', message: "Exception on /v1/reservations [POST] | KeyError: 'warehouse_id'" });
    expect(toLog({ '@timestamp': '2026-11-20T13:25:00Z', 'log.level': 'info', message: 'flat' })!.level).toBe('info');
    expect(toLog({ message: 'no time' })).toBeUndefined();
  });

  it('turns client errors into the shape the vendor-error mapping reads', () => {
    const responseError = { name: 'ResponseError', statusCode: 404, body: { error: { type: 'index_not_found_exception', reason: 'no such index [logs-x]' }, status: 404 }, headers: {} };
    expect(normalizeOpenSearchError(responseError)).toEqual({ code: 404, body: { message: 'no such index [logs-x]' }, headers: {} });
    expect(normalizeOpenSearchError({ name: 'ConnectionError', message: 'connect ECONNREFUSED 127.0.0.1:9200' })).toMatchObject({ cause: { code: 'ECONNREFUSED' } });
  });
});

describe('summarize', () => {
  const logs = hitsOf(body).hits.map((h) => toLog(h.source)!);

  it('groups signatures with onset, and takes level counts from the aggregation', () => {
    const out = summarize({ logs, matched: 3, levelCounts: { error: 2, warn: 1 }, more: false }, input, 'logs-*');
    expect(out.status).toBe('ok');
    expect(out.signatures[0]).toMatchObject({ level: 'error', count: 2, firstSeen: '2026-11-20T13:21:00Z', lastSeen: '2026-11-20T13:25:00Z' });
    expect(out.onsetAt).toBe('2026-11-20T13:21:00Z');
    expect(out.levelCounts).toEqual({ error: 2, warn: 1 });
    expect(out.signatures[1]!.sample).not.toContain('jane@example.com');
  });

  it('says counts are lower bounds when the scan stopped early', () => {
    const out = summarize({ logs, matched: 9000, levelCounts: undefined, more: true }, input, 'logs-*');
    expect(out.truncated).toBe(true);
    expect(out.hints[0]).toContain('of 9000 documents');
    expect(out.levelCounts).toEqual({ error: 2, warn: 1 });
  });

  it('is no_data with hints naming the index and the query', () => {
    const out = summarize({ logs: [], matched: 0, levelCounts: undefined, more: false }, input, 'logs-*');
    expect(out.status).toBe('no_data');
    expect(out.hints[0]).toContain('logs-*');
    expect(out.hints[1]).toContain('OPENSEARCH_INDEX');
  });

  it('describes a call in one line', () => {
    expect(describeCall({ ...input, text: 'timeout' })).toBe('OpenSearch error/warn logs for inventory-service matching "timeout", 2026-11-20 13:00-13:35Z');
  });
});
