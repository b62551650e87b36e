// list_service_events: what Kubernetes did to the service in a window (rollouts, scaling,
// restarts, OOM kills, warnings), classified and sorted by time, with a deploy summary: the
// "what changed just before it broke" question.
import type { CoreV1Event } from '@kubernetes/client-node';
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
import type { KubernetesToolDeps } from './list-service-pods.ts';
import { NamespaceSchema, timeMs } from './namespace.ts';

export const TOOL_NAME = 'list_service_events';

/** Scan budget for event lists (real clusters keep thousands of events). */
export const EVENT_PAGE_SIZE = 500;
export const MAX_EVENT_PAGES = 10;

export const ListServiceEventsInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  namespace: NamespaceSchema.optional(),
  limit: limitSchema({ default: 20, what: 'events (deploys, restarts and warnings are kept first)' }),
});
export type ListServiceEventsInput = z.infer<typeof ListServiceEventsInputSchema>;

export const EVENT_KINDS = ['deploy', 'scale', 'restart', 'oom', 'warning', 'other'] as const;
export const EventKindSchema = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKindSchema>;

export const ServiceEventSchema = z.object({
  at: z.string().describe('when it happened (the first occurrence if inside the window, else the last)'),
  firstAt: z.string().optional().describe('first occurrence, when it repeated since before `at`'),
  kind: EventKindSchema,
  reason: z.string(),
  type: z.string().describe('Normal or Warning'),
  object: z.string().describe('Kind/name of the object the event is about'),
  message: z.string(),
  count: z.number().int(),
  image: z.string().optional().describe('image named in the event, for pulls'),
});
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

export const DeploySchema = z.object({
  at: z.string(),
  image: z.string().optional(),
  replicaSet: z.string().optional(),
});
export type Deploy = z.infer<typeof DeploySchema>;

export const ListServiceEventsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  namespace: z.string().nullable(),
  query: z.string().describe('kubectl command an engineer can paste to see the same events'),
  scanned: z.number().int().describe('events read from the API before filtering'),
  events: z.array(ServiceEventSchema).describe('sorted by time'),
  deploys: z.array(DeploySchema).describe('rollouts in the window, one per replica set or image, earliest first'),
});
export type ListServiceEventsOutput = z.infer<typeof ListServiceEventsOutputSchema>;

export interface EventsRaw {
  events: CoreV1Event[];
  scanned: number;
  more: boolean;
  error?: { message: string; retryable: boolean };
}

const IMAGE = /image "([^"]+)"/;
const SCALED = /Scaled (up|down) replica set (\S+?)(?: from \d+)? to (\d+)/;

export function imageOf(message: string): string | undefined {
  return IMAGE.exec(message)?.[1];
}

export function classify(event: Pick<CoreV1Event, 'reason' | 'message' | 'type'>): EventKind {
  const reason = event.reason ?? '';
  const message = event.message ?? '';
  if (reason === 'OOMKilling' || /OOMKilled|out of memory/i.test(message)) return 'oom';
  if (reason === 'ScalingReplicaSet') return /Scaled up/.test(message) ? 'deploy' : 'scale';
  if (reason === 'Pulling' || reason === 'Pulled') return 'deploy';
  if (reason === 'SuccessfulRescale' || reason === 'SuccessfulCreate' || reason === 'SuccessfulDelete') return 'scale';
  if (reason === 'BackOff' || /Back-off restarting/i.test(message)) return 'restart';
  // Killing is routine during a rollout ("Stopping container x"); only a failed probe means a restart.
  if (reason === 'Killing') return /will be restarted|failed (liveness|startup) probe/i.test(message) ? 'restart' : 'other';
  if (event.type === 'Warning') return 'warning';
  return 'other';
}

// Which events survive the cap first: the ones that explain incidents.
const PRIORITY: Record<EventKind, number> = { deploy: 0, oom: 0, restart: 1, warning: 1, scale: 2, other: 3 };

/** Whether an event belongs to the service: the Deployment itself or anything named after it. */
export function belongsTo(service: string, objectName: string | undefined): boolean {
  return objectName === service || (objectName ?? '').startsWith(`${service}-`);
}

/** Pod "inventory-service-7f9c6d8b5-x2k4q" belongs to replica set "inventory-service-7f9c6d8b5". */
function replicaSetOfPod(podName: string): string | undefined {
  const match = /^(.+-[a-z0-9]{6,10})-[a-z0-9]{5}$/.exec(podName);
  return match?.[1];
}

export function kubectlEvents(service: string, namespace: string | undefined): string {
  return `kubectl get events ${namespace ? `-n ${namespace}` : '-A'} --sort-by=.lastTimestamp | grep ${service}`;
}

interface Timed {
  event: CoreV1Event;
  first: number;
  last: number;
  at: number;
  kind: EventKind;
}

