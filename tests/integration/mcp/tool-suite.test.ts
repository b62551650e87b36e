// Every tool of every MCP server through the tool gateway's real MCP client, against the
// simulator's vendor fakes. Assertions follow from the scenarios: in inventory-bad-deploy,
// inventory-service 2.14.0 rolls out at 13:20Z and fails with KeyError; its callers see errors; the
// storefront-web alert fires at 13:30Z. oom-killed-shop and terminology variant 1 cover the rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolResult } from '../../../services/agent/types.ts';
import { GetServiceDependenciesOutputSchema } from '../../../services/mcp/datadog/tools/get-service-dependencies.ts';
import { ListChangeEventsOutputSchema } from '../../../services/mcp/datadog/tools/list-change-events.ts';
import { ListServiceMonitorsOutputSchema } from '../../../services/mcp/datadog/tools/list-service-monitors.ts';
import { QueryServiceMetricsOutputSchema } from '../../../services/mcp/datadog/tools/query-service-metrics.ts';
import { SearchServiceTracesOutputSchema } from '../../../services/mcp/datadog/tools/search-service-traces.ts';
import type { ToolGateway } from '../../../services/mcp/gateway.ts';
import { FindDependencyPathsOutputSchema } from '../../../services/mcp/graph/tools/find-dependency-paths.ts';
import { GetBlastRadiusOutputSchema } from '../../../services/mcp/graph/tools/get-blast-radius.ts';
import { GetServiceNeighboursOutputSchema } from '../../../services/mcp/graph/tools/get-service-neighbours.ts';
import { GetPodLogsOutputSchema } from '../../../services/mcp/kubernetes/tools/get-pod-logs.ts';
import { GetRolloutHistoryOutputSchema } from '../../../services/mcp/kubernetes/tools/get-rollout-history.ts';
import { LogVolumeHistogramOutputSchema } from '../../../services/mcp/opensearch/tools/log-volume-histogram.ts';
import { SearchLogsOutputSchema } from '../../../services/mcp/opensearch/tools/search-logs.ts';
import { GetIncidentOutputSchema } from '../../../services/mcp/pagerduty/tools/get-incident.ts';
import { ListRecentIncidentsOutputSchema } from '../../../services/mcp/pagerduty/tools/list-recent-incidents.ts';
import { ReadChannelMessagesOutputSchema } from '../../../services/mcp/slack/tools/read-channel-messages.ts';
import { startWorld, type Simulator } from './gateway-all.ts';

