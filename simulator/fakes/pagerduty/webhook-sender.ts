// Delivers a PagerDuty v3 webhook the way PagerDuty does: JSON body, HMAC-SHA256 signature over the
// raw body in X-PagerDuty-Signature (`v1=<hex>`), a webhook id that repeats on redelivery.
import { createHmac } from 'node:crypto';

export function signPagerDutyWebhook(rawBody: string, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

export interface WebhookDelivery {
  url: string;
  rawBody: string;
  secret: string;
  webhookId: string;
  subscriptionId: string;
  timeoutMs?: number;
}

export interface WebhookResult {
  status: number;
  body: string;
  webhookId: string;
}

export async function sendPagerDutyWebhook(delivery: WebhookDelivery): Promise<WebhookResult> {
  const response = await fetch(delivery.url, {
    method: 'POST',
    body: delivery.rawBody,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'PagerDuty-Webhook/V3.0',
      'x-pagerduty-signature': signPagerDutyWebhook(delivery.rawBody, delivery.secret),
      'x-webhook-id': delivery.webhookId,
      'x-webhook-subscription': delivery.subscriptionId,
    },
    signal: AbortSignal.timeout(delivery.timeoutMs ?? 10_000),
  });
  return { status: response.status, body: await response.text(), webhookId: delivery.webhookId };
}
