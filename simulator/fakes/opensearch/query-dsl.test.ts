import { describe, expect, it } from 'vitest';
import { runAggregations } from './aggregations.ts';
import { compileQuery, QueryDslError, type DocFields } from './query-dsl.ts';
import { compileQueryString } from './query-string.ts';

const NOW = Date.parse('2026-11-20T13:35:00Z');
const doc = (fields: Record<string, string | number>): DocFields => new Map(Object.entries(fields));
const DOCS = [
  doc({ '@timestamp': NOW - 30 * 60_000, message: 'GET /api/v1/carts 200 12ms', 'log.level': 'INFO', 'service.name': 'cart-service', 'http.response.status_code': 200 }),
  doc({ '@timestamp': NOW - 10 * 60_000, message: "KeyError: 'warehouse_id' in allocate", 'log.level': 'ERROR', 'service.name': 'inventory-service', 'http.response.status_code': 500, 'trace.id': 'abc' }),
  doc({ '@timestamp': NOW - 9 * 60_000, message: 'upstream inventory-service returned 500', 'log.level': 'ERROR', 'service.name': 'checkout-api', 'http.response.status_code': 502 }),
  doc({ '@timestamp': NOW - 2 * 60_000, message: 'warehouse lookup slow', 'log.level': 'WARN', 'service.name': 'inventory-service' }),
];
const hits = (query: unknown) => DOCS.map((d, i) => (compileQuery(query, NOW)(d) ? i : -1)).filter((i) => i >= 0);
const qs = (query: string, defaultOperator: 'and' | 'or' = 'or') => {
  const predicate = compileQueryString(query, { defaultFields: ['message'], defaultOperator, now: NOW });
  return DOCS.map((d, i) => (predicate(d) ? i : -1)).filter((i) => i >= 0);
};

describe('compileQuery', () => {
  it('matches text fields by tokens and keyword fields by whole value', () => {
    expect(hits({ match: { message: 'warehouse' } })).toEqual([3]);
    expect(hits({ match: { message: { query: 'inventory 500', operator: 'and' } } })).toEqual([2]);
    expect(hits({ match: { message: 'inventory 500' } })).toEqual([2]);
    expect(hits({ term: { 'service.name': 'inventory' } })).toEqual([]);
    expect(hits({ term: { 'service.name': 'inventory-service' } })).toEqual([1, 3]);
    expect(hits({ term: { 'service.name.keyword': 'inventory-service' } })).toEqual([1, 3]);
    expect(hits({ terms: { 'log.level': ['ERROR', 'WARN'] } })).toEqual([1, 2, 3]);
  });

  it('keeps word order for match_phrase', () => {
    expect(hits({ match_phrase: { message: 'returned 500' } })).toEqual([2]);
    expect(hits({ match_phrase: { message: '500 returned' } })).toEqual([]);
    expect(hits({ match_phrase: { message: "KeyError: 'warehouse_id'" } })).toEqual([1]);
  });

  it('combines bool clauses with minimum_should_match', () => {
    const should = [{ term: { 'log.level': 'ERROR' } }, { match: { message: 'warehouse' } }, { term: { 'service.name': 'inventory-service' } }];
    expect(hits({ bool: { should } })).toEqual([1, 2, 3]);
    expect(hits({ bool: { should, minimum_should_match: 2 } })).toEqual([1, 3]);
    expect(hits({ bool: { should, minimum_should_match: '100%' } })).toEqual([]);
    expect(hits({ bool: { filter: { term: { 'log.level': 'ERROR' } }, must_not: [{ term: { 'service.name': 'checkout-api' } }] } })).toEqual([1]);
    // With a must clause, should only scores unless minimum_should_match says otherwise.
    expect(hits({ bool: { must: { exists: { field: 'trace.id' } }, should: [{ term: { 'log.level': 'INFO' } }] } })).toEqual([1]);
  });

  it('reads ranges as ISO dates, epoch millis and date math on now, and numbers', () => {
    expect(hits({ range: { '@timestamp': { gte: 'now-15m' } } })).toEqual([1, 2, 3]);
    expect(hits({ range: { '@timestamp': { gt: NOW - 10 * 60_000, format: 'epoch_millis' } } })).toEqual([2, 3]);
    expect(hits({ range: { '@timestamp': { gte: '2026-11-20T13:25:00Z', lt: '2026-11-20T13:30:00Z' } } })).toEqual([1, 2]);
    expect(hits({ range: { 'http.response.status_code': { gte: 500 } } })).toEqual([1, 2]);
    expect(() => hits({ range: { '@timestamp': { gte: 'yesterday-ish' } } })).toThrow(QueryDslError);
  });

  it('rejects unknown queries and malformed clauses with OpenSearch error types', () => {
    const error = (() => {
      try {
        compileQuery({ fuzzy_thing: {} }, NOW);
      } catch (e) {
        return e as QueryDslError;
      }
      return undefined;
    })();
    expect(error?.type).toBe('parsing_exception');
    expect(error?.message).toBe('unknown query [fuzzy_thing]');
    expect(() => compileQuery({ bool: { must: [], shoud: [] } }, NOW)).toThrow('[bool] query does not support [shoud]');
    expect(() => compileQuery({ match: { a: 1 }, term: { b: 2 } }, NOW)).toThrow(QueryDslError);
  });
});

