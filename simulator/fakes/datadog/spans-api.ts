// Datadog APM span search: `POST /api/v2/spans/events/search` (SpansListRequest) and
// `GET /api/v2/spans/events`, over the world's sampled traces. The query uses Datadog's search
// syntax (`service:x`, `status:error`, `resource_name:"POST /v1/reservations"`,
// `@http.status_code:500`, `trace_id:...`, `operation_name:`, `env:`), pages are cursor-based.
// Shape from the recorded "Search spans returns OK" response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { hash32, hexString } from '../../world/seeded-hash.ts';
import { pageCap } from '../shared/api-faults.ts';
import { sendJson } from '../shared/http-kit.ts';
import type { ServedWorld, SpanRecord } from '../shared/served-world.ts';
import { ddRequestId, decodeCursor, encodeCursor, nextPageQuery, searchFromQueryString, zodMessage } from './datadog-http.ts';
import { compileLogQuery, LogQueryError, parseLogTime, requiredServices, type LogView } from './logs-query.ts';

export const SPANS_PAGE_LIMIT_MAX = 1000;

const SpansSearchSchema = z.object({
  data: z
    .object({
      attributes: z
        .object({
          filter: z.object({ query: z.string().default('*'), from: z.string().default('now-15m'), to: z.string().default('now') }).default({ query: '*', from: 'now-15m', to: 'now' }),
          options: z.object({ timezone: z.string().optional(), timeOffset: z.number().optional() }).optional(),
          page: z.object({ limit: z.number().int().min(1).max(SPANS_PAGE_LIMIT_MAX).default(10), cursor: z.string().min(1).optional() }).default({ limit: 10 }),
          sort: z.enum(['timestamp', '-timestamp']).default('-timestamp'),
        })
        .default({ filter: { query: '*', from: 'now-15m', to: 'now' }, page: { limit: 10 }, sort: '-timestamp' }),
      type: z.literal('search_request').default('search_request'),
    })
    .default({ attributes: { filter: { query: '*', from: 'now-15m', to: 'now' }, page: { limit: 10 }, sort: '-timestamp' }, type: 'search_request' }),
});
type SpansSearch = z.infer<typeof SpansSearchSchema>['data']['attributes'];

/** Dotted attribute keys (`http.status_code`) as the nested object Datadog stores. */
export function nestAttributes(flat: Record<string, string | number>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(flat).sort()) {
    const segments = key.split('.');
    let node = out;
    for (const segment of segments.slice(0, -1)) {
      const child = node[segment];
      if (typeof child !== 'object' || child === null) node[segment] = {};
      node = node[segment] as Record<string, unknown>;
    }
    node[segments[segments.length - 1] as string] = flat[key];
  }
  return out;
}

function spanType(span: SpanRecord): string {
  const op = span.operation;
  if (/postgres|mysql|sql|mongo/.test(op)) return 'db';
  if (/redis|memcached/.test(op)) return 'cache';
  if (/kafka|rabbit|amqp|sqs/.test(op)) return 'queue';
  if (/grpc/.test(op)) return 'rpc';
  return 'web';
}

const views = new WeakMap<SpanRecord, LogView>();

/** What the search syntax sees of a span; cached, since a search scans many spans many times. */
function spanView(span: SpanRecord): LogView {
  let view = views.get(span);
  if (!view) {
    view = buildView(span);
    views.set(span, view);
  }
  return view;
}

function buildView(span: SpanRecord): LogView {
  return {
    service: span.service,
    status: span.status,
    message: `${span.resource} ${String(span.attributes['error.message'] ?? '')}`,
    host: String(span.attributes['host.name'] ?? ''),
    traceId: span.traceId,
    labels: { resource_name: span.resource, operation_name: span.operation, env: 'prod', span_id: span.spanId, ...(span.parentSpanId ? { parent_id: span.parentSpanId } : {}), ...(span.attributes['version'] !== undefined ? { version: String(span.attributes['version']) } : {}) },
    attributes: { ...nestAttributes(span.attributes), duration: span.durationMs * 1_000_000, trace_id: span.traceId },
  };
}

function spanId(seed: number, span: SpanRecord): string {
  const bytes = Buffer.alloc(18);
  bytes.writeBigUInt64BE(BigInt(Math.floor(span.start)), 0);
  bytes.write(hexString(20, seed, span.traceId, span.spanId, 'id'), 8, 'hex');
  return bytes.toString('base64url');
}

const rendered = new WeakMap<SpanRecord, ReturnType<typeof buildSpan>>();

export function renderSpan(world: ServedWorld, span: SpanRecord) {
  let out = rendered.get(span);
  if (!out) {
    out = buildSpan(world, span);
    rendered.set(span, out);
  }
  return out;
}

