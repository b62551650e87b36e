// Injected API failures and the request log, shared by all fakes: `failNext` ("the next 3 Datadog
// calls get a 503") for tests, and a scenario's `apiFaults` (rate limits with Retry-After, 5xx, slow
// answers, truncated pages), triggered by counting each fault's matching requests, never by the
// clock, so the same request sequence meets the same faults. The failure bodies are shaped like
// each vendor's own errors so clients parse them as real.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendJson, type Handler } from './http-kit.ts';

export const APIS = ['datadog', 'kubernetes', 'pagerduty', 'slack', 'opensearch'] as const;
export type Api = (typeof APIS)[number];

export const API_FAULT_KINDS = ['rate_limit', 'server_error', 'slow', 'truncated_page'] as const;

export const ApiFaultSchema = z
  .object({
    api: z.enum(APIS),
    kind: z.enum(API_FAULT_KINDS),
    /** A regular expression on the request path and query; absent: every request to the API. */
    path: z
      .string()
      .refine((text) => {
        try {
          new RegExp(text);
          return true;
        } catch {
          return false;
        }
      }, 'a valid regular expression')
      .optional(),
    /** Matching requests answered normally before the fault starts. */
    afterRequests: z.number().int().min(0).default(0),
    /** Matching requests the fault affects; absent: every one after `afterRequests`. */
    count: z.number().int().min(1).optional(),
    /** For `slow`: the added delay. */
    delayMs: z.number().int().min(0).max(120_000).default(1_500),
    /** For `rate_limit`: the Retry-After the client is given. */
    retryAfterSeconds: z.number().int().min(0).max(3_600).default(1),
    /** For `server_error`: the status (default 500). */
    status: z.number().int().min(500).max(599).optional(),
  })
  .strict();
export type ApiFault = z.infer<typeof ApiFaultSchema>;
export type ApiFaultInput = z.input<typeof ApiFaultSchema>;

/** Parses a list of API faults; throws naming the offending index and field. */
export function parseApiFaults(input: unknown, source = 'apiFaults'): ApiFault[] {
  const result = z.array(ApiFaultSchema).safeParse(input ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`${source}.${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data;
}

const pageCaps = new WeakMap<IncomingMessage, true>();

/** The page size a handler may return for this request: smaller when a truncated_page fault hit it. */
export function pageCap(req: IncomingMessage): number | undefined {
  return pageCaps.has(req) ? TRUNCATED_PAGE_SIZE : undefined;
}

/** Results a truncated page still carries (with a working cursor to the rest). */
export const TRUNCATED_PAGE_SIZE = 2;

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
export function vendorError(api: Api, status: number, retryAfterSeconds = RETRY_AFTER_SECONDS): { body: unknown; headers: Record<string, string> } {
  const headers: Record<string, string> = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {};
  switch (api) {
    case 'opensearch': {
      const type = status === 429 ? 'rejected_execution_exception' : status === 503 ? 'cluster_block_exception' : 'search_phase_execution_exception';
      const reason = status === 429 ? 'rejected execution of coordinating operation [shard_detail=[logs-prod][0][P], search_queue_size=1000, active_threads=13]' : status === 503 ? 'blocked by: [SERVICE_UNAVAILABLE/2/no master];' : 'all shards failed';
      return { body: { error: { root_cause: [{ type, reason }], type, reason }, status }, headers };
    }
    case 'datadog':
      if (status === 429) {
        Object.assign(headers, { 'x-ratelimit-limit': '100', 'x-ratelimit-period': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(retryAfterSeconds), 'x-ratelimit-name': 'query' });
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
          ...(status === 429 ? { details: { retryAfterSeconds } } : {}),
        },
        headers,
      };
    }
    case 'pagerduty':
      if (status === 429) Object.assign(headers, { 'ratelimit-limit': '960', 'ratelimit-remaining': '0', 'ratelimit-reset': String(retryAfterSeconds) });
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

export function createApiFaults(scenarioFaults: readonly ApiFault[] = []): ApiFaults {
  const pending = new Map<Api, number[]>();
  const log: RequestLogEntry[] = [];
  const matched = scenarioFaults.map(() => 0);
  const patterns = scenarioFaults.map((fault) => (fault.path === undefined ? undefined : new RegExp(fault.path)));

  /** The scenario faults this request meets, counting it against each fault whose scope it is in. */
  function faultsFor(api: Api, target: string): ApiFault[] {
    const hits: ApiFault[] = [];
    scenarioFaults.forEach((fault, index) => {
      if (fault.api !== api || (patterns[index] && !patterns[index].test(target))) return;
      const seen = matched[index] as number;
      matched[index] = seen + 1;
      if (seen >= fault.afterRequests && (fault.count === undefined || seen < fault.afterRequests + fault.count)) hits.push(fault);
    });
    return hits;
  }

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
        const hits = faultsFor(api, entry.path);
        const failing = hits.find((fault) => fault.kind === 'rate_limit' || fault.kind === 'server_error');
        const delay = hits.filter((fault) => fault.kind === 'slow').reduce((sum, fault) => sum + fault.delayMs, 0);
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        if (failing) {
          req.resume();
          const code = failing.kind === 'rate_limit' ? 429 : (failing.status ?? 500);
          const { body, headers } = vendorError(api, code, failing.retryAfterSeconds);
          sendJson(res, code, body, headers);
          return;
        }
        if (hits.some((fault) => fault.kind === 'truncated_page')) pageCaps.set(req, true);
        await handler(req, res);
      };
    },
  };
}