const INCIDENT = { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' };
const HISTORY = { from: '2026-08-23T00:00:00Z', to: '2026-11-20T13:35:00Z' };
const minute = (iso: string): number => Date.parse(iso) / 60_000;
const MUTATING = /create|update|delete|patch|post|put|restart|scale|exec|write|send/;

let seq = 0;
function caller(gateway: () => ToolGateway) {
  return (server: string, tool: string, args: Record<string, unknown>): Promise<ToolResult> => gateway().call({ id: `s${++seq}`, server, tool, arguments: args });
}

describe('the tool suite over the inventory-bad-deploy world', () => {
  let world: Awaited<ReturnType<typeof startWorld>>;
  let sim: Simulator;
  const call = caller(() => world.gateway);

  beforeAll(async () => {
    world = await startWorld();
    sim = world.sim;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists every tool, all read-only, none named with a mutating verb', async () => {
    const tools = await world.gateway.listTools();
    expect(tools.map((t) => `${t.server}/${t.name}`).sort()).toEqual([
      'datadog/get_service_dependencies',
      'datadog/list_change_events',
      'datadog/list_service_monitors',
      'datadog/query_service_metrics',
      'datadog/search_service_logs',
      'datadog/search_service_traces',
      'graph/find_dependency_paths',
      'graph/get_blast_radius',
      'graph/get_service_neighbours',
      'kubernetes/get_pod_logs',
      'kubernetes/get_rollout_history',
      'kubernetes/list_service_events',
      'kubernetes/list_service_pods',
      'opensearch/log_volume_histogram',
      'opensearch/search_logs',
      'pagerduty/get_incident',
      'pagerduty/list_recent_incidents',
      'slack/read_channel_messages',
    ]);
    expect(tools.filter((t) => !t.readOnlyHint)).toEqual([]);
    expect(tools.filter((t) => t.name.split('_').some((word) => MUTATING.test(word)))).toEqual([]);
  });

  describe('datadog', () => {
    it("traces inventory-service's KeyError on POST /v1/reservations from the deploy on", async () => {
      const result = await call('datadog', 'search_service_traces', { service: 'inventory-service', window: INCIDENT });
      expect(result.status).toBe('ok');
      const out = SearchServiceTracesOutputSchema.parse(result.structured);
      expect(out.errors[0]).toMatchObject({ resource: 'POST /v1/reservations', errorType: 'KeyError' });
      expect(minute(out.onsetAt!)).toBeGreaterThanOrEqual(minute('2026-11-20T13:20:00Z'));
      expect(minute(out.onsetAt!)).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
      expect(out.peers.map((p) => p.service)).toContain('orders-db');
    });

    it("points checkout-api's traces at inventory-service as the failing peer", async () => {
      const out = SearchServiceTracesOutputSchema.parse((await call('datadog', 'search_service_traces', { service: 'checkout-api', window: INCIDENT })).structured);
      expect(out.peers[0]).toMatchObject({ service: 'inventory-service' });
      expect(out.peers[0]!.errors).toBeGreaterThan(0);
      expect(out.peers.filter((p) => p.service !== 'inventory-service').every((p) => p.errors < out.peers[0]!.errors)).toBe(true);
    });

    it("lists inventory-service's 2.14.0 deploy as its own latest change, and the innocent payments deploy in its own window", async () => {
      const out = ListChangeEventsOutputSchema.parse((await call('datadog', 'list_change_events', { service: 'inventory-service', window: INCIDENT })).structured);
      expect(out.lastChangeOfService).toMatchObject({ kind: 'deploy', relation: 'self', version: '2.14.0' });
      expect(minute(out.lastChangeOfService!.at)).toBeGreaterThanOrEqual(minute('2026-11-20T13:19:00Z'));
      expect(minute(out.lastChangeOfService!.at)).toBeLessThanOrEqual(minute('2026-11-20T13:21:00Z'));
      expect(out.servicesChecked).toEqual(expect.arrayContaining(['inventory-service', 'orders-db', 'checkout-api', 'cart-service']));
      expect(out.events.some((e) => e.service === 'payments-service')).toBe(false);

      const earlier = ListChangeEventsOutputSchema.parse(
        (await call('datadog', 'list_change_events', { service: 'checkout-api', window: { from: '2026-11-20T12:00:00Z', to: '2026-11-20T12:30:00Z' } })).structured,
      );
      expect(earlier.events.find((e) => e.service === 'payments-service')).toMatchObject({ relation: 'calls', kind: 'deploy' });
    });

    it("shows storefront-web's monitor firing at the alert time", async () => {
      const out = ListServiceMonitorsOutputSchema.parse((await call('datadog', 'list_service_monitors', { service: 'storefront-web', window: INCIDENT })).structured);
      const firing = out.monitors.find((m) => m.state === 'Alert');
      expect(firing).toBeDefined();
      expect(minute(firing!.firstAlertAt!)).toBeGreaterThanOrEqual(minute('2026-11-20T13:25:00Z'));
      expect(minute(firing!.firstAlertAt!)).toBeLessThanOrEqual(minute('2026-11-20T13:31:00Z'));
    });

    it("reads inventory-service's APM dependencies", async () => {
      const out = GetServiceDependenciesOutputSchema.parse((await call('datadog', 'get_service_dependencies', { service: 'inventory-service' })).structured);
      expect(out.calls).toEqual(['orders-db']);
      expect(out.callers).toEqual(['cart-service', 'checkout-api']);
      expect((await call('datadog', 'get_service_dependencies', { service: 'no-such-service' })).status).toBe('no_data');
    });
  });

  describe('kubernetes', () => {
    it("reads inventory-service's pod logs with the KeyError first", async () => {
      const result = await call('kubernetes', 'get_pod_logs', { service: 'inventory-service', maxPods: 1 });
      expect(result.status).toBe('ok');
      const out = GetPodLogsOutputSchema.parse(result.structured);
      expect(out.pods).toHaveLength(1);
      expect(out.pods[0]!.signatures[0]).toMatchObject({ level: 'error' });
      expect(out.pods[0]!.signatures[0]!.signature).toContain('KeyError');
      expect(out.query).toMatch(/^kubectl logs -n prod inventory-service-/);
    });

    it('reads rollout history: 2.14.0 now, 2.13.4 before, rolled out at 13:20', async () => {
      const out = GetRolloutHistoryOutputSchema.parse((await call('kubernetes', 'get_rollout_history', { service: 'inventory-service' })).structured);
      const d = out.deployments[0]!;
      expect(d.images).toEqual(['registry.internal/inventory-service:2.14.0']);
      expect(d.previousImages).toEqual(['registry.internal/inventory-service:2.13.4']);
      expect(minute(d.lastRolloutAt!)).toBeGreaterThanOrEqual(minute('2026-11-20T13:19:00Z'));
      expect(minute(d.lastRolloutAt!)).toBeLessThanOrEqual(minute('2026-11-20T13:21:00Z'));
      expect(d.revisions[0]!.revision).toBeGreaterThan(d.revisions[1]!.revision);
      expect((await call('kubernetes', 'get_rollout_history', { service: 'orders-db' })).status).toBe('no_data');
    });
  });

  describe('opensearch', () => {
    it('groups the KeyError logs and finds their onset', async () => {
      const result = await call('opensearch', 'search_logs', { service: 'inventory-service', window: INCIDENT, levels: ['error'] });
      expect(result.status).toBe('ok');
      const out = SearchLogsOutputSchema.parse(result.structured);
      expect(out.signatures[0]!.signature).toContain('KeyError');
      expect(out.matched).toBeGreaterThanOrEqual(out.signatures[0]!.count);
      expect(minute(out.onsetAt!)).toBeGreaterThanOrEqual(minute('2026-11-20T13:20:00Z'));
      expect(minute(out.onsetAt!)).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
    });

    it('finds the minute errors stepped up in the log volume', async () => {
      const out = LogVolumeHistogramOutputSchema.parse((await call('opensearch', 'log_volume_histogram', { service: 'inventory-service', window: INCIDENT })).structured);
      expect(out.interval).toBe('1m');
      expect(out.buckets).toHaveLength(35);
      expect(minute(out.errorOnset!.at)).toBeGreaterThanOrEqual(minute('2026-11-20T13:19:00Z'));
      expect(minute(out.errorOnset!.at)).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
      const quiet = LogVolumeHistogramOutputSchema.parse((await call('opensearch', 'log_volume_histogram', { service: 'inventory-service', window: { from: '2026-11-20T12:20:00Z', to: '2026-11-20T13:15:00Z' } })).structured);
      expect(quiet.errorOnset).toBeNull();
    });

    it('is no_data for a service that logs nothing', async () => {
      expect((await call('opensearch', 'search_logs', { service: 'no-such-service', window: INCIDENT })).status).toBe('no_data');
    });
  });

  describe('pagerduty', () => {
    it('finds the storefront-web incident among its recent incidents, then reads it', async () => {
      const recent = ListRecentIncidentsOutputSchema.parse((await call('pagerduty', 'list_recent_incidents', { service: 'storefront-web', window: HISTORY })).structured);
      const current = recent.incidents.find((i) => i.title === sim.scenario.alert.title);
      expect(current).toMatchObject({ createdAt: '2026-11-20T13:30:00Z', status: 'triggered' });

      const result = await call('pagerduty', 'get_incident', { incidentId: current!.id });
      expect(result.status).toBe('ok');
      const out = GetIncidentOutputSchema.parse(result.structured);
      expect(out.incident).toMatchObject({ service: 'storefront-web', urgency: 'high', title: 'High error rate on storefront-web' });
      expect(out.alerts.length).toBeGreaterThan(0);
      expect(out.timeline[0]!.type).toBe('trigger');
    });

    it('answers an unknown incident with no_data and an unknown service with a hint', async () => {
      expect((await call('pagerduty', 'get_incident', { incidentId: 'QZZZZZZZZZZZZZ' })).status).toBe('no_data');
      const unknown = await call('pagerduty', 'list_recent_incidents', { service: 'no-such-service', window: HISTORY });
      expect(unknown.status).toBe('no_data');
    });
  });

  describe('slack', () => {
    it('reads the alert channel with author names, every text quoted', async () => {
      const result = await call('slack', 'read_channel_messages', { channel: '#alerts-shop', window: INCIDENT });
      expect(result.status).toBe('ok');
      const out = ReadChannelMessagesOutputSchema.parse(result.structured);
      expect(out.channel.name).toBe('alerts-shop');
      expect(out.totals.fromPeople).toBeGreaterThan(0);
      expect(out.messages.every((m) => m.text.startsWith('«') && m.text.endsWith('»'))).toBe(true);
      expect(out.messages.filter((m) => !m.isBot).every((m) => !/^U[A-Z0-9]+$/.test(m.author))).toBe(true);
      expect(out.messages.map((m) => m.at)).toEqual([...out.messages.map((m) => m.at)].sort());
    });

    it('says which channel does not exist', async () => {
      const result = await call('slack', 'read_channel_messages', { channel: '#no-such-channel', window: INCIDENT });
      expect(result).toMatchObject({ status: 'error', retryable: false });
      expect(result.error).toContain('no-such-channel');
    });
  });

  describe('graph', () => {
    it('walks the catalog: neighbours, paths and blast radius', async () => {
      const neighbours = GetServiceNeighboursOutputSchema.parse((await call('graph', 'get_service_neighbours', { service: 'inventory-service' })).structured);
      expect(neighbours.upstream.map((n) => n.name)).toEqual(['cart-service', 'checkout-api']);
      expect(neighbours.downstream.map((n) => n.name)).toEqual(['orders-db']);

      const paths = FindDependencyPathsOutputSchema.parse((await call('graph', 'find_dependency_paths', { from: 'storefront-web', to: 'inventory-service' })).structured);
      expect(paths.direction).toBe('from_calls_to');
      expect(paths.paths.map((p) => p.hops)).toEqual([2, 2]);

      const blast = GetBlastRadiusOutputSchema.parse((await call('graph', 'get_blast_radius', { service: 'inventory-service' })).structured);
      expect(blast.entryPoints).toEqual(['storefront-web']);
      expect(blast.totals.affected).toBe(3);
    });
  });

  describe('failures and determinism', () => {
    it.each([
      ['opensearch', 'search_logs', { service: 'inventory-service', window: INCIDENT }],
      ['pagerduty', 'list_recent_incidents', { service: 'storefront-web', window: HISTORY }],
      ['slack', 'read_channel_messages', { channel: '#alerts-shop', window: INCIDENT }],
      ['datadog', 'search_service_traces', { service: 'inventory-service', window: INCIDENT }],
      ['kubernetes', 'get_rollout_history', { service: 'inventory-service' }],
    ] as const)('turns a %s 5xx into a retryable error, then recovers', async (server, tool, args) => {
      sim.failNext(server, 1, 503);
      const failed = await call(server, tool, args);
      expect(failed).toMatchObject({ status: 'error', retryable: true });
      expect((await call(server, tool, args)).status).toBe('ok');
    });

    it('gives the same answer twice', async () => {
      for (const [server, tool, args] of [
        ['datadog', 'search_service_traces', { service: 'cart-service', window: INCIDENT, limit: 3 }],
        ['opensearch', 'search_logs', { service: 'cart-service', window: INCIDENT }],
        ['slack', 'read_channel_messages', { channel: '#alerts-shop', window: INCIDENT }],
      ] as const) {
        const [a, b] = [await call(server, tool, args), await call(server, tool, args)];
        expect(a.structured).toEqual(b.structured);
      }
    });

    it('rejects bad input naming the field, on every new server', async () => {
      const bad = await Promise.all([
        call('opensearch', 'search_logs', { service: 'inventory-service', window: INCIDENT, levels: ['fatal'] }),
        call('pagerduty', 'get_incident', { incidentId: 'not an id' }),
        call('slack', 'read_channel_messages', { channel: '#alerts-shop', window: INCIDENT, query: 'x' }),
        call('graph', 'get_blast_radius', { service: 'inventory-service', maxHops: 99 }),
        call('kubernetes', 'get_pod_logs', { window: INCIDENT }),
      ]);
      expect(bad.map((r) => [r.status, r.retryable])).toEqual(Array.from({ length: 5 }, () => ['error', false]));
      expect(bad[0]!.error).toContain('levels');
      expect(bad[1]!.error).toContain('incidentId');
      expect(bad[2]!.error).toContain('valid arguments are: channel, window, includeThreads, limit');
      expect(bad[3]!.error).toContain('maxHops must be at most 6');
    });
  });
});

describe('the tool suite over other worlds', () => {
  it('reads the previous container of an OOM-killed pod (oom-killed-shop)', async () => {
    const world = await startWorld({ scenario: 'oom-killed-shop' });
    try {
      const out = GetPodLogsOutputSchema.parse((await world.gateway.call({ id: 'o1', server: 'kubernetes', tool: 'get_pod_logs', arguments: { service: 'checkout-api', maxPods: 2 } })).structured);
      expect(out.pods[0]!.previous).toBe(true);
      expect(out.pods[0]!.why).toContain('OOMKilled');
      expect(out.query).toContain('--previous');
    } finally {
      await world.close();
    }
  });

  it('finds metrics under other names in a terminology variant, with the same verdict', async () => {
    const world = await startWorld({ variant: 1 });
    try {
      const result = await world.gateway.call({ id: 'v1', server: 'datadog', tool: 'query_service_metrics', arguments: { service: 'inventory-service', window: INCIDENT, signals: ['errors', 'latency'] } });
      const out = QueryServiceMetricsOutputSchema.parse(result.structured);
      const errors = out.signals.find((s) => s.signal === 'errors');
      expect(errors).toMatchObject({ anomalous: true, direction: 'up' });
      expect(errors!.resolvedMetrics!.length).toBe(2);
      expect(errors!.resolvedMetrics!.every((m) => m !== 'trace.http.request.errors' && m !== 'trace.http.request.hits')).toBe(true);
      expect(minute(errors!.changePoint!.at)).toBeGreaterThanOrEqual(minute('2026-11-20T13:20:00Z'));
      expect(minute(errors!.changePoint!.at)).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
      expect(out.hints.join(' ')).toContain("from the service's active metrics");
    } finally {
      await world.close();
    }
  });
});
