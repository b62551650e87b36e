// The Datadog fake's events, monitors, APM spans, metric discovery and service dependencies,
// driven by the official @datadog/datadog-api-client where it covers the endpoint.
import { client, v1, v2 } from '@datadog/datadog-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CREDENTIALS, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { servedWorld, type ServedWorld } from '../../../simulator/fakes/shared/served-world.ts';
import { contractWorld } from './contract-world.ts';
import { createWorld } from '../../../simulator/world/create-world.ts';
import { loadLibraryScenario } from '../../../simulator/world/library.ts';
import { at, datadogFetch, opensearchFetch, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
let world: ServedWorld;
let apis: { events: v1.EventsApi; eventsV2: v2.EventsApi; monitors: v1.MonitorsApi; spans: v2.SpansApi; metrics: v1.MetricsApi; metricsV2: v2.MetricsApi };

beforeAll(async () => {
  const raw = contractWorld();
  world = servedWorld(raw);
  sim = await startSimulator({ world: raw, pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
  const configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(sim.urls.datadog, {}),
    authMethods: { apiKeyAuth: DEFAULT_CREDENTIALS.datadogApiKey, appKeyAuth: DEFAULT_CREDENTIALS.datadogAppKey },
    enableRetry: false,
  });
  apis = {
    events: new v1.EventsApi(configuration),
    eventsV2: new v2.EventsApi(configuration),
    monitors: new v1.MonitorsApi(configuration),
    spans: new v2.SpansApi(configuration),
    metrics: new v1.MetricsApi(configuration),
    metricsV2: new v2.MetricsApi(configuration),
  };
});
afterAll(async () => sim?.close());

describe('Datadog events', () => {
  it('v1 lists change events and monitor transitions in the window, newest first, filtered by tags and sources', async () => {
    const all = await apis.events.listEvents({ start: at('12:00'), end: at('13:35') });
    const events = all.events ?? [];
    const changes = world.changeEvents.filter((event) => event.at <= world.clock.now);
    expect(events.length).toBeGreaterThanOrEqual(changes.length);
    const times = events.map((event) => event.dateHappened ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const deploy = changes.find((event) => event.kind === 'deploy' && event.service === 'inventory-service');
    expect(deploy).toBeDefined();
    const byService = await apis.events.listEvents({ start: at('12:00'), end: at('13:35'), tags: 'service:inventory-service' });
    expect((byService.events ?? []).every((event) => event.tags?.includes('service:inventory-service'))).toBe(true);
    expect((byService.events ?? []).some((event) => event.title === deploy!.title && event.dateHappened === Math.floor(deploy!.at / 1000))).toBe(true);
    const alerting = world.monitors.find((monitor) => monitor.service === world.scenario.alert.service);
    expect(events.some((event) => event.title === `[Triggered] ${alerting!.name}` && event.alertType === 'error')).toBe(true);
    const bySource = await apis.events.listEvents({ start: at('12:00'), end: at('13:35'), sources: deploy!.source });
    expect((bySource.events ?? []).length).toBeGreaterThan(0);
    expect((bySource.events ?? []).every((event) => event.sourceTypeName === deploy!.source)).toBe(true);
    const outside = await apis.events.listEvents({ start: at('10:00'), end: at('11:00') });
    expect(outside.events ?? []).toEqual([]);
  });

  it('v2 search pages with a cursor and matches free text and tags', async () => {
    const first = await apis.eventsV2.searchEvents({ body: { filter: { query: '*', from: '2026-11-20T12:00:00Z', to: 'now' }, page: { limit: 1 }, sort: 'timestamp' } });
    expect(first.data).toHaveLength(1);
    const seen = [first.data![0]!.id];
    let cursor = first.meta?.page?.after;
    while (cursor) {
      const next = await apis.eventsV2.searchEvents({ body: { filter: { query: '*', from: '2026-11-20T12:00:00Z', to: 'now' }, page: { limit: 1, cursor }, sort: 'timestamp' } });
      seen.push(...(next.data ?? []).map((event) => event.id));
      cursor = next.meta?.page?.after;
    }
    const everything = await apis.eventsV2.searchEvents({ body: { filter: { query: '*', from: '2026-11-20T12:00:00Z', to: 'now' }, page: { limit: 1000 }, sort: 'timestamp' } });
    expect(seen).toEqual((everything.data ?? []).map((event) => event.id));
    expect(new Set(seen).size).toBe(seen.length);
    const tagged = await apis.eventsV2.searchEvents({ body: { filter: { query: 'service:inventory-service', from: '2026-11-20T12:00:00Z', to: 'now' }, page: { limit: 100 } } });
    expect((tagged.data ?? []).length).toBeGreaterThan(0);
    expect((tagged.data ?? []).every((event) => event.attributes?.tags?.includes('service:inventory-service'))).toBe(true);
  });
});

describe('Datadog monitors', () => {
  it('lists monitors by monitor_tags and name, with the overall state at virtual now', async () => {
    const alerting = world.monitors.find((monitor) => monitor.service === world.scenario.alert.service)!;
    const listed = await apis.monitors.listMonitors({ monitorTags: `service:${alerting.service}` });
    expect(listed.map((monitor) => monitor.id)).toContain(alerting.id);
    const one = listed.find((monitor) => monitor.id === alerting.id)!;
    expect(one.overallState).toBe('Alert');
    expect(one.query).toBe(alerting.query);
    const byName = await apis.monitors.listMonitors({ name: alerting.name.slice(0, 12).toLowerCase() });
    expect(byName.map((monitor) => monitor.id)).toContain(alerting.id);
    const fetched = await apis.monitors.getMonitor({ monitorId: alerting.id });
    expect(fetched.name).toBe(alerting.name);
    const missing = (await apis.monitors.getMonitor({ monitorId: 1 }).catch((e: unknown) => e)) as client.ApiException<{ errors: string[] }>;
    expect(missing.code).toBe(404);
    expect(missing.body.errors).toEqual(['Monitor not found']);
    const all = await apis.monitors.listMonitors({});
    expect(all).toHaveLength(world.monitors.length);
  });
});

describe('Datadog APM spans', () => {
  it('searches spans by service and status, and pages with the cursor', async () => {
    const root = world.scenario.groundTruth!.rootCauseService;
    const errors = await apis.spans.listSpans({ body: { data: { type: 'search_request', attributes: { filter: { query: `service:${root} status:error`, from: '2026-11-20T13:15:00Z', to: 'now' }, page: { limit: 50 }, sort: 'timestamp' } } } });
    expect((errors.data ?? []).length).toBeGreaterThan(0);
    for (const span of errors.data ?? []) {
      expect(span.attributes?.service).toBe(root);
      expect(Date.parse(String(span.attributes?.startTimestamp?.toISOString?.() ?? span.attributes?.startTimestamp))).toBeGreaterThanOrEqual(Date.parse('2026-11-20T13:15:00Z'));
    }
    const traceId = errors.data![0]!.attributes!.traceId!;
    const trace = await apis.spans.listSpansGet({ filterQuery: `trace_id:${traceId}`, filterFrom: '2026-11-20T12:00:00Z', filterTo: 'now', pageLimit: 100 });
    expect((trace.data ?? []).length).toBeGreaterThanOrEqual(1);
    expect((trace.data ?? []).every((span) => span.attributes?.traceId === traceId)).toBe(true);
    const byStatus = await apis.spans.listSpansGet({ filterQuery: `service:${root} @http.status_code:500`, filterFrom: '2026-11-20T13:15:00Z', filterTo: 'now', pageLimit: 100 });
    expect((byStatus.data ?? []).length).toBeGreaterThan(0);

    const query = { query: 'service:checkout-api', from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:10:00Z' };
    const everything = await apis.spans.listSpans({ body: { data: { type: 'search_request', attributes: { filter: query, page: { limit: 1000 }, sort: 'timestamp' } } } });
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await apis.spans.listSpans({ body: { data: { type: 'search_request', attributes: { filter: query, page: { limit: 4, ...(cursor ? { cursor } : {}) }, sort: 'timestamp' } } } });
      ids.push(...(page.data ?? []).map((span) => span.id!));
      cursor = page.meta?.page?.after;
    } while (cursor);
    expect(ids).toEqual((everything.data ?? []).map((span) => span.id));
    expect(ids.length).toBeGreaterThan(4);
  });

  it('rejects a reversed time range the way Datadog does', async () => {
    const error = (await apis.spans.listSpans({ body: { data: { type: 'search_request', attributes: { filter: { query: '*', from: 'now', to: 'now-15m' } } } } }).catch((e: unknown) => e)) as client.ApiException<unknown>;
    expect(error.code).toBe(422);
  });
});

describe('Datadog metric discovery and service dependencies', () => {
  it('lists active metric names, per service through tag filters', async () => {
    const active = await apis.metrics.listActiveMetrics({ from: at('12:00') });
    expect(active.metrics).toContain(world.naming.metric('trace.http.request.errors', 'storefront-web'));
    const forInventory = await apis.metrics.listActiveMetrics({ from: at('12:00'), tagFilter: 'service:inventory-service' });
    expect(forInventory.metrics).toContain('container.cpu.utilization');
    expect(forInventory.metrics).not.toContain('postgresql.connections');
    const v2List = await apis.metricsV2.listTagConfigurations({ filterTags: 'service:orders-db' });
    expect((v2List.data ?? []).map((metric) => (metric as { id?: string }).id)).toContain('postgresql.connections');
  });

  it('serves the service dependency map as Datadog documents it', async () => {
    const map = (await (await datadogFetch(sim, '/api/v1/service_dependencies?env=prod')).json()) as Record<string, { calls: string[] }>;
    for (const service of world.topology.services.filter((candidate) => candidate.kind === 'service')) {
      expect(map[service.name]?.calls).toEqual([...service.dependsOn].sort());
    }
    const one = (await (await datadogFetch(sim, '/api/v1/service_dependencies/inventory-service?env=prod')).json()) as { name: string; calls: string[]; called_by: string[] };
    expect(one.name).toBe('inventory-service');
    expect(one.called_by).toEqual(world.topology.services.filter((service) => service.dependsOn.includes('inventory-service')).map((service) => service.name).sort());
    expect((await datadogFetch(sim, '/api/v1/service_dependencies')).status).toBe(400);
    expect((await datadogFetch(sim, '/api/v1/service_dependencies/nope?env=prod')).status).toBe(404);
  });
});

describe('terminology variants', () => {
  it('serves a variant\'s metric names and index prefix, with the same data behind them', async () => {
    const variant = await startSimulator({ variant: 1, pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
    try {
      const names = (await (await datadogFetch(variant, `/api/v1/metrics?from=${at('12:00')}&tag_filter=service:inventory-service`)).json()) as { metrics: string[] };
      const renamed = names.metrics.filter((name) => name.startsWith('trace.') && name.endsWith('.request.errors'));
      expect(renamed).toHaveLength(1);
      const errorsMetric = renamed[0]!;
      const query = (metric: string) => datadogFetch(variant, `/api/v1/query?from=${at('13:00')}&to=${at('13:35')}&query=${encodeURIComponent(`sum:${metric}{service:inventory-service}.as_count()`)}`);
      const series = ((await (await query(errorsMetric)).json()) as { series: { pointlist: [number, number][] }[] }).series;
      expect(series).toHaveLength(1);
      const canonical = ((await (await datadogFetch(sim, `/api/v1/query?from=${at('13:00')}&to=${at('13:35')}&query=${encodeURIComponent('sum:trace.http.request.errors{service:inventory-service}.as_count()')}`)).json()) as { series: { pointlist: [number, number][] }[] }).series;
      // The incident is the same: errors start at the same minute under either name.
      const onset = (points: [number, number][]) => points.find(([, value]) => value > 50)?.[0];
      expect(onset(series[0]!.pointlist)).toBe(onset(canonical[0]!.pointlist));
      expect(errorsMetric).not.toBe('trace.http.request.errors');
      const variantWorld = createWorld({ ...loadLibraryScenario('inventory-bad-deploy'), seed: 1, variant: 1 });
      const indices = (await (await opensearchFetch(variant, '/_cat/indices?format=json')).json()) as { index: string }[];
      expect(indices.map((row) => row.index)).toEqual([`${variantWorld.naming.logsIndex}-2026.11.20`]);
      expect(((await (await query('trace.http.request.errors')).json()) as { series: unknown[] }).series).toEqual([]);
    } finally {
      await variant.close();
    }
  });
});
