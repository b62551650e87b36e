// list_recent_incidents: past PagerDuty incidents on a service in a window (up to 90 days), with
// titles, resolution times and recurring titles grouped: "has this happened before, and how was it
// fixed".
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { median } from '../../shared/change-point.ts';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import { signatureOf } from '../../shared/log-signature.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { round } from '../../shared/stats.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, windowSchema } from '../../shared/window.ts';
import { pagerDutyErrorContext, type PagerDutyToolDeps } from './get-incident.ts';
import { IncidentIdSchema, IncidentSchema, minutesBetween, PageSchema, ServiceSchema, type Incident } from './pagerduty-shapes.ts';

export const TOOL_NAME = 'list_recent_incidents';
export const MAX_HISTORY_DAYS = 90;
export const PAGE_SIZE = 100;
export const MAX_PAGES = 5;

export const ListRecentIncidentsInputSchema = strictInput({
  service: ServiceNameSchema.describe('service name as PagerDuty names it, e.g. checkout-api'),
  window: windowSchema(MAX_HISTORY_DAYS * 24).describe(`the history to search, at most ${MAX_HISTORY_DAYS} days, e.g. the 30 days before the alert`),
  excludeIncidentId: IncidentIdSchema.optional().describe('leave this incident out (the one being investigated)'),
  limit: limitSchema({ default: 10, what: 'incidents (newest first)' }),
});
export type ListRecentIncidentsInput = z.infer<typeof ListRecentIncidentsInputSchema>;

export const PastIncidentSchema = z.object({
  id: z.string(),
  number: z.number().int().nullable(),
  title: z.string(),
  status: z.string(),
  urgency: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  minutesToResolve: z.number().nullable(),
});
export const RecurringSchema = z.object({
  titlePattern: z.string().describe('the title with numbers and ids masked'),
  count: z.number().int(),
  lastAt: z.string(),
  medianMinutesToResolve: z.number().nullable(),
  example: z.string(),
});

export const ListRecentIncidentsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  serviceId: z.string().nullable(),
  window: z.object({ from: z.string(), to: z.string() }),
  incidents: z.array(PastIncidentSchema).describe('newest first'),
  recurring: z.array(RecurringSchema).describe('titles seen more than once, most frequent first'),
  totals: z.object({ incidents: z.number().int(), resolved: z.number().int(), open: z.number().int(), highUrgency: z.number().int() }),
});
export type ListRecentIncidentsOutput = z.infer<typeof ListRecentIncidentsOutputSchema>;

export interface RecentRaw {
  serviceId: string | undefined;
  incidents: Incident[];
  more: boolean;
  error?: { message: string; retryable: boolean };
}

