import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryGraph } from '../graph/in-memory-graph.ts';
import { configFromEnv, createToolGateway, type ToolGateway } from './gateway.ts';

const WINDOW = { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' };

// A port that refuses connections: bind, note the port, close.
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('tool gateway without any server configured', () => {
  it('lists no tools and answers a call with a clear error instead of throwing', async () => {
    const gateway = await createToolGateway({});
    try {
      expect(await gateway.listTools()).toEqual([]);
      const result = await gateway.call({ id: 'c1', server: 'datadog', tool: 'query_service_metrics', arguments: { service: 'x' } });
      expect(result).toMatchObject({ callId: 'c1', server: 'datadog', tool: 'query_service_metrics', status: 'error', retryable: false });
      expect(result.error).toContain('MCP server "datadog" is not available');
      expect(result.error).toContain('DD_API_KEY');
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    } finally {
      await gateway.close();
    }
  });
});

describe('tool gateway with an unreachable vendor', () => {
  let gateway: ToolGateway;

  beforeAll(async () => {
    const port = await closedPort();
    gateway = await createToolGateway({
      datadog: { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k', appKey: 'a', timeoutMs: 2000 },
      kubernetes: { server: `http://127.0.0.1:${port}`, token: 't', timeoutMs: 2000 },
    });
  });
  afterAll(async () => {
    await gateway.close();
  });

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
    expect(tools.every((t) => t.readOnlyHint && t.description.length > 20)).toBe(true);
  });

  it('names the valid tools when asked for an unknown one', async () => {
    const result = await gateway.call({ id: 'c2', server: 'kubernetes', tool: 'delete_pod', arguments: {} });
    expect(result.status).toBe('error');
    expect(result.error).toBe('Unknown tool "delete_pod" on server "kubernetes"; its tools are: list_service_pods, list_service_events, get_pod_logs, get_rollout_history.');
  });

  it('returns the server-side validation message, naming the field, for bad input', async () => {
    const result = await gateway.call({ id: 'c3', server: 'datadog', tool: 'search_service_logs', arguments: { service: 'x', window: { from: WINDOW.to, to: WINDOW.from } } });
    expect(result.status).toBe('error');
    expect(result.retryable).toBe(false);
    expect(result.error).toContain('window.to');
    expect(result.summary).toContain('datadog/search_service_logs');
  });

  it('turns an unreachable vendor into a retryable error with a one-line summary', async () => {
    const [metrics, pods] = await Promise.all([
      gateway.call({ id: 'c4', server: 'datadog', tool: 'query_service_metrics', arguments: { service: 'cart-service', window: WINDOW, signals: ['cpu'] } }),
      gateway.call({ id: 'c5', server: 'kubernetes', tool: 'list_service_pods', arguments: { service: 'cart-service' } }),
    ]);
    expect(metrics).toMatchObject({ status: 'error', retryable: true, summary: 'Datadog metrics (cpu) for cart-service, 2026-11-20 13:00-13:35Z' });
    expect(metrics.error).toContain('ECONNREFUSED');
    expect(metrics.structured).toBeUndefined();
    expect(pods).toMatchObject({ status: 'error', retryable: true, summary: 'Kubernetes pods of cart-service in all namespaces' });
    expect(pods.error).toContain('KUBERNETES_SERVER');
  });
});

describe('configFromEnv', () => {
  it('configures only the servers whose variables are set', () => {
    expect(configFromEnv({})).toEqual({});
    expect(configFromEnv({ DD_API_KEY: 'k', DD_APP_KEY: 'a', DD_SITE_URL: 'http://127.0.0.1:9/' })).toEqual({
      datadog: { baseUrl: 'http://127.0.0.1:9/', apiKey: 'k', appKey: 'a' },
    });
    expect(configFromEnv({ KUBERNETES_SERVER: 'https://10.0.0.1:6443', KUBERNETES_TOKEN: 't', INTAKE_PORT: 8080 })).toEqual({
      kubernetes: { server: 'https://10.0.0.1:6443', token: 't' },
    });
  });

  it('defaults the Datadog site to US1', () => {
    expect(configFromEnv({ DD_API_KEY: 'k', DD_APP_KEY: 'a' }).datadog?.baseUrl).toBe('https://api.datadoghq.com');
  });

  it('reads OpenSearch, PagerDuty and Slack settings, with their defaults', () => {
    expect(configFromEnv({ OPENSEARCH_URL: 'https://search:9200', OPENSEARCH_USERNAME: 'u', OPENSEARCH_PASSWORD: 'p' })).toEqual({
      opensearch: { url: 'https://search:9200', username: 'u', password: 'p' },
    });
    expect(configFromEnv({ OPENSEARCH_URL: 'https://search:9200', OPENSEARCH_INDEX: 'app-logs-*' }).opensearch?.index).toBe('app-logs-*');
    expect(configFromEnv({ PAGERDUTY_TOKEN: 'pd' })).toEqual({ pagerduty: { baseUrl: 'https://api.pagerduty.com', token: 'pd' } });
    expect(configFromEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' })).toEqual({ slack: { token: 'xoxb-1', apiUrl: 'http://127.0.0.1:9/api/' } });
  });

  it('adds the service graph the caller built', async () => {
    const graph = createInMemoryGraph([{ name: 'a', kind: 'service', dependsOn: ['b'] }]);
    const config = configFromEnv({}, { graph });
    expect(config.graph).toBe(graph);
    const gateway = await createToolGateway(config);
    try {
      const result = await gateway.call({ id: 'g1', server: 'graph', tool: 'get_service_neighbours', arguments: { service: 'a' } });
      expect(result.status).toBe('ok');
      expect(result.summary).toBe('Service graph callers and dependencies of a within 1 hop(s)');
    } finally {
      await gateway.close();
    }
  });
});

describe('tool gateway without a graph', () => {
  it('says how to get the graph server', async () => {
    const gateway = await createToolGateway({});
    try {
      const result = await gateway.call({ id: 'g2', server: 'graph', tool: 'get_blast_radius', arguments: { service: 'a' } });
      expect(result.error).toContain('a service graph (ARIADNE_CATALOG for the worker)');
    } finally {
      await gateway.close();
    }
  });
});