export function summarize(raw: EventsRaw, input: ListServiceEventsInput): ListServiceEventsOutput {
  const { fromMs, toMs } = windowBounds(input.window);
  const matched: Timed[] = [];
  for (const event of raw.events) {
    if (!belongsTo(input.service, event.involvedObject?.name)) continue;
    const first = timeMs(event.firstTimestamp) ?? timeMs(event.eventTime) ?? timeMs(event.lastTimestamp);
    const last = timeMs(event.lastTimestamp) ?? timeMs(event.eventTime) ?? timeMs(event.firstTimestamp);
    if (first === undefined || last === undefined) continue;
    // Kept when any occurrence [first, last] overlaps the window.
    if (first > toMs || last < fromMs) continue;
    matched.push({ event, first, last, at: first >= fromMs ? first : last, kind: classify(event) });
  }
  matched.sort((a, b) => a.at - b.at || (a.event.metadata?.name ?? '').localeCompare(b.event.metadata?.name ?? ''));

  // Deploys from every matching event, before the cap, so a busy window cannot hide a rollout.
  const byReplicaSet = new Map<string, Deploy & { ms: number }>();
  const byImage = new Map<string, Deploy & { ms: number }>();
  for (const item of matched) {
    if (item.kind !== 'deploy') continue;
    const message = item.event.message ?? '';
    const scaled = SCALED.exec(message);
    const image = imageOf(message);
    const replicaSet = scaled?.[2] ?? (item.event.involvedObject?.kind === 'Pod' ? replicaSetOfPod(item.event.involvedObject.name ?? '') : undefined);
    if (replicaSet) {
      const existing = byReplicaSet.get(replicaSet);
      if (!existing) byReplicaSet.set(replicaSet, { ms: item.at, at: isoSeconds(item.at), replicaSet, ...(image ? { image: redact(image) } : {}) });
      else {
        if (item.at < existing.ms) Object.assign(existing, { ms: item.at, at: isoSeconds(item.at) });
        if (image && !existing.image) existing.image = redact(image);
      }
    } else if (image && !byImage.has(image)) {
      byImage.set(image, { ms: item.at, at: isoSeconds(item.at), image: redact(image) });
    }
  }
  const imagesWithReplicaSet = new Set([...byReplicaSet.values()].map((d) => d.image));
  const deploys: Deploy[] = [...byReplicaSet.values(), ...[...byImage.values()].filter((d) => !imagesWithReplicaSet.has(d.image))]
    .sort((a, b) => a.ms - b.ms)
    .map(({ ms: _ms, ...deploy }) => deploy);

  const kept = [...matched]
    .sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.at - b.at)
    .slice(0, input.limit)
    .sort((a, b) => a.at - b.at);
  const events: ServiceEvent[] = kept.map(({ event, first, at, kind }) => {
    const message = redact(event.message ?? '');
    const image = imageOf(message);
    return {
      at: isoSeconds(at),
      ...(first < at ? { firstAt: isoSeconds(first) } : {}),
      kind,
      reason: event.reason ?? '',
      type: event.type ?? 'Normal',
      object: `${event.involvedObject?.kind ?? 'Object'}/${event.involvedObject?.name ?? '?'}`,
      message,
      count: event.count ?? 1,
      ...(image ? { image } : {}),
    };
  });
  const truncated = matched.length > input.limit || raw.more;

  const hints: string[] = [];
  if (raw.error) {
    hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  } else if (matched.length === 0) {
    hints.push(
      `No Kubernetes events for ${input.service} (objects named ${input.service} or ${input.service}-*) in this window${input.namespace ? ` in namespace ${input.namespace}` : ''}.`,
      'Kubernetes keeps events for about an hour by default: older changes may be gone. Widen the window, or check deploy history elsewhere.',
    );
  } else {
    if (matched.length > input.limit) hints.push(`Showing ${input.limit} of ${matched.length} events (deploys, OOM kills, restarts and warnings first); deploys cover all of them.`);
    if (raw.more) hints.push(`Read the first ${raw.scanned} events of the cluster only; pass a namespace to see all of them.`);
    if (deploys.length > 0) hints.push(`${deploys.length} rollout(s) in the window; compare their times with the onset of errors.`);
  }
  return {
    status: raw.error ? 'error' : matched.length === 0 ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    namespace: input.namespace ?? null,
    query: kubectlEvents(input.service, input.namespace),
    scanned: raw.scanned,
    events,
    deploys,
  };
}

export function describeCall(input: ListServiceEventsInput): string {
  return `Kubernetes events for ${input.service} in ${input.namespace ? `namespace ${input.namespace}` : 'all namespaces'}, ${describeWindow(input.window)}`;
}

async function run(deps: KubernetesToolDeps, input: ListServiceEventsInput): Promise<ListServiceEventsOutput> {
  const { core } = deps.kubernetes;
  const events: CoreV1Event[] = [];
  let cont: string | undefined;
  try {
    for (let page = 0; page < MAX_EVENT_PAGES; page++) {
      const request = { limit: EVENT_PAGE_SIZE, ...(cont ? { _continue: cont } : {}) };
      const list = input.namespace
        ? await core.listNamespacedEvent({ namespace: input.namespace, ...request }, deps.kubernetes.callOptions())
        : await core.listEventForAllNamespaces(request, deps.kubernetes.callOptions());
      events.push(...(list.items ?? []));
      cont = list.metadata?._continue || undefined;
      if (!cont) break;
    }
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Kubernetes',
      doing: `listing events for ${input.service}`,
      credentials: 'KUBERNETES_TOKEN (the service account needs list on events)',
      endpoint: `KUBERNETES_SERVER (now ${deps.kubernetes.server})`,
      timeoutMs: deps.kubernetes.timeoutMs,
    });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'kubernetes event list failed');
    return summarize({ events: [], scanned: 0, more: false, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
  return summarize({ events, scanned: events.length, more: cont !== undefined }, input);
}

export const listServiceEventsTool: ToolDefinition<ListServiceEventsInput, ListServiceEventsOutput, KubernetesToolDeps> = {
  name: TOOL_NAME,
  title: 'List service events (Kubernetes)',
  description:
    'Kubernetes events about one service in a time window (rollouts, image pulls, scaling, restarts, OOM kills, warnings), classified and sorted by time, with a summary of the deploys.',
  inputSchema: ListServiceEventsInputSchema,
  outputSchema: ListServiceEventsOutputSchema,
  describeCall,
  run,
};

export function registerListServiceEventsTool(server: McpServer, deps: KubernetesToolDeps): void {
  registerToolDefinition(server, listServiceEventsTool, deps, deps.logger);
}
