// get_incident: one PagerDuty incident with its alerts and its timeline (trigger, escalations,
// acknowledgements, notes, resolution), summarized: what paged, who knows, what was said.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import type { Logger } from '../../shared/logger.ts';
import { redact } from '../../shared/redact.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { isoSeconds } from '../../shared/window.ts';
import type { PagerDutyClient } from '../client.ts';
import { AlertSchema, IncidentIdSchema, IncidentSchema, LogEntrySchema, minutesBetween, type Alert, type Incident, type LogEntry } from './pagerduty-shapes.ts';

export const TOOL_NAME = 'get_incident';
export const MAX_ALERTS_READ = 100;
export const MAX_LOG_ENTRIES_READ = 100;

export const GetIncidentInputSchema = strictInput({
  incidentId: IncidentIdSchema,
  limit: limitSchema({ default: 15, max: 50, what: 'alerts and timeline entries each' }),
});
export type GetIncidentInput = z.infer<typeof GetIncidentInputSchema>;

export const GetIncidentOutputSchema = z.object({
  ...envelopeShape,
  incidentId: z.string(),
  incident: z
    .object({
      id: z.string(),
      number: z.number().int().nullable(),
      title: z.string(),
      status: z.string(),
      urgency: z.string().nullable(),
      service: z.string().nullable(),
      createdAt: z.string(),
      resolvedAt: z.string().nullable(),
      minutesOpen: z.number().nullable().describe('until resolution, or until the last status change'),
      priority: z.string().nullable(),
      assignees: z.array(z.string()),
      escalationPolicy: z.string().nullable(),
      url: z.string().nullable(),
    })
    .nullable(),
  alerts: z.array(
    z.object({
      id: z.string(),
      summary: z.string(),
      status: z.string().nullable(),
      severity: z.string().nullable(),
      createdAt: z.string().nullable(),
      source: z.string().nullable().describe('the monitoring source that sent it, from the alert body'),
    }),
  ),
  alertCounts: z.record(z.string(), z.number().int()).describe('alerts per status'),
  timeline: z.array(z.object({ at: z.string(), type: z.string(), summary: z.string(), agent: z.string().nullable() })).describe('oldest first'),
});
export type GetIncidentOutput = z.infer<typeof GetIncidentOutputSchema>;

export interface IncidentRaw {
  incident: Incident | undefined;
  alerts: Alert[];
  logEntries: LogEntry[];
  error?: { message: string; retryable: boolean };
}

function iso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : isoSeconds(ms);
}

function sourceOf(alert: Alert): string | null {
  const body = alert.body ?? {};
  const cef = (body['cef_details'] ?? {}) as Record<string, unknown>;
  const details = (body['details'] ?? {}) as Record<string, unknown>;
  for (const value of [cef['source_origin'], cef['source_component'], details['source'], body['source'], cef['reporter_component']]) {
    if (typeof value === 'string' && value.length > 0) return redact(value);
  }
  return null;
}

/** log entry type "acknowledge_log_entry" -> "acknowledge". */
function entryType(type: string): string {
  return type.replace(/_log_entry(_reference)?$/, '');
}

