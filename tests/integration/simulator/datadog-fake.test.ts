// The official Datadog client reads the fake's metrics and logs as it would the real API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, v2 } from '@datadog/datadog-api-client';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { at, datadogApis, datadogFetch, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
});
afterAll(async () => sim?.close());

describe('Datadog metrics through MetricsApi.queryMetrics', () => {
  it('returns one point per minute of errors that jump when 2.14.0 rolls out', async () => {
    const { metrics } = datadogApis(sim);
    const response = await metrics.queryMetrics({ from: at('13:00'), to: at('13:35'), query: 'sum:trace.http.request.errors{service:inventory-service}.as_count()' });
    expect(response.status).toBe('ok');
    expect(response.series).toHaveLength(1);
    const series = response.series![0]!;
    expect(series.metric).toBe('trace.http.request.errors');
    expect(series.scope).toBe('service:inventory-service');
    expect(series.interval).toBe(60);
    const points = series.pointlist!.map(([t, v]) => [t, v] as [number, number]);
    expect(points).toHaveLength(35);
    expect(points.every(([t], i) => i === 0 || t - points[i - 1]![0] === 60_000)).toBe(true);
    const before = points.find(([t]) => t === at('13:10') * 1000)![1];
    const after = points.find(([t]) => t === at('13:25') * 1000)![1];
    expect(after).toBeGreaterThan(50 * Math.max(before, 1));
  });

  it('splits by version so the bad release stands out', async () => {
    const { metrics } = datadogApis(sim);
    const query = 'sum:trace.http.request.errors{service:inventory-service} by {version}.as_count(),sum:trace.http.request.hits{service:inventory-service} by {version}.as_count()';
    const response = await metrics.queryMetrics({ from: at('13:25'), to: at('13:30'), query });
    const byKey = new Map(response.series!.map((s) => [`${s.queryIndex}|${s.tagSet!.join(',')}`, s.pointlist!.reduce((sum, p) => sum + (p[1] ?? 0), 0)]));
    expect(byKey.get('0|version:2.14.0')! / byKey.get('1|version:2.14.0')!).toBeGreaterThan(0.3);
    expect(byKey.has('0|version:2.13.4')).toBe(false);
    expect(response.groupBy).toEqual(['version']);
  });

  it('serves latency in seconds, CPU per pod, and nothing after virtual now', async () => {
    const { metrics } = datadogApis(sim);
    const latency = await metrics.queryMetrics({ from: at('13:00'), to: at('14:30'), query: 'avg:trace.http.request.duration.by.service.99p{service:checkout-api}' });
    const points = latency.series![0]!.pointlist!;
    expect(points[points.length - 1]![0]).toBe(at('13:34') * 1000);
    expect(points[0]![1]).toBeLessThan(1);
    expect(points[points.length - 1]![1]).toBeGreaterThan(1);
    const cpu = await metrics.queryMetrics({ from: at('13:30'), to: at('13:35'), query: 'avg:container.cpu.utilization{service:inventory-service} by {pod_name}' });
    expect(cpu.series!.map((s) => s.tagSet![0])).toEqual(expect.arrayContaining([expect.stringMatching(/^pod_name:inventory-service-[a-z0-9]{9,10}-[a-z0-9]{5}$/)]));
    expect(cpu.series).toHaveLength(3);
  });

  it('answers an unknown metric with no series and a malformed query with 400', async () => {
    const { metrics } = datadogApis(sim);
    const unknown = await metrics.queryMetrics({ from: at('13:00'), to: at('13:30'), query: 'avg:does.not.exist{service:checkout-api}' });
    expect(unknown.series).toEqual([]);
    const error = await metrics.queryMetrics({ from: at('13:00'), to: at('13:30'), query: 'sum:trace.http.request.hits{service:checkout-api' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(client.ApiException);
    expect((error as client.ApiException<{ errors: string[] }>).code).toBe(400);
    expect((error as client.ApiException<{ errors: string[] }>).body.errors[0]).toMatch(/^Error parsing query: /);
  });

  it('rejects requests without both keys with 403 Forbidden', async () => {
    const { metrics } = datadogApis(sim, { appKey: 'wrong' });
    const error = (await metrics.queryMetrics({ from: at('13:00'), to: at('13:30'), query: 'avg:container.cpu.utilization{*}' }).catch((e: unknown) => e)) as client.ApiException<{ errors: string[] }>;
    expect(error.code).toBe(403);
    expect(error.body).toEqual({ errors: ['Forbidden'] });
    const bare = await fetch(`${sim.urls.datadog}/api/v1/query?from=1&to=2&query=a{*}`);
    expect(bare.status).toBe(403);
  });
});

describe('Datadog logs through LogsApi.listLogs', () => {
  it('finds the Python traceback on inventory-service pods running 2.14.0', async () => {
    const { logs } = datadogApis(sim);
    const response = await logs.listLogs({
      body: { filter: { query: 'service:inventory-service status:error KeyError', from: '2026-11-20T13:00:00Z', to: 'now' }, sort: '-timestamp', page: { limit: 50 } },
    });
    expect(response.data!.length).toBe(50);
    for (const entry of response.data!) {
      const attributes = entry.attributes!;
      expect(entry.type).toBe('log');
      expect(attributes.service).toBe('inventory-service');
      expect(attributes.status).toBe('error');
      expect(attributes.message).toContain("KeyError: 'warehouse_id'");
      expect(attributes.tags).toContain('version:2.14.0');
      expect(attributes.timestamp!.getTime()).toBeLessThan(Date.parse('2026-11-20T13:35:00Z'));
      expect(attributes.host).toMatch(/^ip-10-42-\d+-\d+\.ec2\.internal$/);
    }
    const times = response.data!.map((entry) => entry.attributes!.timestamp!.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(response.meta!.page!.after).toBeTruthy();
    expect(response.links!.next).toContain('/api/v2/logs/events?');
  });

  it('pages through results with the cursor without gaps or repeats', async () => {
    const { logs } = datadogApis(sim);
    const filter = { query: 'service:checkout-api', from: '2026-11-20T13:15:00Z', to: '2026-11-20T13:25:00Z' };
    const whole = await logs.listLogs({ body: { filter, sort: 'timestamp' as v2.LogsSort, page: { limit: 1000 } } });
    const ids: string[] = [];
    for await (const entry of logs.listLogsWithPagination({ body: { filter, sort: 'timestamp' as v2.LogsSort, page: { limit: 7 } } })) ids.push(entry.id!);
    expect(ids.length).toBeGreaterThan(30);
    expect(ids).toEqual(whole.data!.map((entry) => entry.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves the next page at links.next, as the GET list endpoint', async () => {
    const { logs } = datadogApis(sim);
    const body = { filter: { query: 'service:storefront-web status:error', from: 'now-10m', to: 'now' }, sort: '-timestamp' as v2.LogsSort, page: { limit: 5 } };
    const first = await logs.listLogs({ body });
    const viaCursor = await logs.listLogs({ body: { ...body, page: { limit: 5, cursor: first.meta!.page!.after! } } });
    const viaLink = await datadogFetch(sim, first.links!.next!.slice(sim.urls.datadog.length));
    expect(viaLink.status).toBe(200);
    expect(((await viaLink.json()) as { data: { id: string }[] }).data.map((entry) => entry.id)).toEqual(viaCursor.data!.map((entry) => entry.id));
  });

  it('accepts relative times, status groups and negation', async () => {
    const { logs } = datadogApis(sim);
    const response = await logs.listLogs({ body: { filter: { query: 'service:cart-service status:(error OR warn) -inventory', from: 'now-30m', to: 'now' }, page: { limit: 200 } } });
    expect(response.data!.length).toBeGreaterThan(10);
    const statuses = new Set(response.data!.map((entry) => entry.attributes!.status));
    expect([...statuses].every((status) => status === 'error' || status === 'warn')).toBe(true);
    expect(response.data!.some((entry) => entry.attributes!.message!.includes('slow session-cache lookup'))).toBe(true);
    expect(response.data!.some((entry) => /inventory/i.test(entry.attributes!.message!))).toBe(false);
    const times = response.data!.map((entry) => entry.attributes!.timestamp!.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2026-11-20T13:05:00Z'));
  });

  it('joins errors across services by trace id', async () => {
    const { logs } = datadogApis(sim);
    const checkout = await logs.listLogs({ body: { filter: { query: 'service:checkout-api status:error "inventory-service.prod.svc.cluster.local"', from: 'now-10m', to: 'now' }, page: { limit: 100 } } });
    const traced = checkout.data!.map((entry) => (entry.attributes!.attributes as { trace_id?: string }).trace_id).filter(Boolean);
    let joined = 0;
    for (const traceId of traced.slice(0, 10)) {
      const root = await logs.listLogs({ body: { filter: { query: `trace_id:${traceId} service:inventory-service`, from: 'now-15m', to: 'now' } } });
      joined += root.data!.length;
    }
    expect(joined).toBeGreaterThan(0);
  });

  it('rejects a malformed search query and a page limit over 1000 with 400', async () => {
    const bad = await datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ filter: { query: 'status:(error' } }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: string[] }).errors[0]).toMatch(/^Error parsing query: /);
    const tooMany = await datadogFetch(sim, '/api/v2/logs/events/search', { method: 'POST', body: JSON.stringify({ page: { limit: 5000 } }) });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { errors: string[] }).errors[0]).toContain('page.limit');
  });
});
