// A Datadog API fake serving the world at the real paths: v1 metrics query (`GET /api/v1/query`)
// and metric discovery, v2 log search (`POST /api/v2/logs/events/search`, plus the
// `GET /api/v2/logs/events` form its `links.next` points at), and the events, monitors, APM spans
// and service dependency endpoints in their own modules. Response shapes follow the official
// OpenAPI specs and recorded responses; nothing is served after the world's virtual now.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { LogRecord } from '../../world/logs.ts';
import { hash32, hexString } from '../../world/seeded-hash.ts';
import { BUCKET_MS, type CanonicalMetric, type MetricSource } from '../../world/telemetry.ts';
import { pageCap } from '../shared/api-faults.ts';
import { BodyTooLargeError, readBody, sendJson } from '../shared/http-kit.ts';
import type { ServedWorld } from '../shared/served-world.ts';
import { nextPageQuery, readJson, searchFromQueryString } from './datadog-http.ts';
import { serveEvents } from './events-api.ts';
import { createMetricCatalog, type MetricCatalog } from './metric-catalog.ts';
import { serveMonitors } from './monitors-api.ts';
import { serveServiceDependencies } from './service-dependencies.ts';
import { serveSpans } from './spans-api.ts';
import { compileLogQuery, LogQueryError, parseLogTime, requiredServices, type LogPredicate } from './logs-query.ts';
import { matchesScope, MetricQueryError, parseMetricsQuery, scopeText, type MetricQuery } from './metrics-query.ts';

export interface DatadogFakeOptions {
  apiKey: string;
  appKey: string;
  logger: Logger;
}

export const LOGS_PAGE_LIMIT_MAX = 1000;
const LOGS_PAGE_LIMIT_DEFAULT = 10;

interface Unit {
  family: string;
  name: string;
  plural: string;
  scale_factor: number;
  short_name: string;
  id: number;
}
const UNITS: Record<string, Unit> = {
  percent: { family: 'percentage', name: 'percent', plural: 'percent', scale_factor: 1, short_name: '%', id: 17 },
  second: { family: 'time', name: 'second', plural: 'seconds', scale_factor: 1, short_name: 's', id: 11 },
  hit: { family: 'general', name: 'hit', plural: 'hits', scale_factor: 1, short_name: 'hit', id: 39 },
  error: { family: 'general', name: 'error', plural: 'errors', scale_factor: 1, short_name: 'err', id: 41 },
  byte: { family: 'bytes', name: 'byte', plural: 'bytes', scale_factor: 1, short_name: 'B', id: 1 },
  restart: { family: 'general', name: 'restart', plural: 'restarts', scale_factor: 1, short_name: 'restart', id: 103 },
  connection: { family: 'network', name: 'connection', plural: 'connections', scale_factor: 1, short_name: 'conn', id: 46 },
  message: { family: 'general', name: 'message', plural: 'messages', scale_factor: 1, short_name: 'msg', id: 57 },
};

/** How a Datadog metric is computed from the world's canonical metrics, per source. */
interface MetricMapping {
  canonical: CanonicalMetric;
  /** Counts per interval (hits, errors, restarts) answer `.as_count()` per 60 s and per second otherwise. */
  kind: 'count' | 'gauge';
  perSource(value: number, source: MetricSource, world: ServedWorld, bucket: number): number | undefined;
  unit: Unit | undefined;
}

const identity = (value: number) => value;

