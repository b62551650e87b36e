// Vendor failure modes the simulator does not script (rate limits with Retry-After, a vendor
// that never answers), against tiny node:http fakes: the official clients run unmodified.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolGateway, type ToolGateway } from '../../../services/mcp/gateway.ts';

const WINDOW = { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' };

async function fakeVendor(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, requests };
}

describe('vendor rate limits', () => {
  let datadog: Awaited<ReturnType<typeof fakeVendor>>;
  let kubernetes: Awaited<ReturnType<typeof fakeVendor>>;
  let gateway: ToolGateway;

  beforeAll(async () => {
    datadog = await fakeVendor((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ errors: ['Rate limit exceeded'] }));
    });
    kubernetes = await fakeVendor((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '4' });
      res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'Too many requests, please try again later.', reason: 'TooManyRequests', code: 429 }));
    });
    gateway = await createToolGateway({
      datadog: { baseUrl: datadog.url, apiKey: 'k', appKey: 'a' },
      kubernetes: { server: kubernetes.url, token: 't' },
    });
  });
  afterAll(async () => {
    await gateway.close();
    datadog.server.close();
    kubernetes.server.close();
  });

  it('reports a Datadog 429 as retryable with its Retry-After', async () => {
    const result = await gateway.call({ id: 'r1', server: 'datadog', tool: 'search_service_logs', arguments: { service: 'cart-service', window: WINDOW } });
    expect(result).toMatchObject({ status: 'error', retryable: true });
    expect(result.error).toContain('HTTP 429');
    expect(result.error).toContain('retry after 7 s');
    expect(datadog.requests).toEqual(['POST /api/v2/logs/events/search']);
  });

  it('reports a Kubernetes 429 as retryable with its Retry-After', async () => {
    const result = await gateway.call({ id: 'r2', server: 'kubernetes', tool: 'list_service_events', arguments: { service: 'cart-service', window: WINDOW } });
    expect(result).toMatchObject({ status: 'error', retryable: true });
    expect(result.error).toContain('retry after 4 s');
  });

  it('sends the credentials the real APIs expect', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const probe = await fakeVendor((req, res) => {
      seen = req.headers;
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: ['Forbidden'] }));
    });
    const g = await createToolGateway({ datadog: { baseUrl: probe.url, apiKey: 'api-123', appKey: 'app-456' } });
    try {
      const result = await g.call({ id: 'r3', server: 'datadog', tool: 'query_service_metrics', arguments: { service: 'cart-service', window: WINDOW, signals: ['cpu'] } });
      expect(seen['dd-api-key']).toBe('api-123');
      expect(seen['dd-application-key']).toBe('app-456');
      expect(result).toMatchObject({ status: 'error', retryable: false });
      expect(result.error).toContain('DD_API_KEY and DD_APP_KEY');
    } finally {
      await g.close();
      probe.server.close();
    }
  });
});

describe('vendor that never answers', () => {
  let silent: Awaited<ReturnType<typeof fakeVendor>>;
  let gateway: ToolGateway;

  beforeAll(async () => {
    silent = await fakeVendor(() => {
      // Accept the request and never respond.
    });
    gateway = await createToolGateway({
      datadog: { baseUrl: silent.url, apiKey: 'k', appKey: 'a', timeoutMs: 300 },
      kubernetes: { server: silent.url, token: 't', timeoutMs: 300 },
    });
  });
  afterAll(async () => {
    await gateway.close();
    silent.server.closeAllConnections();
    silent.server.close();
  });

  it('gives up after the timeout with a retryable error, for both clients', async () => {
    const [metrics, pods] = await Promise.all([
      gateway.call({ id: 't1', server: 'datadog', tool: 'query_service_metrics', arguments: { service: 'cart-service', window: WINDOW, signals: ['latency'] } }),
      gateway.call({ id: 't2', server: 'kubernetes', tool: 'list_service_pods', arguments: { service: 'cart-service' } }),
    ]);
    for (const result of [metrics, pods]) {
      expect(result).toMatchObject({ status: 'error', retryable: true });
      expect(result.error).toContain('did not answer within 0.3 s');
      expect(result.durationMs).toBeLessThan(5000);
    }
  });
});

describe('rate limits from the other vendors', () => {
  let fake: Awaited<ReturnType<typeof fakeVendor>>;
  let gateway: ToolGateway;
  const authorizations = new Set<string>();

  beforeAll(async () => {
    fake = await fakeVendor((req, res) => {
      authorizations.add(req.headers.authorization ?? '(none)');
      if ((req.url ?? '').startsWith('/api/')) {
        // Slack: HTTP 429 with Retry-After, as the Web API rate-limits.
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '9' });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      if ((req.url ?? '').includes('_search')) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '5' });
        res.end(JSON.stringify({ error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' }, status: 429 }));
        return;
      }
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ error: { message: 'Rate Limit Exceeded', code: 2020 } }));
    });
    gateway = await createToolGateway({
      opensearch: { url: fake.url, username: 'u', password: 'p' },
      pagerduty: { baseUrl: fake.url, token: 't' },
      slack: { token: 'xoxb-1', apiUrl: `${fake.url}/api/` },
    });
  });
  afterAll(async () => {
    await gateway.close();
    fake.server.close();
  });

  it.each([
    ['opensearch', 'search_logs', { service: 'cart-service', window: WINDOW }, 'retry after 5 s'],
    ['pagerduty', 'list_recent_incidents', { service: 'cart-service', window: WINDOW }, 'retry after 3 s'],
    ['slack', 'read_channel_messages', { channel: 'C0123ABCD', window: WINDOW }, 'retry after 9 s'],
  ] as const)('reports a %s 429 as retryable with its Retry-After', async (server, tool, args, expected) => {
    const result = await gateway.call({ id: `rl-${server}`, server, tool, arguments: args });
    expect(result).toMatchObject({ status: 'error', retryable: true });
    expect(result.error).toContain(expected);
  });

  it('sent the credentials each real API expects', () => {
    expect([...authorizations].sort()).toEqual([`Basic ${Buffer.from('u:p').toString('base64')}`, 'Bearer xoxb-1', 'Token token=t']);
    expect(fake.requests.some((r) => r.startsWith('GET /services?query=cart-service'))).toBe(true);
  });
});