export function summarize(raw: IncidentRaw, input: GetIncidentInput): GetIncidentOutput {
  const i = raw.incident;
  const alertsAll = [...raw.alerts].sort((a, b) => (a.created_at ?? '').localeCompare(b.created_at ?? '') || a.id.localeCompare(b.id));
  const alertCounts: Record<string, number> = {};
  for (const a of alertsAll) alertCounts[a.status ?? 'unknown'] = (alertCounts[a.status ?? 'unknown'] ?? 0) + 1;
  const entries = [...raw.logEntries].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  // Keep the first entries (how it started) and the last ones (where it stands) when capping.
  const half = Math.ceil(input.limit / 2);
  const kept = entries.length > input.limit ? [...entries.slice(0, half), ...entries.slice(entries.length - (input.limit - half))] : entries;
  const resolvedAt = i ? iso(i.resolved_at ?? (i.status === 'resolved' ? i.last_status_change_at : undefined)) : null;
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (!i) hints.push(`PagerDuty has no incident ${input.incidentId}; check the id (it is in the alert's incident URL).`);
  else {
    if (i.status !== 'resolved') hints.push(`The incident is ${i.status}; check list_recent_incidents for the same service to see whether it happened before.`);
    const notes = entries.filter((e) => entryType(e.type) === 'annotate');
    if (notes.length > 0) hints.push(`${notes.length} note(s) on the timeline: responders may already have a lead.`);
    if (alertsAll.length > input.limit || entries.length > input.limit) hints.push(`Alerts and timeline are cut at ${input.limit} each (the timeline keeps its start and its end).`);
  }
  return {
    status: raw.error ? 'error' : i ? 'ok' : 'no_data',
    truncated: alertsAll.length > input.limit || entries.length > input.limit,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    incidentId: input.incidentId,
    incident: i
      ? {
          id: i.id,
          number: i.incident_number ?? null,
          title: redact(i.title ?? i.summary ?? ''),
          status: i.status,
          urgency: i.urgency ?? null,
          service: i.service?.summary ?? null,
          createdAt: iso(i.created_at) ?? i.created_at,
          resolvedAt,
          minutesOpen: minutesBetween(i.created_at, i.resolved_at ?? i.last_status_change_at),
          priority: i.priority?.summary ?? null,
          assignees: (i.assignments ?? []).map((a) => a.assignee?.summary).filter((s): s is string => typeof s === 'string').map(redact),
          escalationPolicy: i.escalation_policy?.summary ?? null,
          url: i.html_url ?? null,
        }
      : null,
    alerts: alertsAll.slice(0, input.limit).map((a) => ({
      id: a.id,
      summary: redact(a.summary ?? ''),
      status: a.status ?? null,
      severity: a.severity ?? null,
      createdAt: iso(a.created_at),
      source: sourceOf(a),
    })),
    alertCounts,
    timeline: kept.map((e) => ({ at: iso(e.created_at) ?? e.created_at, type: entryType(e.type), summary: redact(e.summary ?? '').slice(0, 300), agent: e.agent?.summary ? redact(e.agent.summary) : null })),
  };
}

export function describeCall(input: GetIncidentInput): string {
  return `PagerDuty incident ${input.incidentId} with its alerts and timeline`;
}

export interface PagerDutyToolDeps {
  pagerduty: PagerDutyClient;
  logger: Logger;
}

export function pagerDutyErrorContext(deps: PagerDutyToolDeps, doing: string) {
  return {
    vendor: 'PagerDuty',
    doing,
    credentials: 'PAGERDUTY_TOKEN (a read-only REST API key is enough)',
    endpoint: `PAGERDUTY_API_URL (now ${deps.pagerduty.baseUrl})`,
    timeoutMs: deps.pagerduty.timeoutMs,
  };
}

async function run(deps: PagerDutyToolDeps, input: GetIncidentInput): Promise<GetIncidentOutput> {
  const path = `/incidents/${encodeURIComponent(input.incidentId)}`;
  try {
    const [incidentBody, alertsBody, entriesBody] = await Promise.all([
      deps.pagerduty.get(path),
      deps.pagerduty.get(`${path}/alerts`, { limit: MAX_ALERTS_READ }),
      deps.pagerduty.get(`${path}/log_entries`, { limit: MAX_LOG_ENTRIES_READ, is_overview: 'true' }),
    ]);
    const incident = z.object({ incident: IncidentSchema }).safeParse(incidentBody);
    if (!incident.success) throw new Error(`the incident response does not look like PagerDuty's: ${incident.error.issues[0]?.message ?? 'invalid'}`);
    const alerts = z.object({ alerts: z.array(AlertSchema) }).loose().safeParse(alertsBody);
    const entries = z.object({ log_entries: z.array(LogEntrySchema) }).loose().safeParse(entriesBody);
    return summarize({ incident: incident.data.incident, alerts: alerts.success ? alerts.data.alerts : [], logEntries: entries.success ? entries.data.log_entries : [] }, input);
  } catch (error) {
    const mapped = mapVendorError(error, pagerDutyErrorContext(deps, `reading incident ${input.incidentId}`));
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'pagerduty incident read failed');
    if (mapped.httpStatus === 404) return summarize({ incident: undefined, alerts: [], logEntries: [] }, input);
    return summarize({ incident: undefined, alerts: [], logEntries: [], error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const getIncidentTool: ToolDefinition<GetIncidentInput, GetIncidentOutput, PagerDutyToolDeps> = {
  name: TOOL_NAME,
  title: 'Get incident (PagerDuty)',
  description: 'One PagerDuty incident: title, status, urgency, service, assignees, how long it has been open, its alerts and its timeline (triggers, escalations, acknowledgements, notes, resolution).',
  inputSchema: GetIncidentInputSchema,
  outputSchema: GetIncidentOutputSchema,
  describeCall,
  run,
};

export function registerGetIncidentTool(server: McpServer, deps: PagerDutyToolDeps): void {
  registerToolDefinition(server, getIncidentTool, deps, deps.logger);
}
