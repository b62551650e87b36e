// PagerDuty v3 webhook endpoint. Order matters: size limit, signature over the raw bytes, then
// parsing and validation, then the start. Every rejection is a 4xx with a message and a log line;
// a failure to reach Temporal is a 503 so that PagerDuty redelivers rather than the alert being lost.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Alert } from '../agent/types.ts';
import { IncidentDataSchema, toAlert, WebhookEventSchema } from './pagerduty-webhook.ts';
import { verifyPagerDutySignature } from './verify-signature.ts';

export const WEBHOOK_PATH = '/webhooks/pagerduty';
export const MAX_BODY_BYTES = 256 * 1024;

export type StartOutcome = { status: 'started' | 'duplicate'; investigationId: string };
export type StartInvestigation = (alert: Alert, delivery: { webhookId: string }) => Promise<StartOutcome>;

export interface IntakeDeps {
  signingSecrets: readonly string[];
  startInvestigation: StartInvestigation;
  logger: Logger;
  maxBodyBytes?: number;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function createIntakeServer(deps: IntakeDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      deps.logger[status >= 500 ? 'error' : 'warn']({ status, path: req.url, err: message }, 'webhook rejected');
      if (!res.headersSent) send(res, status, { error: message });
    });
  });
}

async function handle(deps: IntakeDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://intake').pathname;
  if (path === '/healthz' && req.method === 'GET') return send(res, 200, { status: 'ok' });
  if (path !== WEBHOOK_PATH) throw new HttpError(404, `no route for ${path}; PagerDuty webhooks go to ${WEBHOOK_PATH}`);
  if (req.method !== 'POST') throw new HttpError(405, `${req.method} is not allowed; use POST`);
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(415, 'content-type must be application/json');

  const raw = await readBody(req, deps.maxBodyBytes ?? MAX_BODY_BYTES);
  const signature = headerValue(req, 'x-pagerduty-signature');
  if (!signature) throw new HttpError(401, 'missing X-PagerDuty-Signature header');
  if (!verifyPagerDutySignature(raw, signature, deps.signingSecrets)) throw new HttpError(401, 'X-PagerDuty-Signature does not match the body');

  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  const event = WebhookEventSchema.safeParse(json);
  if (!event.success) throw new HttpError(400, describeIssue(event.error));
  const webhookId = headerValue(req, 'x-webhook-id') ?? event.data.event.id;

  if (event.data.event.event_type !== 'incident.triggered') {
    deps.logger.info({ eventType: event.data.event.event_type, webhookId }, 'webhook ignored');
    return send(res, 202, { status: 'ignored', reason: `event type ${event.data.event.event_type} does not start an investigation` });
  }
  const incident = IncidentDataSchema.safeParse(event.data.event.data);
  if (!incident.success) throw new HttpError(400, describeIssue(incident.error, 'event.data'));

  const alert = toAlert(incident.data);
  let outcome: StartOutcome;
  try {
    outcome = await deps.startInvestigation(alert, { webhookId });
  } catch (error) {
    throw new HttpError(503, `could not start the investigation, retry later: ${(error as Error).message}`);
  }
  deps.logger.info({ ...outcome, incidentId: alert.incidentId, webhookId }, 'webhook accepted');
  send(res, outcome.status === 'started' ? 202 : 200, outcome);
}

function describeIssue(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0]!;
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
  return `invalid field ${field}: ${issue.message}`;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `body of ${declared} bytes exceeds the ${limit}-byte limit`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `body exceeds the ${limit}-byte limit`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host}:${address.port}`;
}
