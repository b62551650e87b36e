// Injected vendor failures: the next N calls fail with the vendor's own error shape, then the API
// recovers; every request is in the request log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client } from '@datadog/datadog-api-client';
import type { ApiException } from '@kubernetes/client-node';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { at, datadogApis, kubernetesCore, pagerdutyGet, SECRETS } from './official-clients.ts';

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
});
afterAll(async () => sim?.close());

describe('failNext', () => {
  it('fails the next Datadog calls with Datadog errors, then recovers', async () => {
    const { metrics } = datadogApis(sim);
    const call = () => metrics.queryMetrics({ from: at('13:00'), to: at('13:30'), query: 'avg:container.cpu.utilization{service:checkout-api}' });
    const before = sim.requestLog().length;
    sim.failNext('datadog', 2, 503);
    for (let i = 0; i < 2; i++) {
      const error = (await call().catch((e: unknown) => e)) as client.ApiException<unknown>;
      expect(error).toBeInstanceOf(client.ApiException);
      expect(error.code).toBe(503);
      // queryMetrics declares no 503, so the client hands over the raw body.
      expect(String(error.body)).toContain('{"errors":["Service Unavailable"]}');
    }
    expect((await call()).series).toHaveLength(1);
    const log = sim.requestLog().slice(before);
    expect(log.map((entry) => [entry.api, entry.method, entry.status])).toEqual([
      ['datadog', 'GET', 503],
      ['datadog', 'GET', 503],
      ['datadog', 'GET', 200],
    ]);
    expect(log[0]!.path).toMatch(/^\/api\/v1\/query\?/);
  });

  it('answers a declared status (429) with the body the client parses', async () => {
    const { metrics } = datadogApis(sim);
    sim.failNext('datadog', 1, 429);
    const error = (await metrics.queryMetrics({ from: at('13:00'), to: at('13:30'), query: 'avg:container.cpu.utilization{*}' }).catch((e: unknown) => e)) as client.ApiException<{ errors: string[] }>;
    expect(error.code).toBe(429);
    expect(error.body).toEqual({ errors: ['Too many requests'] });
  });

  it('defaults to 500 and sends Retry-After with a 429', async () => {
    sim.failNext('datadog', 1);
    const plain = await fetch(`${sim.urls.datadog}/api/v1/validate`);
    expect(plain.status).toBe(500);
    sim.failNext('pagerduty', 1, 429);
    const limited = await pagerdutyGet(sim, '/incidents/anything');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toEqual({ error: { message: 'Rate Limit Exceeded', code: 2020 } });
    expect((await pagerdutyGet(sim, '/incidents/anything')).status).toBe(404);
  });

  it('fails Kubernetes calls with a Status object the client reports, then recovers', async () => {
    const core = kubernetesCore(sim);
    sim.failNext('kubernetes', 1, 500);
    const error = (await core.listPodForAllNamespaces({}).catch((e: unknown) => e)) as ApiException<string>;
    expect(error.code).toBe(500);
    expect(JSON.parse(error.body)).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'InternalError', code: 500 });
    expect((await core.listPodForAllNamespaces({})).items.length).toBeGreaterThan(10);
  });

  it('fails Slack calls the way Slack does, then recovers', async () => {
    sim.failNext('slack', 1, 429);
    const call = () => fetch(`${sim.urls.slack}/api/auth.test`, { method: 'POST', headers: { authorization: `Bearer ${SECRETS.botToken}` } });
    const limited = await call();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
    const recovered = await call();
    expect(recovered.status).toBe(200);
    expect(((await recovered.json()) as { ok: boolean }).ok).toBe(true);
  });

  it('refuses nonsense arguments', () => {
    expect(() => sim.failNext('datadog', -1)).toThrow('count must be a non-negative integer');
    expect(() => sim.failNext('datadog', 1, 200)).toThrow('status must be an HTTP error status');
    expect(() => sim.failNext('grafana' as never, 1)).toThrow('unknown api grafana');
  });
});
