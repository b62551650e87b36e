// A PagerDuty REST API v2 fake: incidents (`GET /incidents` with `service_ids[]`, `since`, `until`,
// `date_range=all`, `statuses[]`, `urgencies[]`, `sort_by`, classic `limit`/`offset`/`more`/`total`
// paging; `GET /incidents/{id}` and its `alerts`, `log_entries` and `notes`) and services
// (`GET /services`, `GET /services/{id}`), behind `Authorization: Token token=...`, with
// PagerDuty's error shapes. The current incident is the one the v3 webhook announces.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { pageCap } from '../shared/api-faults.ts';
import { sendJson } from '../shared/http-kit.ts';
import type { ServedWorld } from '../shared/served-world.ts';
import { buildDirectory } from './directory.ts';
import type { PagerDutyIncidentModel } from './incident.ts';

export interface PagerDutyFakeOptions {
  token: string;
  logger: Logger;
}

const MAX_LIMIT = 100;
const DEFAULT_WINDOW_MS = 30 * 86_400_000;

function error(res: ServerResponse, status: number, message: string, code: number, errors?: string[]): void {
  sendJson(res, status, { error: { message, code, ...(errors ? { errors } : {}) } });
}

export function createPagerDutyFake(world: ServedWorld, model: PagerDutyIncidentModel, options: PagerDutyFakeOptions) {
  const directory = buildDirectory(world, model);

  function paging(url: URL, res: ServerResponse): { limit: number; offset: number; total: boolean } | undefined {
    const limitText = url.searchParams.get('limit');
    const offsetText = url.searchParams.get('offset');
    const limit = limitText === null ? 25 : Number(limitText);
    const offset = offsetText === null ? 0 : Number(offsetText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      error(res, 400, 'Invalid Input Provided', 2001, [`limit must be an integer between 1 and ${MAX_LIMIT}`]);
      return undefined;
    }
    if (!Number.isInteger(offset) || offset < 0) {
      error(res, 400, 'Invalid Input Provided', 2001, ['offset must be a non-negative integer']);
      return undefined;
    }
    return { limit, offset, total: url.searchParams.get('total') === 'true' };
  }

  function listPage(req: IncomingMessage, res: ServerResponse, url: URL, key: string, all: unknown[]): void {
    const page = paging(url, res);
    if (!page) return;
    const size = Math.min(page.limit, pageCap(req) ?? Infinity);
    const slice = all.slice(page.offset, page.offset + size);
    sendJson(res, 200, { [key]: slice, limit: page.limit, offset: page.offset, more: page.offset + slice.length < all.length, total: page.total ? all.length : null });
  }

  function listIncidents(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const params = url.searchParams;
    const serviceIds = params.getAll('service_ids[]');
    const statuses = params.getAll('statuses[]');
    const urgencies = params.getAll('urgencies[]');
    for (const status of statuses) if (!['triggered', 'acknowledged', 'resolved'].includes(status)) return error(res, 400, 'Invalid Input Provided', 2001, [`Statuses must be one of triggered, acknowledged, resolved; got ${status}`]);
    for (const urgency of urgencies) if (!['high', 'low'].includes(urgency)) return error(res, 400, 'Invalid Input Provided', 2001, [`Urgencies must be one of high, low; got ${urgency}`]);
    const all = params.get('date_range') === 'all';
    const since = params.get('since');
    const until = params.get('until');
    const sinceMs = since === null ? world.clock.now - DEFAULT_WINDOW_MS : Date.parse(since);
    const untilMs = until === null ? world.clock.now : Date.parse(until);
    if (Number.isNaN(sinceMs)) return error(res, 400, 'Invalid Input Provided', 2001, ['Since is not a valid date']);
    if (Number.isNaN(untilMs)) return error(res, 400, 'Invalid Input Provided', 2001, ['Until is not a valid date']);
    if (!all && untilMs < sinceMs) return error(res, 400, 'Invalid Input Provided', 2001, ['Until must be after Since']);
    // PagerDuty caps a since/until range at six months.
    if (!all && untilMs - sinceMs > 183 * 86_400_000) return error(res, 400, 'Invalid Input Provided', 2001, ['The date range cannot exceed 6 months']);
    const sortBy = params.get('sort_by') ?? 'created_at:asc';
    if (!/^(created_at|incident_number|resolved_at|urgency)(:(asc|desc))?$/.test(sortBy)) return error(res, 400, 'Invalid Input Provided', 2001, [`sort_by must be one of created_at, incident_number, resolved_at, urgency with :asc or :desc; got ${sortBy}`]);
    const matched = directory.incidents
      .filter((entry) => serviceIds.length === 0 || serviceIds.includes(entry.serviceId))
      .filter((entry) => statuses.length === 0 || statuses.includes(entry.record.status))
      .filter((entry) => urgencies.length === 0 || urgencies.includes(entry.record.urgency))
      .filter((entry) => all || (entry.record.createdAt >= sinceMs && entry.record.createdAt <= untilMs));
    const [field, order] = sortBy.split(':');
    const value = (entry: (typeof matched)[number]) => (field === 'incident_number' ? entry.record.number : field === 'resolved_at' ? (entry.record.resolvedAt ?? Infinity) : field === 'urgency' ? (entry.record.urgency === 'high' ? 1 : 0) : entry.record.createdAt);
    matched.sort((a, b) => (order === 'desc' ? value(b) - value(a) : value(a) - value(b)) || a.record.number - b.record.number);
    listPage(req, res, url, 'incidents', matched.map((entry) => entry.incident));
  }

  function handler(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const auth = req.headers.authorization ?? '';
    if (auth !== `Token token=${options.token}`) return error(res, 401, 'Unauthorized', 2006);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return error(res, 405, 'Method Not Allowed', 2000);
    if (url.pathname === '/incidents') return listIncidents(req, res, url);
    if (url.pathname === '/services') {
      const query = url.searchParams.get('query')?.toLowerCase();
      const teamIds = url.searchParams.getAll('team_ids[]');
      const services = directory.services.filter((service) => (query === undefined || String(service.name).toLowerCase().includes(query)) && (teamIds.length === 0 || (service.teams as { id: string }[]).some((team) => teamIds.includes(team.id))));
      return listPage(req, res, url, 'services', services);
    }
    const serviceMatch = /^\/services\/([^/]+)$/.exec(url.pathname);
    if (serviceMatch) {
      const service = directory.services.find((candidate) => candidate.id === serviceMatch[1]);
      if (!service) return error(res, 404, 'Not Found', 2100, [`Service ${serviceMatch[1]} not found`]);
      return sendJson(res, 200, { service });
    }
    const match = /^\/incidents\/([^/]+)(?:\/(alerts|log_entries|notes))?$/.exec(url.pathname);
    if (!match) return error(res, 404, 'Not Found', 2100);
    const [, id, sub] = match;
    const entry = directory.incidents.find((candidate) => candidate.incident.id === id);
    if (!entry) return error(res, 404, 'Not Found', 2100, [`Incident ${id} not found`]);
    if (!sub) return sendJson(res, 200, { incident: entry.incident });
    if (sub === 'notes') return sendJson(res, 200, { notes: entry.notes });
    if (sub === 'log_entries') {
      const isOverview = url.searchParams.get('is_overview') === 'true';
      const entries = isOverview ? entry.logEntries.filter((log) => ['trigger_log_entry', 'acknowledge_log_entry', 'resolve_log_entry'].includes(String(log.type))) : entry.logEntries;
      return listPage(req, res, url, 'log_entries', entries);
    }
    const statuses = url.searchParams.getAll('statuses[]');
    const alerts = [entry.alert].filter((alert) => statuses.length === 0 || statuses.includes(String(alert.status)));
    listPage(req, res, url, 'alerts', alerts);
  }

  options.logger.debug({ incident: model.incidentId, incidents: directory.incidents.length }, 'pagerduty fake ready');
  return { handler };
}
