// A PagerDuty REST API fake: the scenario's incident and its alerts (`GET /incidents/{id}`,
// `GET /incidents/{id}/alerts`), with PagerDuty's token auth and error shapes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { sendJson } from '../shared/http-kit.ts';
import type { PagerDutyIncidentModel } from './incident.ts';

export interface PagerDutyFakeOptions {
  token: string;
  logger: Logger;
}

const MAX_LIMIT = 100;

function error(res: ServerResponse, status: number, message: string, code: number, errors?: string[]): void {
  sendJson(res, status, { error: { message, code, ...(errors ? { errors } : {}) } });
}

export function createPagerDutyFake(model: PagerDutyIncidentModel, options: PagerDutyFakeOptions) {
  function handler(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const auth = req.headers.authorization ?? '';
    if (auth !== `Token token=${options.token}`) return error(res, 401, 'Unauthorized', 2006);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return error(res, 405, 'Method Not Allowed', 2000);
    const match = /^\/incidents\/([^/]+)(\/alerts)?$/.exec(url.pathname);
    if (!match) return error(res, 404, 'Not Found', 2100);
    const [, id, alerts] = match;
    if (id !== model.incidentId) return error(res, 404, 'Not Found', 2100, [`Incident ${id} not found`]);
    if (!alerts) return sendJson(res, 200, { incident: model.incident });

    const limitText = url.searchParams.get('limit');
    const offsetText = url.searchParams.get('offset');
    const limit = limitText === null ? 25 : Number(limitText);
    const offset = offsetText === null ? 0 : Number(offsetText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return error(res, 400, 'Invalid Input Provided', 2001, [`limit must be an integer between 1 and ${MAX_LIMIT}`]);
    if (!Number.isInteger(offset) || offset < 0) return error(res, 400, 'Invalid Input Provided', 2001, ['offset must be a non-negative integer']);
    const statuses = url.searchParams.getAll('statuses[]');
    const all = [model.alert].filter((alert) => statuses.length === 0 || statuses.includes(String(alert.status)));
    const page = all.slice(offset, offset + limit);
    sendJson(res, 200, {
      alerts: page,
      limit,
      offset,
      more: offset + page.length < all.length,
      total: url.searchParams.get('total') === 'true' ? all.length : null,
    });
  }

  options.logger.debug({ incident: model.incidentId }, 'pagerduty fake ready');
  return { handler };
}
