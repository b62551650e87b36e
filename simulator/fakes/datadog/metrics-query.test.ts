import { describe, expect, it } from 'vitest';
import { matchesScope, MetricQueryError, parseMetricsQuery, scopeText } from './metrics-query.ts';

describe('parseMetricsQuery', () => {
  it('reads aggregator, metric, scope, group by and modifier', () => {
    const [query] = parseMetricsQuery('sum:trace.http.request.errors{service:inventory-service,env:prod} by {version}.as_count()');
    expect(query).toEqual({
      text: 'sum:trace.http.request.errors{service:inventory-service,env:prod} by {version}.as_count()',
      aggregator: 'sum',
      metric: 'trace.http.request.errors',
      filters: [
        { key: 'service', value: 'inventory-service', negated: false },
        { key: 'env', value: 'prod', negated: false },
      ],
      groupBy: ['version'],
      modifier: 'as_count',
    });
  });

  it('accepts the modifier before the group by, a rollup, and a bare metric with {*}', () => {
    expect(parseMetricsQuery('sum:trace.http.request.hits{*}.as_rate() by {service}')[0]).toMatchObject({ modifier: 'as_rate', groupBy: ['service'], filters: [] });
    expect(parseMetricsQuery('avg:container.cpu.utilization{service:a}.rollup(avg, 60)')[0]).toMatchObject({ metric: 'container.cpu.utilization', modifier: undefined });
    expect(parseMetricsQuery('system.cpu.idle{*}')[0]).toMatchObject({ aggregator: undefined, metric: 'system.cpu.idle' });
  });

  it('splits several queries on top-level commas only', () => {
    const queries = parseMetricsQuery('sum:a.b{service:x,env:prod}.as_count(), sum:c.d{service:x}.as_count()');
    expect(queries.map((q) => q.metric)).toEqual(['a.b', 'c.d']);
    expect(queries[0]!.filters).toHaveLength(2);
  });

  it('reports what is wrong with a malformed query', () => {
    expect(() => parseMetricsQuery('median:a.b{*}')).toThrow(new MetricQueryError("unknown aggregator 'median' (use one of avg, sum, min, max)"));
    expect(() => parseMetricsQuery('sum:a.b{service:x')).toThrow(MetricQueryError);
    expect(() => parseMetricsQuery('sum:a.b{service}')).toThrow("invalid scope term 'service', expected tag:value");
    expect(() => parseMetricsQuery('sum:a.b{*}.as_bytes()')).toThrow("unexpected '.as_bytes()' after the scope");
    expect(() => parseMetricsQuery('')).toThrow('empty query');
  });
});

describe('matchesScope', () => {
  const tags = { service: 'inventory-service', env: 'prod', version: '2.14.0' };
  it('matches exact values, wildcards and negations', () => {
    expect(matchesScope(tags, parseMetricsQuery('a.b{service:inventory-service}')[0]!.filters)).toBe(true);
    expect(matchesScope(tags, parseMetricsQuery('a.b{service:inventory*}')[0]!.filters)).toBe(true);
    expect(matchesScope(tags, parseMetricsQuery('a.b{service:inventory-service,!version:2.14.0}')[0]!.filters)).toBe(false);
    expect(matchesScope(tags, parseMetricsQuery('a.b{pod_name:x}')[0]!.filters)).toBe(false);
  });

  it('prints scopes the way Datadog does', () => {
    expect(scopeText([], [])).toBe('*');
    expect(scopeText(parseMetricsQuery('a.b{service:x}')[0]!.filters, [['version', '1.0']])).toBe('service:x,version:1.0');
  });
});
