// list_service_monitors: the monitors that watch the service, their state now and their transitions
// in the window, with flapping detection: which alarms fired first, and which one always cries wolf.
import type { v1 } from '@datadog/datadog-api-client';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, WindowSchema, windowBounds } from '../../shared/window.ts';
import { listEventsInWindow, tagValue, type EventLite } from './datadog-events.ts';
import type { DatadogToolDeps } from './query-service-metrics.ts';

export const TOOL_NAME = 'list_service_monitors';
/** A monitor that changes state this often in one window is flapping: its alerts say little. */
export const FLAPPING_TRANSITIONS = 4;

export const ListServiceMonitorsInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  limit: limitSchema({ default: 10, what: 'monitors (alerting and changing first)' }),
});
export type ListServiceMonitorsInput = z.infer<typeof ListServiceMonitorsInputSchema>;

export const MONITOR_STATES = ['Alert', 'Warn', 'No Data', 'OK', 'Ignored', 'Skipped', 'Unknown'] as const;

export const TransitionSchema = z.object({ at: z.string(), state: z.string() });
export const MonitorSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: z.string(),
  state: z.string().describe('overall state now: Alert, Warn, No Data, OK, ...'),
  query: z.string(),
  transitions: z.array(TransitionSchema).describe('state changes in the window, oldest first (at most 10)'),
  firstAlertAt: z.string().nullable().describe('first transition to Alert or Warn in the window'),
  flapping: z.boolean().describe(`at least ${FLAPPING_TRANSITIONS} transitions in the window`),
});
export type MonitorSummary = z.infer<typeof MonitorSummarySchema>;

export const ListServiceMonitorsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  query: z.string().describe('monitor search an engineer can paste into Manage Monitors'),
  monitors: z.array(MonitorSummarySchema).describe('alerting first, then by first alert time'),
  totals: z.object({ monitors: z.number().int(), alerting: z.number().int(), flapping: z.number().int() }),
});
export type ListServiceMonitorsOutput = z.infer<typeof ListServiceMonitorsOutputSchema>;

export interface MonitorLite {
  id: number;
  name: string;
  type: string;
  state: string;
  query: string;
}
export interface MonitorsRaw {
  monitors: MonitorLite[];
  events: EventLite[];
  error?: { message: string; retryable: boolean };
}

export function toMonitorLite(monitor: v1.Monitor): MonitorLite | undefined {
  if (typeof monitor.id !== 'number') return undefined;
  return {
    id: monitor.id,
    name: monitor.name ?? `monitor ${monitor.id}`,
    type: String(monitor.type),
    state: String(monitor.overallState ?? 'Unknown'),
    query: monitor.query,
  };
}

const TITLE_STATE = /^\[(Triggered|Re-Triggered|Recovered|Warn|Warning|No Data|Re-Warn)(?: on [^\]]*)?\]\s*(.*)$/i;

/** The state a monitor notification event announces, or undefined when it is not one. */
export function transitionOf(event: Pick<EventLite, 'title' | 'alertType'>): string | undefined {
  const match = TITLE_STATE.exec(event.title.trim());
  if (match) {
    const word = (match[1] as string).toLowerCase();
    if (word === 'recovered') return 'OK';
    if (word.includes('warn')) return 'Warn';
    if (word === 'no data') return 'No Data';
    return 'Alert';
  }
  return undefined;
}

/** Whether an event is about a monitor: its id tag, or its name in a notification title. */
export function eventIsAbout(event: EventLite, monitor: MonitorLite): boolean {
  const id = tagValue(event.tags, 'monitor_id') ?? tagValue(event.tags, 'monitor');
  if (id !== undefined) return id === String(monitor.id);
  const match = TITLE_STATE.exec(event.title.trim());
  return match !== null && (match[2] as string).trim().startsWith(monitor.name.trim());
}

const STATE_RANK: Record<string, number> = { Alert: 0, Warn: 1, 'No Data': 2 };