describe('query_string', () => {
  it('handles fields, phrases, boolean operators and the default operator', () => {
    expect(qs('log.level:ERROR')).toEqual([1, 2]);
    expect(qs('log.level:ERROR AND NOT service.name:checkout-api')).toEqual([1]);
    expect(qs('"returned 500" OR warehouse')).toEqual([2, 3]);
    expect(qs('warehouse slow')).toEqual([3]);
    expect(qs('warehouse lookup', 'and')).toEqual([3]);
    expect(qs('+log.level:ERROR -service.name:inventory-service')).toEqual([2]);
    expect(qs('service.name:(cart-service OR checkout-api)')).toEqual([0, 2]);
    expect(qs('http.response.status_code:[500 TO 599]')).toEqual([1, 2]);
    expect(qs('http.response.status_code:>=502')).toEqual([2]);
    expect(qs('_exists_:trace.id')).toEqual([1]);
    expect(qs('service.name:inventory*')).toEqual([1, 3]);
  });

  it('fails on unbalanced input', () => {
    expect(() => qs('(log.level:ERROR')).toThrow("missing ')'");
    expect(() => qs('"open phrase')).toThrow('unterminated quoted phrase');
  });
});

describe('aggregations', () => {
  it('terms: size, order by count, the rest counted in sum_other_doc_count', () => {
    const out = runAggregations({ by: { terms: { field: 'service.name', size: 1 } } }, DOCS, NOW) as { by: { buckets: { key: string; doc_count: number }[]; sum_other_doc_count: number } };
    expect(out.by.buckets).toEqual([{ key: 'inventory-service', doc_count: 2 }]);
    expect(out.by.sum_other_doc_count).toBe(2);
    const byKey = runAggregations({ by: { terms: { field: 'log.level', order: { _key: 'asc' } } } }, DOCS, NOW) as { by: { buckets: { key: string }[] } };
    expect(byKey.by.buckets.map((b) => b.key)).toEqual(['ERROR', 'INFO', 'WARN']);
    expect(() => runAggregations({ by: { terms: { field: 'message' } } }, DOCS, NOW)).toThrow(/Text fields are not optimised/);
  });

  it('date_histogram fills empty buckets between the first and last, and nests', () => {
    const out = runAggregations({ t: { date_histogram: { field: '@timestamp', fixed_interval: '10m' }, aggs: { levels: { terms: { field: 'log.level' } } } } }, DOCS, NOW) as {
      t: { buckets: { key: number; key_as_string: string; doc_count: number; levels: { buckets: { key: string; doc_count: number }[] } }[] };
    };
    const counts = out.t.buckets.map((b) => b.doc_count);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(out.t.buckets.every((b, i) => i === 0 || b.key - out.t.buckets[i - 1]!.key === 600_000)).toBe(true);
    expect(counts).toContain(0);
    for (const bucket of out.t.buckets) expect(bucket.levels.buckets.reduce((a, b) => a + b.doc_count, 0)).toBe(bucket.doc_count);
    const hourly = runAggregations({ t: { date_histogram: { field: '@timestamp', calendar_interval: 'hour' } } }, DOCS, NOW) as { t: { buckets: unknown[] } };
    expect(hourly.t.buckets).toHaveLength(1);
    expect(() => runAggregations({ t: { date_histogram: { field: '@timestamp', fixed_interval: '1 minute' } } }, DOCS, NOW)).toThrow(/time value/);
    expect(() => runAggregations({ t: { percentiles_bucket: {} } }, DOCS, NOW)).toThrow('Unknown aggregation type [percentiles_bucket]');
  });
});
