// The first four tools against the simulator's Datadog and Kubernetes fakes, through the tool gateway's
// real MCP client (and once over Streamable HTTP). Assertions follow from the skeleton scenario:
// inventory-service 2.14.0 rolls out at 13:20Z and fails with KeyError; the alert fires at 13:30Z.
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, DEFAULT_CREDENTIALS } from '../../../simulator/index.ts';
import type { ToolResult } from '../../../services/agent/types.ts';
import type { DatadogConfig } from '../../../services/mcp/datadog/client.ts';
import { startDatadogHttpServer } from '../../../services/mcp/datadog/http.ts';
import { QueryServiceMetricsOutputSchema } from '../../../services/mcp/datadog/tools/query-service-metrics.ts';
import { SearchServiceLogsOutputSchema } from '../../../services/mcp/datadog/tools/search-service-logs.ts';
import { createToolGateway, type ToolGateway } from '../../../services/mcp/gateway.ts';
import { ListServiceEventsOutputSchema } from '../../../services/mcp/kubernetes/tools/list-service-events.ts';
import { ListServicePodsOutputSchema } from '../../../services/mcp/kubernetes/tools/list-service-pods.ts';

function postWithHost(url: string, host: string): Promise<number | undefined> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { host, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
  });
}

const INCIDENT = { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' };
const minute = (iso: string): number => Date.parse(iso) / 60_000;

let sim: Awaited<ReturnType<typeof startSimulator>>;
let datadog: DatadogConfig;
let gateway: ToolGateway;
let seq = 0;

function call(server: string, tool: string, args: Record<string, unknown>): Promise<ToolResult> {
  return gateway.call({ id: `t${++seq}`, server, tool, arguments: args });
}

beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: 's', slack: { botToken: 'xoxb-test', signingSecret: 'x' } });
  datadog = { baseUrl: sim.urls.datadog, apiKey: DEFAULT_CREDENTIALS.datadogApiKey, appKey: DEFAULT_CREDENTIALS.datadogAppKey };
  gateway = await createToolGateway({ datadog, kubernetes: { server: sim.urls.kubernetes, token: DEFAULT_CREDENTIALS.kubernetesToken } });
});

afterAll(async () => {
  await gateway?.close();
  await sim?.close();
});

