// PagerDuty: the REST incident and alerts, and the v3 webhook the simulator sends to an intake URL.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { pagerdutyGet, SECRETS } from './official-clients.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let sim: RunningSimulator;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

/** A tiny intake that checks the signature the way PagerDuty documents it. */
function verified(headers: IncomingHttpHeaders, body: string, secret: string): boolean {
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(body).digest('hex')}`);
  return String(headers['x-pagerduty-signature'] ?? '')
    .split(',')
    .map((candidate) => Buffer.from(candidate.trim()))
    .some((candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected));
}

beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: SECRETS.webhook, slack: { botToken: SECRETS.botToken, signingSecret: SECRETS.signingSecret } });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body });
      const ok = verified(req.headers, body, SECRETS.webhook);
      res.writeHead(ok ? 202 : 401, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { accepted: true } : { error: 'bad signature' }));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/pagerduty`;
});
afterAll(async () => {
  await sim?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

describe('the PagerDuty v3 webhook', () => {
  it('is signed with HMAC-SHA256 over the raw body and carries the incident', async () => {
    const result = await sim.fireAlert(receiverUrl);
    expect(result.status).toBe(202);
    expect(JSON.parse(result.body)).toEqual({ accepted: true });
    const delivery = received[received.length - 1]!;
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(delivery.headers['user-agent']).toBe('PagerDuty-Webhook/V3.0');
    expect(delivery.headers['x-webhook-id']).toBe(result.webhookId);
    expect(delivery.headers['x-webhook-subscription']).toMatch(/^P[A-Z0-9]{6}$/);
    expect(delivery.headers['x-pagerduty-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
    const { event } = JSON.parse(delivery.body) as { event: Record<string, unknown> & { data: Record<string, unknown> } };
    expect(event).toMatchObject({ event_type: 'incident.triggered', resource_type: 'incident' });
    expect(event.data).toMatchObject({
      type: 'incident',
      status: 'triggered',
      title: sim.scenario.alert.title,
      urgency: 'high',
      created_at: '2026-11-20T13:30:00Z',
      service: { type: 'service_reference', summary: 'storefront-web' },
    });
  });

  it('repeats the webhook id on redelivery and sends the same bytes', async () => {
    const first = await sim.fireAlert(receiverUrl);
    const second = await sim.fireAlert(receiverUrl);
    expect(second.webhookId).toBe(first.webhookId);
    const [a, b] = received.slice(-2);
    expect(a!.body).toBe(b!.body);
  });

  it('signs with another secret or a raw body when a test asks it to', async () => {
    const wrong = await sim.fireAlert(receiverUrl, { secret: 'not-the-secret' });
    expect(wrong.status).toBe(401);
    const raw = await sim.fireAlert(receiverUrl, { rawBody: '{"event":{}}' });
    expect(raw.status).toBe(202);
    expect(received[received.length - 1]!.body).toBe('{"event":{}}');
  });
});

describe('the PagerDuty REST API', () => {
  async function incidentId(): Promise<string> {
    const result = await sim.fireAlert(receiverUrl);
    expect(result.status).toBe(202);
    return (JSON.parse(received[received.length - 1]!.body) as { event: { data: { id: string } } }).event.data.id;
  }

  it('serves the incident named in the webhook', async () => {
    const id = await incidentId();
    const response = await pagerdutyGet(sim, `/incidents/${id}`);
    expect(response.status).toBe(200);
    const { incident } = (await response.json()) as { incident: Record<string, unknown> };
    expect(incident).toMatchObject({ id, type: 'incident', status: 'triggered', urgency: 'high', title: 'High error rate on storefront-web', service: { summary: 'storefront-web' } });
    expect(incident.summary).toBe(`[#${String(incident.incident_number)}] High error rate on storefront-web`);
  });

  it('serves its alerts with offset pagination', async () => {
    const id = await incidentId();
    const response = await pagerdutyGet(sim, `/incidents/${id}/alerts?total=true`);
    const body = (await response.json()) as { alerts: Record<string, unknown>[]; limit: number; offset: number; more: boolean; total: number };
    expect(body).toMatchObject({ limit: 25, offset: 0, more: false, total: 1 });
    expect(body.alerts[0]).toMatchObject({ type: 'alert', status: 'triggered', severity: 'critical', incident: { id, type: 'incident_reference' } });
    expect((body.alerts[0]!.body as { details: Record<string, unknown> }).details).toMatchObject({ service: 'storefront-web' });
  });

  it('answers unknown incidents with 404 and missing tokens with 401, in PagerDuty error shape', async () => {
    const missing = await pagerdutyGet(sim, '/incidents/Q0000000000000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { message: 'Not Found', code: 2100 } });
    const unauthorized = await pagerdutyGet(sim, '/incidents/Q0000000000000', 'wrong');
    expect(unauthorized.status).toBe(401);
    expect(((await unauthorized.json()) as { error: { code: number } }).error.code).toBe(2006);
  });
});
