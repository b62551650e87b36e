// Datadog events: v1 `GET /api/v1/events` (start/end in epoch seconds, `tags`, `sources`,
// `priority`) and v2 `POST /api/v2/events/search` / `GET /api/v2/events` (event search syntax,
// cursor pages). The stream is the world's change events (deploys, config pushes, flag flips,
// infrastructure changes) plus monitor transitions ("[Triggered] ...", "[Recovered] ..."), as a
// Datadog account with CD and monitor integrations shows them.
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import { hash32 } from '../../world/seeded-hash.ts';
import { sendJson } from '../shared/http-kit.ts';
import type { MonitorRecord, MonitorStatus, ServedWorld } from '../shared/served-world.ts';
import { ddError, ddRequestId, decodeCursor, encodeCursor, nextPageQuery, searchFromQueryString, tagPairs, zodMessage } from './datadog-http.ts';
import { compileLogQuery, LogQueryError, parseLogTime } from './logs-query.ts';

export interface DatadogEvent {
  id: number;
  at: number;
  title: string;
  text: string;
  tags: string[];
  /** The integration that sent it, as Datadog names it (`argocd`, `launchdarkly`, `monitor alert`). */
  source: string;
  alertType: 'error' | 'warning' | 'info' | 'success';
  service: string | undefined;
  monitor: MonitorRecord | undefined;
  host: string | undefined;
}

const TRANSITION: Record<MonitorStatus, { verb: string; alertType: DatadogEvent['alertType'] }> = {
  Alert: { verb: 'Triggered', alertType: 'error' },
  Warn: { verb: 'Warn', alertType: 'warning' },
  'No Data': { verb: 'No data', alertType: 'warning' },
  OK: { verb: 'Recovered', alertType: 'success' },
};

/** Every event up to virtual now, oldest first, ids stable for the world. */
export function buildDatadogEvents(world: ServedWorld): DatadogEvent[] {
  const events: DatadogEvent[] = [];
  const id = (...parts: (string | number)[]) => 6_100_000_000_000_000 + (hash32(world.seed, ...parts) % 900_000_000) * 1000 + (hash32(world.seed, 'low', ...parts) % 1000);
  for (const change of world.changeEvents) {
    if (change.at > world.clock.now) continue;
    const tags = [...new Set([...change.tags, `service:${change.service}`, 'env:prod', `source:${change.source}`])].sort();
    events.push({ id: id('change', change.service, change.at, change.title), at: change.at, title: change.title, text: change.text, tags, source: change.source, alertType: 'info', service: change.service, monitor: undefined, host: undefined });
  }
  for (const monitor of world.monitors) {
    let previous: MonitorStatus | undefined;
    for (const state of monitor.states) {
      if (state.at > world.clock.now) break;
      if (state.status === previous || (previous === undefined && state.status === 'OK')) {
        previous = state.status;
        continue;
      }
      const transition = TRANSITION[state.status];
      const tags = [...new Set([...monitor.tags, `monitor:${monitor.id}`, ...(monitor.service ? [`service:${monitor.service}`] : [])])].sort();
      events.push({
        id: id('monitor', monitor.id, state.at),
        at: state.at,
        title: `[${transition.verb}] ${monitor.name}`,
        text: `%%%\n${monitor.message}\n\n${monitor.query}\n%%%`,
        tags,
        source: 'monitor alert',
        alertType: transition.alertType,
        service: monitor.service,
        monitor,
        host: undefined,
      });
      previous = state.status;
    }
  }
  return events.sort((a, b) => a.at - b.at || a.id - b.id);
}

function v1Event(event: DatadogEvent) {
  return {
    alert_type: event.alertType,
    date_happened: Math.floor(event.at / 1000),
    id: event.id,
    id_str: String(event.id),
    payload: '{}',
    priority: 'normal',
    source_type_name: event.source,
    tags: event.tags,
    text: event.text,
    title: event.title,
    url: `/event/event?id=${event.id}`,
    ...(event.host ? { host: event.host } : {}),
  };
}

function v2Event(event: DatadogEvent) {
  const v2Id = Buffer.from(`${event.at.toString(16).padStart(12, '0')}${event.id.toString(16)}`, 'hex').toString('base64url');
  return {
    id: v2Id,
    type: 'event',
    attributes: {
      attributes: {
        aggregation_key: String(hash32(event.title, event.service ?? '')),
        date_happened: Math.floor(event.at / 1000),
        evt: { id: String(event.id), source_id: event.monitor ? 36 : 143, type: event.monitor ? 'monitor_alert' : 'change' },
        ...(event.monitor ? { monitor_id: event.monitor.id, monitor_groups: [] } : {}),
        priority: 'normal',
        ...(event.service ? { service: event.service } : {}),
        source_type_name: event.source,
        status: event.alertType === 'success' ? 'success' : event.alertType,
        tags: event.tags,
        timestamp: event.at,
        title: event.title,
      },
      message: event.text,
      tags: event.tags,
      timestamp: new Date(event.at).toISOString(),
    },
  };
}