export const DATADOG_METRICS: Record<string, MetricMapping> = {
  'trace.http.request.hits': { canonical: 'requests.per_s', kind: 'count', perSource: identity, unit: UNITS.hit },
  'trace.http.request.errors': {
    canonical: 'requests.per_s',
    kind: 'count',
    perSource: (rps, source, world, bucket) => {
      const errorPct = world.telemetry.value(source, 'error.rate_pct', bucket);
      return errorPct === undefined ? undefined : (rps * errorPct) / 100;
    },
    unit: UNITS.error,
  },
  'trace.http.request.duration.by.service.99p': { canonical: 'latency.p99_ms', kind: 'gauge', perSource: (ms) => ms / 1000, unit: UNITS.second },
  'trace.http.request.duration.by.service.95p': { canonical: 'latency.p95_ms', kind: 'gauge', perSource: (ms) => ms / 1000, unit: UNITS.second },
  'trace.http.request.duration.by.service.90p': { canonical: 'latency.p90_ms', kind: 'gauge', perSource: (ms) => ms / 1000, unit: UNITS.second },
  'trace.http.request.duration.by.service.50p': { canonical: 'latency.p50_ms', kind: 'gauge', perSource: (ms) => ms / 1000, unit: UNITS.second },
  'container.cpu.utilization': { canonical: 'cpu.utilization_pct', kind: 'gauge', perSource: identity, unit: UNITS.percent },
  'container.memory.utilization': { canonical: 'memory.utilization_pct', kind: 'gauge', perSource: identity, unit: UNITS.percent },
  'container.memory.usage': { canonical: 'memory.used_bytes', kind: 'gauge', perSource: identity, unit: UNITS.byte },
  'container.net.rcvd': { canonical: 'network.rx_bytes', kind: 'gauge', perSource: identity, unit: UNITS.byte },
  'container.net.sent': { canonical: 'network.tx_bytes', kind: 'gauge', perSource: identity, unit: UNITS.byte },
  'kubernetes.containers.restarts': { canonical: 'restarts.count', kind: 'count', perSource: (count) => count / 60, unit: UNITS.restart },
  'postgresql.connections': { canonical: 'connections.active', kind: 'gauge', perSource: identity, unit: UNITS.connection },
  'redis.net.clients': { canonical: 'connections.active', kind: 'gauge', perSource: identity, unit: UNITS.connection },
  'kafka.consumer_lag': { canonical: 'queue.depth', kind: 'gauge', perSource: identity, unit: UNITS.message },
};

function forbidden(res: ServerResponse): void {
  sendJson(res, 403, { errors: ['Forbidden'] });
}