describe('tool gateway over the simulator', () => {
  it('lists the Datadog and Kubernetes read-only tools', async () => {
    const tools = await gateway.listTools();
    expect(tools.map((t) => `${t.server}/${t.name}`).sort()).toEqual([
      'datadog/get_service_dependencies',
      'datadog/list_change_events',
      'datadog/list_service_monitors',
      'datadog/query_service_metrics',
      'datadog/search_service_logs',
      'datadog/search_service_traces',
      'kubernetes/get_pod_logs',
      'kubernetes/get_rollout_history',
      'kubernetes/list_service_events',
      'kubernetes/list_service_pods',
    ]);
    expect(tools.every((t) => t.readOnlyHint)).toBe(true);
  });

  it("finds inventory-service's error rate stepping up right after its 13:20 deploy", async () => {
    const result = await call('datadog', 'query_service_metrics', { service: 'inventory-service', window: INCIDENT });
    expect(result.status).toBe('ok');
    expect(result.summary).toBe('Datadog metrics (all signals) for inventory-service, 2026-11-20 13:00-13:35Z');
    const out = QueryServiceMetricsOutputSchema.parse(result.structured);
    const errors = out.signals.find((s) => s.signal === 'errors');
    expect(errors).toMatchObject({ anomalous: true, direction: 'up', unit: '%' });
    const at = minute(errors!.changePoint!.at);
    expect(at).toBeGreaterThanOrEqual(minute('2026-11-20T13:20:00Z'));
    expect(at).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
    expect(errors!.changePoint!.after).toBeGreaterThan(10);
    expect(errors!.query).toContain('sum:trace.http.request.errors{service:inventory-service}.as_count()');
    // All six signals have data in the scenario.
    expect(out.signals.map((s) => s.signal).sort()).toEqual(['cpu', 'errors', 'latency', 'memory', 'restarts', 'traffic']);
    const traffic = out.signals.find((s) => s.signal === 'traffic')!;
    expect(traffic.baseline.mean).toBeGreaterThan(0);
  });

  it('sees no anomaly in a quiet hour for the same service', async () => {
    const result = await call('datadog', 'query_service_metrics', { service: 'inventory-service', window: { from: '2026-11-20T12:20:00Z', to: '2026-11-20T13:15:00Z' }, signals: ['errors', 'latency'] });
    const out = QueryServiceMetricsOutputSchema.parse(result.structured);
    expect(out.signals).toHaveLength(2);
    expect(out.signals.filter((s) => s.anomalous)).toEqual([]);
  });

  it("names inventory-service's top error signature as a KeyError starting at the deploy", async () => {
    const result = await call('datadog', 'search_service_logs', { service: 'inventory-service', window: INCIDENT });
    expect(result.status).toBe('ok');
    const out = SearchServiceLogsOutputSchema.parse(result.structured);
    expect(out.query).toBe('service:inventory-service status:(error OR warn)');
    const topError = out.signatures.find((s) => s.level === 'error')!;
    expect(topError.signature).toContain('KeyError');
    expect(topError.sample).toContain('KeyError');
    expect(topError.sample.length).toBeLessThanOrEqual(300);
    expect(out.signatures[0]!.count).toBeGreaterThanOrEqual(out.signatures.at(-1)!.count);
    const onset = minute(out.onsetAt!);
    expect(onset).toBeGreaterThanOrEqual(minute('2026-11-20T13:20:00Z'));
    expect(onset).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
  });

  it('gives the same answer twice (the fakes and the summaries are deterministic)', async () => {
    const args = { service: 'cart-service', window: INCIDENT, limit: 5 };
    const [a, b] = [await call('datadog', 'search_service_logs', args), await call('datadog', 'search_service_logs', args)];
    expect(a.structured).toEqual(b.structured);
  });

  it("shows inventory-service's 2.14.0 rollout among its events", async () => {
    const result = await call('kubernetes', 'list_service_events', { service: 'inventory-service', window: INCIDENT });
    expect(result.status).toBe('ok');
    const out = ListServiceEventsOutputSchema.parse(result.structured);
    const rollout = out.deploys.find((d) => d.image?.endsWith(':2.14.0'));
    expect(rollout).toBeDefined();
    expect(minute(rollout!.at)).toBeGreaterThanOrEqual(minute('2026-11-20T13:19:00Z'));
    expect(minute(rollout!.at)).toBeLessThanOrEqual(minute('2026-11-20T13:22:00Z'));
    expect(out.events.some((e) => e.kind === 'deploy')).toBe(true);
    expect(out.events.map((e) => e.at)).toEqual([...out.events.map((e) => e.at)].sort());
  });

  it("keeps payments-service's 12:14 deploy out of the incident window, and finds it in its own", async () => {
    const during = ListServiceEventsOutputSchema.parse((await call('kubernetes', 'list_service_events', { service: 'payments-service', window: INCIDENT })).structured);
    expect(during.deploys).toEqual([]);
    const before = ListServiceEventsOutputSchema.parse(
      (await call('kubernetes', 'list_service_events', { service: 'payments-service', window: { from: '2026-11-20T12:00:00Z', to: '2026-11-20T12:30:00Z' } })).structured,
    );
    expect(before.deploys.some((d) => d.image?.endsWith(':3.8.2'))).toBe(true);
  });

  it('reports storefront-web pods as healthy', async () => {
    const result = await call('kubernetes', 'list_service_pods', { service: 'storefront-web' });
    expect(result.status).toBe('ok');
    const out = ListServicePodsOutputSchema.parse(result.structured);
    expect(out.totals.pods).toBeGreaterThan(0);
    expect(out.totals.notReady).toBe(0);
    expect(out.pods.every((p) => p.ready && p.phase === 'Running' && p.namespace === 'prod')).toBe(true);
    expect(out.images).toHaveLength(1);
    expect(out.images[0]).toContain('storefront-web');
  });

  it('lists inventory-service pods on the new image', async () => {
    const out = ListServicePodsOutputSchema.parse((await call('kubernetes', 'list_service_pods', { service: 'inventory-service', namespace: 'prod' })).structured);
    expect(out.images.some((i) => i.endsWith(':2.14.0'))).toBe(true);
  });

  it('is no_data for a service the simulator does not know', async () => {
    const result = await call('kubernetes', 'list_service_pods', { service: 'no-such-service' });
    expect(result.status).toBe('no_data');
    const metrics = await call('datadog', 'query_service_metrics', { service: 'no-such-service', window: INCIDENT, signals: ['cpu'] });
    expect(metrics.status).toBe('no_data');
  });

  it('answers bad input with an error that names the field', async () => {
    const result = await call('datadog', 'query_service_metrics', { service: 'inventory-service', window: { from: INCIDENT.from, to: '2026-11-22T13:00:00Z' } });
    expect(result.status).toBe('error');
    expect(result.retryable).toBe(false);
    expect(result.error).toContain('window.to');
    const unknown = await call('kubernetes', 'list_service_pods', { service: 'inventory-service', label: 'x' });
    expect(unknown.error).toContain('valid arguments are: service, namespace, limit');
  });

  it('turns a vendor 500 into a retryable error, and recovers on the next call', async () => {
    sim.failNext('datadog', 5);
    // All six signals make seven requests, so every injected failure is used up here.
    const failed = await call('datadog', 'query_service_metrics', { service: 'inventory-service', window: INCIDENT });
    expect(failed).toMatchObject({ status: 'error', retryable: true });
    expect(failed.error).toContain('HTTP 5');
    const recovered = await call('datadog', 'query_service_metrics', { service: 'inventory-service', window: INCIDENT, signals: ['errors'] });
    expect(recovered.status).toBe('ok');
  });
});

describe('Datadog MCP server over Streamable HTTP', () => {
  it('serves the same tools to an MCP client over HTTP', async () => {
    const running = await startDatadogHttpServer({ datadog });
    const client = new Client({ name: 'http-test', version: '0.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual([
        'get_service_dependencies',
        'list_change_events',
        'list_service_monitors',
        'query_service_metrics',
        'search_service_logs',
        'search_service_traces',
      ]);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
      const result = await client.callTool({ name: 'search_service_logs', arguments: { service: 'inventory-service', window: INCIDENT, levels: ['error'], limit: 3 } });
      expect(result.isError).toBeFalsy();
      const out = SearchServiceLogsOutputSchema.parse(result.structuredContent);
      expect(out.signatures[0]!.signature).toContain('KeyError');
      // The text copy is the same JSON, for clients that ignore structuredContent.
      const text = (result.content as Array<{ type: string; text: string }>)[0]!.text;
      expect(JSON.parse(text)).toEqual(result.structuredContent);

      const get = await fetch(running.url);
      expect(get.status).toBe(405);
      // fetch drops a custom Host header, so the DNS-rebinding check is probed with node:http.
      expect(await postWithHost(running.url, 'evil.example')).toBe(403);
      expect(await postWithHost(running.url, new URL(running.url).host)).toBe(200);
    } finally {
      await client.close();
      await running.close();
    }
  });
});