/** v1: GET /api/v1/events?start=&end=[&tags=a:b,c:d][&sources=argocd][&priority=normal][&page=0] */
export function listEventsV1(events: DatadogEvent[], url: URL, res: ServerResponse): void {
  const params = url.searchParams;
  for (const name of ['start', 'end']) {
    if (!params.has(name)) return ddError(res, 400, `Missing required parameter '${name}'`);
  }
  const start = Number(params.get('start'));
  const end = Number(params.get('end'));
  if (!Number.isInteger(start) || start < 0) return ddError(res, 400, `The value provided for parameter 'start' is invalid: expected epoch seconds`);
  if (!Number.isInteger(end) || end < 0) return ddError(res, 400, `The value provided for parameter 'end' is invalid: expected epoch seconds`);
  const tags = (params.get('tags') ?? '').split(',').map((tag) => tag.trim()).filter(Boolean);
  const sources = (params.get('sources') ?? '').split(',').map((source) => source.trim().toLowerCase()).filter(Boolean);
  const priority = params.get('priority');
  const pageText = params.get('page');
  const page = pageText === null ? 0 : Number(pageText);
  if (!Number.isInteger(page) || page < 0) return ddError(res, 400, `The value provided for parameter 'page' is invalid`);
  const matched = events
    .filter((event) => event.at >= start * 1000 && event.at <= end * 1000 + 999)
    .filter((event) => tags.every((tag) => event.tags.includes(tag)))
    .filter((event) => sources.length === 0 || sources.includes(event.source.toLowerCase()))
    .filter((event) => priority === null || priority === 'normal')
    .reverse();
  // Datadog pages the v1 stream by 1000 events, newest first.
  sendJson(res, 200, { events: matched.slice(page * 1000, page * 1000 + 1000).map(v1Event), status: 'ok' });
}

const EventsSearchSchema = z.object({
  filter: z.object({ query: z.string().default('*'), from: z.string().default('now-15m'), to: z.string().default('now') }).default({ query: '*', from: 'now-15m', to: 'now' }),
  sort: z.enum(['timestamp', '-timestamp']).default('timestamp'),
  page: z.object({ limit: z.number().int().min(1).max(1000).default(10), cursor: z.string().min(1).optional() }).default({ limit: 10 }),
  options: z.object({ timezone: z.string().optional(), timeOffset: z.number().optional() }).optional(),
});

const isPosition = (value: unknown): value is { after: number } => typeof value === 'object' && value !== null && typeof (value as { after?: unknown }).after === 'number';

/** v2: POST /api/v2/events/search (body) or GET /api/v2/events (query string). */
export function searchEventsV2(world: ServedWorld, events: DatadogEvent[], raw: unknown, baseUrl: string, res: ServerResponse): void {
  const parsed = EventsSearchSchema.safeParse(raw);
  if (!parsed.success) return ddError(res, 400, zodMessage(parsed.error));
  const request = parsed.data;
  const from = parseLogTime(request.filter.from, world.clock.now);
  const to = parseLogTime(request.filter.to, world.clock.now);
  if (from === undefined || to === undefined) return ddError(res, 400, `Invalid filter.${from === undefined ? 'from' : 'to'}: use an ISO 8601 date, epoch milliseconds or now-<n><s|m|h|d>`);
  if (to < from) return ddError(res, 400, "Invalid time range: 'from' should be anterior to 'to'");
  let predicate;
  try {
    predicate = compileLogQuery(request.filter.query);
  } catch (error) {
    if (error instanceof LogQueryError) return ddError(res, 400, `Error parsing query: ${error.message}`);
    throw error;
  }
  let position: { after: number } | undefined;
  if (request.page.cursor !== undefined) {
    position = decodeCursor(request.page.cursor, isPosition);
    if (!position) return ddError(res, 400, 'Invalid page[cursor]: use meta.page.after from the previous response');
  }
  const ordered = events
    .filter((event) => event.at >= from && event.at <= to)
    .filter((event) =>
      predicate({ service: event.service ?? '', status: event.alertType, message: `${event.title}\n${event.text}`, host: event.host ?? '', traceId: undefined, labels: { ...tagPairs(event.tags), source: event.source }, attributes: {} }),
    );
  if (request.sort === '-timestamp') ordered.reverse();
  const offset = position?.after ?? 0;
  const page = ordered.slice(offset, offset + request.page.limit);
  const more = offset + page.length < ordered.length;
  const next = encodeCursor({ after: offset + page.length });
  const body: Record<string, unknown> = {
    data: page.map(v2Event),
    meta: { elapsed: 20 + (hash32(world.seed, JSON.stringify(request)) % 90), request_id: ddRequestId(world.seed, JSON.stringify(request)), status: 'done', ...(more ? { page: { after: next } } : {}), warnings: [] },
  };
  if (more) {
    body.links = { next: `${baseUrl}/api/v2/events?${nextPageQuery(request, next)}` };
  }
  sendJson(res, 200, body);
}

export function serveEvents(world: ServedWorld) {
  const events = buildDatadogEvents(world);
  return {
    events,
    v1: (url: URL, res: ServerResponse) => listEventsV1(events, url, res),
    v2: (raw: unknown, baseUrl: string, res: ServerResponse) => searchEventsV2(world, events, raw, baseUrl, res),
    v2FromQuery: (url: URL, baseUrl: string, res: ServerResponse) => searchEventsV2(world, events, searchFromQueryString(url.searchParams), baseUrl, res),
  };
}
