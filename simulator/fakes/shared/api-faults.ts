// Injected API failures ("the next 3 Datadog calls get a 503") and the request log, shared by all
// fakes. The failure bodies are shaped like each vendor's own errors so clients parse them as real.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, type Handler } from './http-kit.ts';

export const APIS = ['datadog', 'kubernetes', 'pagerduty', 'slack'] as const;
export type Api = (typeof APIS)[number];

export interface RequestLogEntry {
  api: string;
  method: string;
  /** The request target as sent: path and query string. */
  path: string;
  status: number;
}

/** Seconds a client is told to wait after an injected 429. */
export const RETRY_AFTER_SECONDS = 1;

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reason(status: number): string {
  return REASONS[status] ?? 'Error';
}

/** A vendor-shaped error body and headers for an injected failure. */
export function vendorError(api: Api, status: number): { body: unknown; headers: Record<string, string> } {
  const headers: Record<string, string> = status === 429 ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : {};
  switch (api) {
    case 'datadog':
      if (status === 429) {
        Object.assign(headers, { 'x-ratelimit-limit': '100', 'x-ratelimit-period': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(RETRY_AFTER_SECONDS) });
      }
      return { body: { errors: [status === 429 ? 'Too many requests' : reason(status)] }, headers };
    case 'kubernetes': {
      const k8sReasons: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };
      return {
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: status === 429 ? 'Too many requests, please try again later.' : status >= 500 ? `Internal error occurred: ${reason(status).toLowerCase()}` : reason(status),
          reason: k8sReasons[status] ?? reason(status).replace(/ /g, ''),
          code: status,
          ...(status === 429 ? { details: { retryAfterSeconds: RETRY_AFTER_SECONDS } } : {}),
        },
        headers,
      };
    }
    case 'pagerduty':
      return { body: { error: { message: status === 429 ? 'Rate Limit Exceeded' : reason(status), code: status === 429 ? 2020 : 2000 } }, headers };
    case 'slack':
      return { body: { ok: false, error: status === 429 ? 'ratelimited' : status >= 500 ? 'internal_error' : 'request_failed' }, headers };
  }
}

export interface ApiFaults {
  failNext(api: Api, count: number, status?: number): void;
  requestLog(): RequestLogEntry[];
  /** Wraps a fake's handler: logs every request and answers injected failures first. */
  wrap(api: Api, handler: Handler): Handler;
}

export function createApiFaults(): ApiFaults {
  const pending = new Map<Api, number[]>();
  const log: RequestLogEntry[] = [];

  return {
    failNext(api, count, status = 500) {
      if (!APIS.includes(api)) throw new Error(`failNext: unknown api ${String(api)} (known: ${APIS.join(', ')})`);
      if (!Number.isInteger(count) || count < 0) throw new Error(`failNext: count must be a non-negative integer, got ${count}`);
      if (!Number.isInteger(status) || status < 400 || status > 599) throw new Error(`failNext: status must be an HTTP error status (400-599), got ${status}`);
      const queue = pending.get(api) ?? [];
      for (let i = 0; i < count; i++) queue.push(status);
      pending.set(api, queue);
    },
    requestLog: () => log.map((entry) => ({ ...entry })),
    wrap(api, handler) {
      return async (req: IncomingMessage, res: ServerResponse) => {
        const entry = { api, method: req.method ?? 'GET', path: req.url ?? '/' };
        res.once('close', () => log.push({ ...entry, status: res.statusCode }));
        const status = pending.get(api)?.shift();
        if (status !== undefined) {
          req.resume();
          const { body, headers } = vendorError(api, status);
          sendJson(res, status, body, headers);
          return;
        }
        await handler(req, res);
      };
    },
  };
}