export function summarize(raw: RecentRaw, input: ListRecentIncidentsInput): ListRecentIncidentsOutput {
  const all = raw.incidents
    .filter((i) => i.id !== input.excludeIncidentId && String(i.incident_number ?? '') !== input.excludeIncidentId)
    .map((i) => {
      const resolvedAt = i.resolved_at ?? (i.status === 'resolved' ? i.last_status_change_at : undefined) ?? null;
      return {
        id: i.id,
        number: i.incident_number ?? null,
        title: redact(i.title ?? i.summary ?? ''),
        status: i.status,
        urgency: i.urgency ?? null,
        createdAt: isoSeconds(Date.parse(i.created_at)),
        resolvedAt: resolvedAt ? isoSeconds(Date.parse(resolvedAt)) : null,
        minutesToResolve: resolvedAt ? minutesBetween(i.created_at, resolvedAt) : null,
      };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));
  const groups = new Map<string, typeof all>();
  for (const incident of all) {
    const key = signatureOf(incident.title);
    groups.set(key, [...(groups.get(key) ?? []), incident]);
  }
  const recurring = [...groups.entries()]
    .filter(([, list]) => list.length > 1)
    .map(([titlePattern, list]) => {
      const minutes = list.map((i) => i.minutesToResolve).filter((m): m is number => m !== null);
      return {
        titlePattern,
        count: list.length,
        lastAt: (list[0] as (typeof all)[number]).createdAt,
        medianMinutesToResolve: minutes.length > 0 ? round(median(minutes), 1) : null,
        example: (list[0] as (typeof all)[number]).title,
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt))
    .slice(0, 5);
  const totals = {
    incidents: all.length,
    resolved: all.filter((i) => i.status === 'resolved').length,
    open: all.filter((i) => i.status !== 'resolved').length,
    highUrgency: all.filter((i) => i.urgency === 'high').length,
  };
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (!raw.serviceId) hints.push(`PagerDuty has no service named ${input.service}; check the name as PagerDuty spells it.`);
  else if (all.length === 0) hints.push(`No incidents on ${input.service} in this window: this looks new; widen the window (up to ${MAX_HISTORY_DAYS} days) to be sure.`);
  else {
    const top = recurring[0];
    if (top) hints.push(`"${top.example}" happened ${top.count} times${top.medianMinutesToResolve !== null ? `, usually resolved in ${top.medianMinutesToResolve} min` : ''}: read how the last one was resolved (get_incident).`);
    else hints.push(`${all.length} incident(s) on ${input.service} in this window, none with a recurring title.`);
    if (all.length > input.limit) hints.push(`Showing the ${input.limit} newest of ${all.length}; totals and recurring titles cover all of them.`);
    if (raw.more) hints.push('More incidents exist than were read: narrow the window.');
  }
  return {
    status: raw.error ? 'error' : !raw.serviceId || all.length === 0 ? 'no_data' : 'ok',
    truncated: all.length > input.limit || raw.more,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    serviceId: raw.serviceId ?? null,
    window: { from: input.window.from, to: input.window.to },
    incidents: all.slice(0, input.limit),
    recurring,
    totals,
  };
}

export function describeCall(input: ListRecentIncidentsInput): string {
  return `PagerDuty incidents on ${input.service}, ${describeWindow(input.window)}`;
}

async function run(deps: PagerDutyToolDeps, input: ListRecentIncidentsInput): Promise<ListRecentIncidentsOutput> {
  try {
    const servicesBody = await deps.pagerduty.get('/services', { query: input.service, limit: 100 });
    const services = z.object({ services: z.array(ServiceSchema) }).loose().parse(servicesBody).services;
    // The query matches substrings; the tool means this service exactly (case-insensitively).
    const service = services.find((s) => (s.name ?? s.summary ?? '').toLowerCase() === input.service.toLowerCase());
    if (!service) return summarize({ serviceId: undefined, incidents: [], more: false }, input);
    const incidents: Incident[] = [];
    let more = false;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await deps.pagerduty.get('/incidents', {
        'service_ids[]': [service.id],
        since: input.window.from,
        until: input.window.to,
        'statuses[]': ['triggered', 'acknowledged', 'resolved'],
        sort_by: 'created_at:desc',
        limit: PAGE_SIZE,
        offset: page * PAGE_SIZE,
      });
      const parsed = z.object({ incidents: z.array(IncidentSchema) }).extend(PageSchema.shape).loose().parse(body);
      incidents.push(...parsed.incidents);
      more = parsed.more === true;
      if (!more || parsed.incidents.length === 0) break;
    }
    return summarize({ serviceId: service.id, incidents, more }, input);
  } catch (error) {
    const mapped = mapVendorError(error, pagerDutyErrorContext(deps, `listing incidents on ${input.service}`));
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'pagerduty incident list failed');
    return summarize({ serviceId: undefined, incidents: [], more: false, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const listRecentIncidentsTool: ToolDefinition<ListRecentIncidentsInput, ListRecentIncidentsOutput, PagerDutyToolDeps> = {
  name: TOOL_NAME,
  title: 'List recent incidents (PagerDuty)',
  description:
    'Past PagerDuty incidents on one service in a window of up to 90 days, newest first, with titles, status, urgency and time to resolve, and recurring titles grouped: has this happened before.',
  inputSchema: ListRecentIncidentsInputSchema,
  outputSchema: ListRecentIncidentsOutputSchema,
  describeCall,
  run,
};

export function registerListRecentIncidentsTool(server: McpServer, deps: PagerDutyToolDeps): void {
  registerToolDefinition(server, listRecentIncidentsTool, deps, deps.logger);
}