function buildSpan(world: ServedWorld, span: SpanRecord) {
  const version = span.attributes['version'];
  const tags = [`env:prod`, `service:${span.service}`, ...(version !== undefined ? [`version:${version}`] : []), 'source:apm'];
  const host = span.attributes['host.name'];
  return {
    id: spanId(world.seed, span),
    type: 'spans',
    attributes: {
      attributes: {},
      custom: { ...nestAttributes(span.attributes), duration: Math.round(span.durationMs * 1_000_000), env: 'prod', span: { kind: span.parentSpanId ? 'client' : 'server' } },
      end_timestamp: new Date(Math.round(span.start + span.durationMs)).toISOString(),
      env: 'prod',
      ...(host !== undefined ? { host: String(host) } : {}),
      ingestion_reason: 'rule',
      parent_id: span.parentSpanId ?? '0',
      resource_hash: hexString(16, span.service, span.resource, 'resource'),
      resource_name: span.resource,
      retained_by: 'retention_filter',
      service: span.service,
      single_span: false,
      span_id: span.spanId,
      start_timestamp: new Date(Math.floor(span.start)).toISOString(),
      tags,
      trace_id: span.traceId,
      type: spanType(span),
    },
  };
}

const isPosition = (value: unknown): value is { after: number } => typeof value === 'object' && value !== null && Number.isInteger((value as { after?: unknown }).after);

function spansRequestFromQueryString(params: URLSearchParams): unknown {
  return { data: { attributes: searchFromQueryString(params), type: 'search_request' } };
}

/** Datadog's span search errors are JSON:API objects with title and detail. */
function spansError(res: ServerResponse, status: number, detail: string): void {
  sendJson(res, status, { errors: [{ title: status === 422 ? 'Generic Error' : 'Bad Request', detail }] });
}

export function serveSpans(world: ServedWorld) {
  const { clock } = world;

  function collect(search: SpansSearch, from: number, to: number): SpanRecord[] | string {
    let predicate;
    try {
      predicate = compileLogQuery(search.filter.query);
    } catch (error) {
      if (error instanceof LogQueryError) return `invalid_argument(Field 'filter.query' is invalid: ${error.message})`;
      throw error;
    }
    const lower = Math.max(from, clock.start);
    const upper = Math.min(to, clock.now);
    const out: SpanRecord[] = [];
    if (upper <= lower) return out;
    const services = requiredServices(search.filter.query) ?? world.topology.services.map((service) => service.name);
    for (const service of services) {
      for (let minute = Math.max(clock.start, Math.floor(lower / 60_000) * 60_000 - 60_000); minute < upper; minute += 60_000) {
        for (const span of world.spans.minute(service, minute)) {
          if (span.start < lower || span.start >= upper) continue;
          if (predicate(spanView(span))) out.push(span);
        }
      }
    }
    return out;
  }

  function search(req: IncomingMessage, raw: unknown, baseUrl: string, res: ServerResponse): void {
    const parsed = SpansSearchSchema.safeParse(raw);
    if (!parsed.success) return spansError(res, 400, zodMessage(parsed.error));
    const request = parsed.data.data.attributes;
    const from = parseLogTime(request.filter.from, clock.now);
    const to = parseLogTime(request.filter.to, clock.now);
    if (from === undefined || to === undefined) return spansError(res, 422, `invalid_argument(Field 'filter.from,to' is invalid: use an ISO 8601 date, epoch milliseconds or now-<n><s|m|h|d>)`);
    if (to < from) return spansError(res, 422, "invalid_argument(Field 'filter.from,to' is invalid: 'from' should be anterior to 'to')");
    let position: { after: number } | undefined;
    if (request.page.cursor !== undefined) {
      position = decodeCursor(request.page.cursor, isPosition);
      if (!position) return spansError(res, 400, 'invalid_argument(Field page.cursor is invalid: use meta.page.after from the previous response)');
    }
    const collected = collect(request, from, to);
    if (typeof collected === 'string') return spansError(res, 400, collected);
    const compare = (a: SpanRecord, b: SpanRecord) => a.start - b.start || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0);
    const ordered = collected.sort(request.sort === '-timestamp' ? (a, b) => compare(b, a) : compare);
    const offset = position?.after ?? 0;
    const limit = Math.min(request.page.limit, pageCap(req) ?? Infinity);
    const page = ordered.slice(offset, offset + limit);
    const more = offset + page.length < ordered.length;
    const next = encodeCursor({ after: offset + page.length });
    const signature = JSON.stringify(request);
    const body: Record<string, unknown> = {
      data: page.map((span) => renderSpan(world, span)),
      meta: { elapsed: 30 + (hash32(world.seed, signature, 'elapsed') % 120), request_id: ddRequestId(world.seed, signature, 'spans'), status: 'done', ...(more ? { page: { after: next } } : {}) },
    };
    if (more) {
      body.links = { next: `${baseUrl}/api/v2/spans/events?${nextPageQuery(request, next)}` };
    }
    sendJson(res, 200, body);
  }

  return {
    search,
    list: (req: IncomingMessage, url: URL, baseUrl: string, res: ServerResponse) => search(req, spansRequestFromQueryString(url.searchParams), baseUrl, res),
  };
}