export function summarize(raw: MonitorsRaw, input: ListServiceMonitorsInput): ListServiceMonitorsOutput {
  const { fromMs, toMs } = windowBounds(input.window);
  const inWindow = raw.events.filter((e) => e.at >= fromMs && e.at <= toMs && transitionOf(e) !== undefined).sort((a, b) => a.at - b.at);
  const all: MonitorSummary[] = raw.monitors.map((monitor) => {
    const transitions: Array<{ at: number; state: string }> = [];
    for (const event of inWindow) {
      if (!eventIsAbout(event, monitor)) continue;
      const state = transitionOf(event) as string;
      // Re-notifications of the same state are not transitions.
      if (transitions.at(-1)?.state === state) continue;
      transitions.push({ at: event.at, state });
    }
    const firstAlert = transitions.find((t) => t.state === 'Alert' || t.state === 'Warn');
    return {
      id: monitor.id,
      name: redact(monitor.name),
      type: monitor.type,
      state: monitor.state,
      query: redact(monitor.query),
      transitions: transitions.slice(-10).map((t) => ({ at: isoSeconds(t.at), state: t.state })),
      firstAlertAt: firstAlert ? isoSeconds(firstAlert.at) : null,
      flapping: transitions.length >= FLAPPING_TRANSITIONS,
    };
  });
  const ranked = [...all].sort(
    (a, b) =>
      Number(a.flapping) - Number(b.flapping) ||
      (STATE_RANK[a.state] ?? 3) - (STATE_RANK[b.state] ?? 3) ||
      (a.firstAlertAt ?? '~').localeCompare(b.firstAlertAt ?? '~') ||
      a.id - b.id,
  );
  const monitors = ranked.slice(0, input.limit);
  const alerting = all.filter((m) => m.state === 'Alert' || m.state === 'Warn').length;
  const flapping = all.filter((m) => m.flapping);
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (all.length === 0) {
    hints.push(`No monitors are tagged service:${input.service}.`, 'Monitors may use another tag or only name the service in their query; check metrics directly.');
  } else {
    const first = [...all].filter((m) => m.firstAlertAt && !m.flapping).sort((a, b) => (a.firstAlertAt as string).localeCompare(b.firstAlertAt as string))[0];
    if (first) hints.push(`First monitor to fire in the window: "${first.name}" at ${first.firstAlertAt}.`);
    if (flapping.length > 0) hints.push(`Flapping (weak evidence on their own): ${flapping.map((m) => `"${m.name}"`).join(', ')}.`);
    if (all.length > input.limit) hints.push(`Showing ${input.limit} of ${all.length} monitors; totals cover all of them.`);
  }
  return {
    status: raw.error ? 'error' : all.length === 0 ? 'no_data' : 'ok',
    truncated: all.length > input.limit,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    query: `tag:"service:${input.service}"`,
    monitors,
    totals: { monitors: all.length, alerting, flapping: flapping.length },
  };
}

export function describeCall(input: ListServiceMonitorsInput): string {
  return `Datadog monitors of ${input.service} and their transitions, ${describeWindow(input.window)}`;
}

async function run(deps: DatadogToolDeps, input: ListServiceMonitorsInput): Promise<ListServiceMonitorsOutput> {
  const apis = deps.datadog.open();
  try {
    // Monitor tags first (how teams tag ownership), then scope tags (the query's own filter).
    let monitors = (await apis.monitors.listMonitors({ monitorTags: `service:${input.service}`, pageSize: 100 })).map(toMonitorLite);
    if (monitors.length === 0) monitors = (await apis.monitors.listMonitors({ tags: `service:${input.service}`, pageSize: 100 })).map(toMonitorLite);
    const found = monitors.filter((m): m is MonitorLite => m !== undefined);
    const bounds = windowBounds(input.window);
    let events = found.length > 0 ? (await listEventsInWindow(apis, bounds, `service:${input.service}`)).events : [];
    // Notifications do not always carry the service tag; fall back to the whole stream once.
    if (found.length > 0 && !events.some((e) => transitionOf(e) !== undefined)) events = (await listEventsInWindow(apis, bounds, undefined)).events;
    return summarize({ monitors: found, events }, input);
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Datadog',
      doing: `listing monitors of ${input.service}`,
      credentials: 'DD_API_KEY and DD_APP_KEY (the application key needs the monitors_read and events_read scopes)',
      endpoint: `the Datadog base URL (DD_SITE_URL, now ${deps.datadog.baseUrl})`,
      timeoutMs: deps.datadog.timeoutMs,
      retryAfterSeconds: apis.retryAfterSeconds(),
    });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'datadog monitor list failed');
    return summarize({ monitors: [], events: [], error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const listServiceMonitorsTool: ToolDefinition<ListServiceMonitorsInput, ListServiceMonitorsOutput, DatadogToolDeps> = {
  name: TOOL_NAME,
  title: 'List service monitors (Datadog)',
  description:
    'Monitors tagged for one service: their state now, their transitions in the time window (first to fire first) and whether they are flapping.',
  inputSchema: ListServiceMonitorsInputSchema,
  outputSchema: ListServiceMonitorsOutputSchema,
  describeCall,
  run,
};

export function registerListServiceMonitorsTool(server: McpServer, deps: DatadogToolDeps): void {
  registerToolDefinition(server, listServiceMonitorsTool, deps, deps.logger);
}