function badRequest(res: ServerResponse, message: string): void {
  sendJson(res, 400, { errors: [message] });
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Deterministic request ids and timings, derived from the request itself. */
function requestId(...parts: (string | number)[]): string {
  return `pddv1Ch${Buffer.from(hexString(48, ...parts, 'request'), 'hex').toString('base64url')}`;
}

/** Datastore metrics only come from the datastore that runs that technology. */
const TECHNOLOGY_PREFIX: Record<string, string> = { 'postgresql.': 'postgres', 'redis.': 'redis', 'kafka.': 'kafka' };

const reportCache = new WeakMap<ServedWorld, Map<string, boolean>>();

function reportsMetric(world: ServedWorld, base: string, source: MetricSource): boolean {
  let cache = reportCache.get(world);
  if (!cache) reportCache.set(world, (cache = new Map()));
  const key = `${base}\u0000${source.id}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const answer = computeReports(world, base, source);
  cache.set(key, answer);
  return answer;
}

function technologyMatches(world: ServedWorld, base: string, source: MetricSource): boolean {
  const prefix = Object.keys(TECHNOLOGY_PREFIX).find((candidate) => base.startsWith(candidate));
  return !prefix || world.service(source.service)?.technology === TECHNOLOGY_PREFIX[prefix];
}

function computeReports(world: ServedWorld, base: string, source: MetricSource): boolean {
  const mapping = DATADOG_METRICS[base];
  if (!mapping || !technologyMatches(world, base, source)) return false;
  const { start, alertAt, now } = world.clock;
  return [now - BUCKET_MS, alertAt, start].some((probe) => world.telemetry.value(source, mapping.canonical, Math.floor(probe / BUCKET_MS) * BUCKET_MS) !== undefined);
}

export function createMetricCatalogFor(world: ServedWorld): MetricCatalog {
  return createMetricCatalog(world, DATADOG_METRICS, (base, source) => reportsMetric(world, base, source));
}

export function createDatadogFake(world: ServedWorld, options: DatadogFakeOptions) {
  const { clock } = world;
  const catalog = createMetricCatalogFor(world);
  // Telemetry values are pure functions of (source, metric, bucket); agents re-query the same windows.
  const values = new Map<string, number | undefined>();
  function telemetryValue(source: MetricSource, metric: CanonicalMetric, bucket: number): number | undefined {
    const key = `${source.id}\u0000${metric}\u0000${bucket}`;
    if (values.has(key)) return values.get(key);
    const value = world.telemetry.value(source, metric, bucket);
    if (values.size > 500_000) values.clear();
    values.set(key, value);
    return value;
  }
  const cachedWorld: ServedWorld = { ...world, telemetry: { ...world.telemetry, value: telemetryValue } };

  function authorized(req: IncomingMessage): boolean {
    return req.headers['dd-api-key'] === options.apiKey && req.headers['dd-application-key'] === options.appKey;
  }

  // ---------- metrics ----------

  function seriesFor(query: MetricQuery, queryIndex: number, fromMs: number, toMs: number) {
    const services = catalog.resolve(query.metric);
    if (!services) return [];
    const sources = world.telemetry.sources().filter((source) => services.has(source.service) && matchesScope(source.tags, query.filters) && technologyMatches(world, services.get(source.service) as string, source));
    const groups = new Map<string, { tags: [string, string][]; sources: MetricSource[] }>();
    for (const source of sources) {
      const tags = query.groupBy.map((key) => [key, source.tags[key]] as [string, string | undefined]);
      if (tags.some(([, value]) => value === undefined)) continue;
      const key = JSON.stringify(tags);
      const group = groups.get(key) ?? { tags: tags as [string, string][], sources: [] };
      group.sources.push(source);
      groups.set(key, group);
    }
    const first = Math.max(clock.start, Math.floor(fromMs / BUCKET_MS) * BUCKET_MS);
    const aggregator = query.aggregator ?? 'avg';
    const series = [];
    const ordered = [...groups.values()].sort((a, b) => JSON.stringify(a.tags).localeCompare(JSON.stringify(b.tags)));
    for (const group of ordered) {
      const mapping = DATADOG_METRICS[services.get((group.sources[0] as MetricSource).service) as string] as MetricMapping;
      const pointlist: [number, number][] = [];
      for (let bucket = first; bucket < toMs && bucket + BUCKET_MS <= clock.now; bucket += BUCKET_MS) {
        const values: number[] = [];
        for (const source of group.sources) {
          const own = DATADOG_METRICS[services.get(source.service) as string] as MetricMapping;
          const raw = telemetryValue(source, own.canonical, bucket);
          if (raw === undefined) continue;
          const perSecond = own.perSource(raw, source, cachedWorld, bucket);
          if (perSecond === undefined) continue;
          values.push(mapping.kind === 'count' && query.modifier === 'as_count' ? perSecond * 60 : perSecond);
        }
        if (values.length === 0) continue;
        let value: number;
        switch (aggregator) {
          case 'sum':
            value = values.reduce((sum, v) => sum + v, 0);
            break;
          case 'min':
            value = Math.min(...values);
            break;
          case 'max':
            value = Math.max(...values);
            break;
          default:
            value = values.reduce((sum, v) => sum + v, 0) / values.length;
        }
        pointlist.push([bucket, mapping.kind === 'count' && query.modifier === 'as_count' ? Math.round(value) : round(value)]);
      }
      if (pointlist.length === 0) continue;
      const scope = scopeText(query.filters, group.tags);
      const suffix = query.modifier ? `.${query.modifier}()` : '';
      const firstPoint = pointlist[0] as [number, number];
      const lastPoint = pointlist[pointlist.length - 1] as [number, number];
      series.push({
        metric: query.metric,
        display_name: query.metric,
        pointlist,
        scope,
        expression: `${query.aggregator ? `${query.aggregator}:` : ''}${query.metric}{${scope}}${suffix}`,
        interval: BUCKET_MS / 1000,
        length: pointlist.length,
        start: firstPoint[0],
        end: lastPoint[0] + BUCKET_MS - 1000,
        tag_set: group.tags.map(([key, value]) => `${key}:${value}`),
        unit: [mapping.unit ?? null, mapping.kind === 'count' && query.modifier !== 'as_count' ? UNITS.second : null],
        query_index: queryIndex,
        aggr: query.aggregator ?? null,
        attributes: {},
      });
    }
    return series;
  }

  function queryMetrics(url: URL, res: ServerResponse): void {
    const params = url.searchParams;
    for (const name of ['from', 'to', 'query']) {
      if (!params.has(name)) return badRequest(res, `Missing required parameter '${name}'`);
    }
    const from = Number(params.get('from'));
    const to = Number(params.get('to'));
    if (!Number.isInteger(from) || from < 0) return badRequest(res, `The value provided for parameter 'from' is invalid: expected epoch seconds`);
    if (!Number.isInteger(to) || to < 0) return badRequest(res, `The value provided for parameter 'to' is invalid: expected epoch seconds`);
    if (to <= from) return badRequest(res, `The value provided for parameter 'to' must be greater than 'from'`);
    const query = params.get('query') ?? '';
    let queries: MetricQuery[];
    try {
      queries = parseMetricsQuery(query);
    } catch (error) {
      if (error instanceof MetricQueryError) return badRequest(res, `Error parsing query: ${error.message}`);
      throw error;
    }
    const series = queries.flatMap((parsed, index) => seriesFor(parsed, index, from * 1000, to * 1000));
    sendJson(res, 200, {
      status: 'ok',
      resp_version: 1,
      res_type: 'time_series',
      query,
      from_date: from * 1000,
      to_date: to * 1000,
      series,
      group_by: [...new Set(queries.flatMap((parsed) => parsed.groupBy))],
      message: '',
      times: [],
      values: [],
    });
  }

  // ---------- logs ----------

  const LogsRequestSchema = z.object({
    filter: z
      .object({
        query: z.string().default('*'),
        from: z.string().default('now-15m'),
        to: z.string().default('now'),
        indexes: z.array(z.string()).optional(),
        storage_tier: z.string().optional(),
      })
      .default({ query: '*', from: 'now-15m', to: 'now' }),
    sort: z.enum(['timestamp', '-timestamp']).default('-timestamp'),
    page: z
      .object({
        limit: z.number().int().min(1).max(LOGS_PAGE_LIMIT_MAX).default(LOGS_PAGE_LIMIT_DEFAULT),
        cursor: z.string().min(1).optional(),
      })
      .default({ limit: LOGS_PAGE_LIMIT_DEFAULT }),
    options: z.object({ timezone: z.string().optional(), timeOffset: z.number().optional() }).optional(),
  });
  type LogsRequest = z.infer<typeof LogsRequestSchema>;

  function logsInRange(predicate: LogPredicate, services: string[], from: number, to: number): LogRecord[] {
    const matched: LogRecord[] = [];
    const lower = Math.max(from, clock.start);
    const upper = Math.min(to, clock.now);
    if (upper <= lower) return matched;
    // A minute's lines may spill a few milliseconds into the next one, so start one minute early.
    const firstMinute = Math.floor(lower / 60_000) * 60_000 - 60_000;
    for (const service of services) {
      for (let minute = Math.max(firstMinute, clock.start); minute < upper; minute += 60_000) {
        for (const line of world.logs.minute(service, minute)) {
          if (line.timestamp < lower || line.timestamp >= upper) continue;
          if (predicate({ service: line.service, status: line.status, message: line.message, host: line.host, traceId: line.traceId, labels: line.labels, attributes: line.attributes })) {
            matched.push(line);
          }
        }
      }
    }
    return matched;
  }

  function encodeCursor(line: LogRecord): string {
    return Buffer.from(JSON.stringify({ after: line.id })).toString('base64url');
  }

  function decodeCursor(cursor: string): { timestamp: number; id: string } | undefined {
    try {
      const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
      if (typeof parsed.after !== 'string') return undefined;
      const bytes = Buffer.from(parsed.after, 'base64url');
      if (bytes.length < 9) return undefined;
      return { timestamp: Number(bytes.readBigUInt64BE(1)), id: parsed.after };
    } catch {
      return undefined;
    }
  }

  const renderedLogs = new WeakMap<LogRecord, ReturnType<typeof buildLog>>();
  function renderLog(line: LogRecord) {
    let out = renderedLogs.get(line);
    if (!out) {
      out = buildLog(line);
      renderedLogs.set(line, out);
    }
    return out;
  }

  function buildLog(line: LogRecord) {
    const tagOrder = ['env', 'service', 'version', 'pod_name', 'kube_namespace', 'kube_deployment', 'kube_container_name', 'source', 'team'];
    const tags = tagOrder.filter((key) => line.labels[key] !== undefined).map((key) => `${key}:${line.labels[key]}`);
    return {
      id: line.id,
      type: 'log',
      attributes: {
        timestamp: new Date(line.timestamp).toISOString(),
        service: line.service,
        status: line.status,
        message: line.message,
        host: line.host,
        tags,
        attributes: { ...line.attributes, service: line.service, status: line.status, hostname: line.host },
      },
    };
  }

  function searchLogs(request: LogsRequest, baseUrl: string, res: ServerResponse, cap?: number): void {
    const from = parseLogTime(request.filter.from, clock.now);
    const to = parseLogTime(request.filter.to, clock.now);
    if (from === undefined) return badRequest(res, `Invalid filter.from '${request.filter.from}': use an ISO 8601 date, epoch milliseconds or now-<n><s|m|h|d>`);
    if (to === undefined) return badRequest(res, `Invalid filter.to '${request.filter.to}': use an ISO 8601 date, epoch milliseconds or now-<n><s|m|h|d>`);
    if (to < from) return badRequest(res, 'Invalid time range: filter.to is before filter.from');
    let predicate: LogPredicate;
    try {
      predicate = compileLogQuery(request.filter.query);
    } catch (error) {
      if (error instanceof LogQueryError) return badRequest(res, `Error parsing query: ${error.message}`);
      throw error;
    }
    let cursor: { timestamp: number; id: string } | undefined;
    if (request.page.cursor !== undefined) {
      cursor = decodeCursor(request.page.cursor);
      if (!cursor) return badRequest(res, 'Invalid page.cursor: use meta.page.after from the previous response');
    }
    const services = requiredServices(request.filter.query) ?? world.topology.services.map((service) => service.name);
    const descending = request.sort === '-timestamp';
    const compare = (a: { timestamp: number; id: string }, b: { timestamp: number; id: string }) =>
      a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const all = logsInRange(predicate, services, from, to).sort((a, b) => (descending ? compare(b, a) : compare(a, b)));
    const after = cursor;
    const remaining = after ? all.filter((line) => (descending ? compare(line, after) < 0 : compare(line, after) > 0)) : all;
    const page = remaining.slice(0, Math.min(request.page.limit, cap ?? Infinity));
    const more = remaining.length > page.length;
    const last = page[page.length - 1];
    const signature = JSON.stringify(request);
    const body: Record<string, unknown> = {
      data: page.map(renderLog),
      meta: {
        elapsed: 12 + (hash32(world.seed, signature, 'elapsed') % 140),
        request_id: requestId(world.seed, signature),
        status: 'done',
        ...(more && last ? { page: { after: encodeCursor(last) } } : {}),
      },
    };
    if (more && last) {
      body.links = { next: `${baseUrl}/api/v2/logs/events?${nextPageQuery(request, encodeCursor(last))}` };
    }
    sendJson(res, 200, body);
  }

  function logsRequestFromQueryString(params: URLSearchParams): unknown {
    const request = searchFromQueryString(params);
    const indexes = params.get('filter[indexes]');
    if (indexes !== null) request.filter.indexes = indexes.split(',');
    return request;
  }

  function validationMessage(error: z.ZodError): string {
    const issue = error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    return `Invalid request body: ${path || '(root)'}: ${issue?.message ?? 'invalid'}`;
  }

  // ---------- metric discovery ----------

  function listActiveMetrics(url: URL, res: ServerResponse): void {
    const from = url.searchParams.get('from');
    if (from === null) return badRequest(res, "Missing required parameter 'from'");
    if (!/^\d+$/.test(from)) return badRequest(res, "The value provided for parameter 'from' is invalid: expected epoch seconds");
    const tagFilter = url.searchParams.get('tag_filter');
    const names = tagFilter ? namesForTagExpression(tagFilter) : catalog.activeNames();
    if (names === undefined) return badRequest(res, `Invalid tag_filter '${tagFilter}'`);
    sendJson(res, 200, { from, metrics: Number(from) * 1000 > clock.now ? [] : names });
  }

  /** Metric names reported with tags matching `service:x`, `env:prod`, `a AND b`, `service:(a OR b)`, wildcards. */
  function namesForTagExpression(expression: string): string[] | undefined {
    const terms = expression.split(/\s+AND\s+|,/).map((term) => term.trim()).filter(Boolean);
    let services = world.topology.services.map((service) => service.name);
    for (const term of terms) {
      const match = /^(\w+):(?:\((.+)\)|(\S+))$/.exec(term) ?? /^(\w+)\s+IN\s+\((.+)\)$/i.exec(term);
      if (!match) return undefined;
      const key = match[1] as string;
      const values = (match[2] ?? match[3] ?? '').split(/\s+OR\s+|,/).map((value) => value.trim()).filter(Boolean);
      const patterns = values.map((value) => new RegExp(`^${value.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
      if (key === 'service') services = services.filter((service) => patterns.some((pattern) => pattern.test(service)));
      else if (key === 'env' && !patterns.some((pattern) => pattern.test('prod'))) services = [];
    }
    return [...new Set(services.flatMap((service) => catalog.namesForService(service)))].sort();
  }

  function listMetricsV2(url: URL, res: ServerResponse): void {
    const tags = url.searchParams.get('filter[tags]');
    const names = tags ? namesForTagExpression(tags) : catalog.activeNames();
    if (names === undefined) return sendJson(res, 400, { errors: [`Invalid filter[tags] '${tags}': use key:value terms joined by AND`] });
    sendJson(res, 200, { data: names.map((id) => ({ id, type: 'metrics' })) });
  }

  function searchMetricsV1(url: URL, res: ServerResponse): void {
    const q = url.searchParams.get('q');
    if (q === null) return badRequest(res, "Missing required parameter 'q'");
    const term = q.replace(/^metrics:/, '').toLowerCase();
    sendJson(res, 200, { results: { metrics: catalog.activeNames().filter((name) => name.toLowerCase().includes(term)), hosts: [] } });
  }

  const events = serveEvents(world);
  const monitors = serveMonitors(world);
  const spans = serveSpans(world);
  const dependencies = serveServiceDependencies(world);

  async function handler(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const baseUrl = `http://${req.headers.host ?? 'localhost'}`;
    if (!authorized(req)) {
      req.resume();
      return forbidden(res);
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/validate') {
      return sendJson(res, 200, { valid: true });
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/query') {
      return queryMetrics(url, res);
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/metrics') return listActiveMetrics(url, res);
    if (req.method === 'GET' && url.pathname === '/api/v2/metrics') return listMetricsV2(url, res);
    if (req.method === 'GET' && url.pathname === '/api/v1/search') return searchMetricsV1(url, res);
    if (req.method === 'GET' && url.pathname === '/api/v1/events') return events.v1(url, res);
    if (req.method === 'GET' && url.pathname === '/api/v2/events') return events.v2FromQuery(url, baseUrl, res);
    if (req.method === 'POST' && url.pathname === '/api/v2/events/search') {
      const body = await readJson(req, res);
      return body && events.v2(body.value, baseUrl, res);
    }
    if (req.method === 'GET' && url.pathname === '/api/v1/monitor') return monitors.list(url, res);
    const monitorMatch = /^\/api\/v1\/monitor\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && monitorMatch) return monitors.get(decodeURIComponent(monitorMatch[1] as string), res);
    if (req.method === 'POST' && url.pathname === '/api/v2/spans/events/search') {
      const body = await readJson(req, res);
      return body && spans.search(req, body.value, baseUrl, res);
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/spans/events') return spans.list(req, url, baseUrl, res);
    if (req.method === 'GET' && url.pathname === '/api/v1/service_dependencies') return dependencies.all(url, res);
    const dependencyMatch = /^\/api\/v1\/service_dependencies\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && dependencyMatch) return dependencies.one(decodeURIComponent(dependencyMatch[1] as string), url, res);
    if (req.method === 'POST' && url.pathname === '/api/v2/logs/events/search') {
      let raw: unknown = {};
      try {
        const text = await readBody(req);
        raw = text.trim() === '' ? {} : JSON.parse(text);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return sendJson(res, 413, { errors: ['Payload too large'] });
        return badRequest(res, 'Invalid request body: not valid JSON');
      }
      const parsed = LogsRequestSchema.safeParse(raw);
      if (!parsed.success) return badRequest(res, validationMessage(parsed.error));
      return searchLogs(parsed.data, baseUrl, res, pageCap(req));
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/logs/events') {
      const parsed = LogsRequestSchema.safeParse(logsRequestFromQueryString(url.searchParams));
      if (!parsed.success) return badRequest(res, validationMessage(parsed.error));
      return searchLogs(parsed.data, baseUrl, res, pageCap(req));
    }
    req.resume();
    options.logger.debug({ method: req.method, path: url.pathname }, 'datadog: no such endpoint');
    sendJson(res, 404, { errors: ['Not found'] });
  }

  return { handler };
}
