import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Server } from 'node:http';
import type { Alert } from '../agent/types.ts';
import { createIntakeServer, listen, WEBHOOK_PATH } from './server.ts';
import { signPagerDutyBody } from './verify-signature.ts';

const SECRET = 'whsec-intake-test';

function incidentEvent(overrides: Record<string, unknown> = {}) {
  return {
    event: {
      id: '01DEN3RXR8R1S1QK4V5G1FQ2AN',
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: '2026-11-20T13:30:00.000Z',
      agent: null,
      client: null,
      data: {
        id: 'Q1ZMH3Q6VN7T2A',
        type: 'incident',
        title: 'High error rate on storefront-web',
        status: 'triggered',
        created_at: '2026-11-20T13:30:00Z',
        urgency: 'high',
        number: 4211,
        service: { id: 'PSF1WEB', type: 'service_reference', summary: 'storefront-web' },
        ...overrides,
      },
    },
  };
}

describe('intake webhook endpoint', () => {
  let server: Server;
  let url: string;
  let started: { alert: Alert; webhookId: string }[];

  beforeEach(async () => {
    started = [];
    const seen = new Set<string>();
    server = createIntakeServer({
      signingSecrets: ['old-secret', SECRET],
      logger: pino({ level: 'silent' }),
      maxBodyBytes: 4096,
      startInvestigation: async (alert, { webhookId }) => {
        const investigationId = `investigate-${alert.incidentId}`;
        if (seen.has(investigationId)) return { status: 'duplicate', investigationId };
        seen.add(investigationId);
        started.push({ alert, webhookId });
        return { status: 'started', investigationId };
      },
    });
    url = `${await listen(server)}${WEBHOOK_PATH}`;
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (body: string, extra: Record<string, string> = {}) =>
    post(body, { 'x-pagerduty-signature': signPagerDutyBody(body, SECRET), 'x-webhook-id': 'wh-1', ...extra });

  it('starts one investigation for a signed incident.triggered event and normalises the alert', async () => {
    const response = await signed(JSON.stringify(incidentEvent()));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'started', investigationId: 'investigate-Q1ZMH3Q6VN7T2A' });
    expect(started).toHaveLength(1);
    expect(started[0]!.alert).toMatchObject({ incidentId: 'Q1ZMH3Q6VN7T2A', service: 'storefront-web', severity: 'critical', source: 'pagerduty' });
    expect(started[0]!.webhookId).toBe('wh-1');
  });

  it('answers a redelivery with 200 duplicate and starts nothing new', async () => {
    const body = JSON.stringify(incidentEvent());
    await signed(body);
    const again = await signed(body);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('duplicate');
    expect(started).toHaveLength(1);
  });

  it('accepts any of several signatures during secret rotation', async () => {
    const body = JSON.stringify(incidentEvent());
    const response = await post(body, { 'x-pagerduty-signature': `v1=deadbeef,${signPagerDutyBody(body, SECRET)}` });
    expect(response.status).toBe(202);
  });

  it('rejects a missing signature with 401 and starts nothing', async () => {
    const response = await post(JSON.stringify(incidentEvent()));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toMatch(/missing X-PagerDuty-Signature/);
    expect(started).toHaveLength(0);
  });

  it('rejects a signature made with another secret, or over another body, with 401', async () => {
    const body = JSON.stringify(incidentEvent());
    expect((await post(body, { 'x-pagerduty-signature': signPagerDutyBody(body, 'wrong') })).status).toBe(401);
    const tampered = body.replace('storefront-web', 'cart-service');
    expect((await post(tampered, { 'x-pagerduty-signature': signPagerDutyBody(body, SECRET) })).status).toBe(401);
    expect(started).toHaveLength(0);
  });

  it('rejects malformed JSON and invalid events with 400 naming the field', async () => {
    expect((await signed('{"event":')).status).toBe(400);
    const noService = incidentEvent({ service: { id: 'P1' } });
    const response = await signed(JSON.stringify(noService));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('event.data.service.summary');
    const badDate = incidentEvent({ created_at: 'yesterday' });
    expect(((await (await signed(JSON.stringify(badDate))).json()) as { error: string }).error).toContain('event.data.created_at');
    expect(started).toHaveLength(0);
  });

  it('rejects an oversized body with 413 before looking at it', async () => {
    const huge = JSON.stringify(incidentEvent({ title: 'x'.repeat(10_000) }));
    const response = await signed(huge);
    expect(response.status).toBe(413);
    expect(started).toHaveLength(0);
  });

  it('ignores other event types with 202 and a reason', async () => {
    const event = incidentEvent();
    event.event.event_type = 'incident.acknowledged';
    const response = await signed(JSON.stringify(event));
    expect(response.status).toBe(202);
    expect(((await response.json()) as { status: string }).status).toBe('ignored');
    expect(started).toHaveLength(0);
  });

  it('answers 503 when the investigation cannot be started, so PagerDuty redelivers', async () => {
    const failing = createIntakeServer({
      signingSecrets: [SECRET],
      logger: pino({ level: 'silent' }),
      startInvestigation: async () => {
        throw new Error('connection refused');
      },
    });
    const failingUrl = `${await listen(failing)}${WEBHOOK_PATH}`;
    const body = JSON.stringify(incidentEvent());
    const response = await fetch(failingUrl, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signPagerDutyBody(body, SECRET) },
    });
    expect(response.status).toBe(503);
    await new Promise<void>((resolve) => failing.close(() => resolve()));
  });

  it('rejects wrong methods, paths and content types with a clear 4xx', async () => {
    expect((await fetch(url)).status).toBe(405);
    expect((await fetch(url.replace(WEBHOOK_PATH, '/nope'), { method: 'POST' })).status).toBe(404);
    expect((await fetch(url, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  });
});
