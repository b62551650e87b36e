// list_change_events: what changed around the service in a window (deploys, config pushes, feature
// flags, scaling, infrastructure), for the service and, by default, its APM neighbours: the
// "what changed just before it broke" question, beyond Kubernetes.
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
import { dependenciesOf, EnvSchema, fetchServiceDependencies } from './service-dependencies.ts';

export const TOOL_NAME = 'list_change_events';
/** Neighbours queried besides the service itself (one events query each). */
export const MAX_NEIGHBOURS = 8;

export const CHANGE_KINDS = ['deploy', 'config', 'feature_flag', 'scale', 'infra', 'other'] as const;
export const ChangeKindSchema = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof ChangeKindSchema>;

export const ListChangeEventsInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  includeNeighbours: z
    .boolean()
    .default(true)
    .describe('also list changes of the services it calls and that call it (from Datadog APM dependencies); default true'),
  env: EnvSchema,
  limit: limitSchema({ default: 20, what: 'change events (the service first, then deploys, config and flags)' }),
});
export type ListChangeEventsInput = z.infer<typeof ListChangeEventsInputSchema>;

export const ChangeEventSchema = z.object({
  at: z.string(),
  service: z.string(),
  relation: z.enum(['self', 'calls', 'caller', 'other']).describe('self, a service it calls, a caller, or another service named in the event'),
  kind: ChangeKindSchema,
  title: z.string(),
  text: z.string().describe('first line of the event text, redacted, at most 200 characters'),
  source: z.string(),
  version: z.string().optional().describe('the version deployed, from the version tag or the text'),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

export const ListChangeEventsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  servicesChecked: z.array(z.string()),
  query: z.string().describe('Datadog event search an engineer can paste into the event explorer'),
  events: z.array(ChangeEventSchema).describe('sorted by time'),
  counts: z.record(z.string(), z.number().int()).describe('changes per kind, over all matched events'),
  lastChangeOfService: ChangeEventSchema.nullable().describe("the service's own latest change in the window"),
});
export type ListChangeEventsOutput = z.infer<typeof ListChangeEventsOutputSchema>;

const KIND_TAG_KEYS = ['change_type', 'change.type', 'kind', 'event_type', 'category'];
const SOURCE_KINDS: Array<[RegExp, ChangeKind]> = [
  [/launchdarkly|split|flagsmith|unleash|optimizely|statsig|flag/i, 'feature_flag'],
  [/argo|spinnaker|jenkins|github|gitlab|circleci|buildkite|harness|octopus|flux|deploy|helm/i, 'deploy'],
  [/terraform|cloudformation|pulumi|aws|gcp|azure|ansible/i, 'infra'],
  [/consul|etcd|config/i, 'config'],
];
const TEXT_KINDS: Array<[RegExp, ChangeKind]> = [
  [/feature flag|\bflag\b|toggle|rollout percentage/i, 'feature_flag'],
  [/\b(deploy(ed|ment)?|rolled out|rollout|release[sd]?|image)\b/i, 'deploy'],
  [/\bconfig(uration|map)?\b|setting|parameter|env var/i, 'config'],
  [/\bscal(e|ed|ing)\b|replicas|autoscal|\bhpa\b/i, 'scale'],
  [/terraform|\bnode\b|instance|security group|load balancer|dns|certificate|infra/i, 'infra'],
];

/** Monitor notifications are alerts, not changes; they belong to list_service_monitors. */
export function isMonitorEvent(event: Pick<EventLite, 'source' | 'title' | 'tags'>): boolean {
  return /monitor|alert/i.test(event.source) || /^\[(Triggered|Recovered|Re-Triggered|Warn|No Data|P\d)/.test(event.title) || event.tags.some((t) => t.startsWith('monitor_id:'));
}

export function classifyChange(event: Pick<EventLite, 'source' | 'title' | 'text' | 'tags'>): ChangeKind {
  for (const key of KIND_TAG_KEYS) {
    const value = tagValue(event.tags, key)?.toLowerCase().replace(/-/g, '_');
    if (value && (CHANGE_KINDS as readonly string[]).includes(value)) return value as ChangeKind;
    if (value === 'flag' || value === 'featureflag') return 'feature_flag';
  }
  for (const [pattern, kind] of SOURCE_KINDS) if (pattern.test(event.source)) return kind;
  const words = `${event.title} ${event.text}`;
  for (const [pattern, kind] of TEXT_KINDS) if (pattern.test(words)) return kind;
  return 'other';
}

const VERSION = /\b(?:v)?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)\b/;

export function versionOf(event: Pick<EventLite, 'title' | 'text' | 'tags'>): string | undefined {
  return tagValue(event.tags, 'version') ?? VERSION.exec(event.title)?.[1] ?? VERSION.exec(event.text)?.[1];
}

export interface ChangesRaw {
  events: EventLite[];
  /** Which services were asked for, and how each relates to the alerting one. */
  relations: ReadonlyMap<string, 'self' | 'calls' | 'caller'>;
  more: boolean;
  error?: { message: string; retryable: boolean };
}

const KIND_PRIORITY: Record<ChangeKind, number> = { deploy: 0, config: 0, feature_flag: 0, infra: 1, scale: 2, other: 3 };
const RELATION_PRIORITY = { self: 0, calls: 1, caller: 2, other: 3 } as const;

export function summarize(raw: ChangesRaw, input: ListChangeEventsInput): ListChangeEventsOutput {
  const { fromMs, toMs } = windowBounds(input.window);
  const seen = new Set<string>();
  const all: Array<ChangeEvent & { ms: number }> = [];
  for (const event of raw.events) {
    if (event.at < fromMs || event.at > toMs || isMonitorEvent(event)) continue;
    const key = event.id || `${event.at}\u0000${event.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tagged = event.tags.filter((t) => t.startsWith('service:')).map((t) => t.slice('service:'.length));
    const service = tagged.find((s) => raw.relations.has(s)) ?? tagged[0] ?? input.service;
    const relation = raw.relations.get(service) ?? 'other';
    const version = versionOf(event);
    all.push({
      ms: event.at,
      at: isoSeconds(event.at),
      service,
      relation,
      kind: classifyChange(event),
      title: redact(event.title).slice(0, 200),
      text: redact(event.text.split(/\r?\n/).find((l) => l.trim().length > 0) ?? '').trim().slice(0, 200),
      source: event.source,
      ...(version ? { version } : {}),
    });
  }
  const counts: Record<string, number> = {};
  for (const e of all) counts[e.kind] = (counts[e.kind] ?? 0) + 1;
  const kept = [...all]
    .sort((a, b) => RELATION_PRIORITY[a.relation] - RELATION_PRIORITY[b.relation] || KIND_PRIORITY[a.kind] - KIND_PRIORITY[b.kind] || b.ms - a.ms)
    .slice(0, input.limit)
    .sort((a, b) => a.ms - b.ms || a.service.localeCompare(b.service));
  const own = all.filter((e) => e.relation === 'self').sort((a, b) => b.ms - a.ms)[0];
  const strip = ({ ms: _ms, ...event }: ChangeEvent & { ms: number }): ChangeEvent => event;
  const truncated = all.length > input.limit || raw.more;

  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (all.length === 0) {
    hints.push(
      `No change events for ${[...raw.relations.keys()].join(', ')} in this window.`,
      'Changes may not be sent to Datadog events; check Kubernetes events or rollout history, or widen the window.',
    );
  } else {
    if (own) hints.push(`${input.service}'s latest change: ${own.kind} at ${own.at} (${own.title}); compare with the onset of errors.`);
    const neighbourDeploys = all.filter((e) => e.relation !== 'self' && e.kind !== 'other');
    if (neighbourDeploys.length > 0) hints.push(`${neighbourDeploys.length} change(s) on neighbours: ${[...new Set(neighbourDeploys.map((e) => e.service))].join(', ')}.`);
    if (all.length > input.limit) hints.push(`Showing ${input.limit} of ${all.length} changes (the service's own first); counts cover all of them.`);
    if (raw.more) hints.push('More events exist than were read: narrow the window.');
  }
  return {
    status: raw.error ? 'error' : all.length === 0 ? 'no_data' : 'ok',
    truncated,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    servicesChecked: [...raw.relations.keys()],
    query: raw.relations.size === 1 ? `service:${input.service}` : `service:(${[...raw.relations.keys()].join(' OR ')})`,
    events: kept.map(strip),
    counts,
    lastChangeOfService: own ? strip(own) : null,
  };
}

export function describeCall(input: ListChangeEventsInput): string {
  return `Datadog change events for ${input.service}${input.includeNeighbours ? ' and its neighbours' : ''}, ${describeWindow(input.window)}`;
}

async function run(deps: DatadogToolDeps, input: ListChangeEventsInput): Promise<ListChangeEventsOutput> {
  const apis = deps.datadog.open();
  const bounds = windowBounds(input.window);
  const relations = new Map<string, 'self' | 'calls' | 'caller'>([[input.service, 'self']]);
  const context = {
    vendor: 'Datadog',
    credentials: 'DD_API_KEY and DD_APP_KEY (the application key needs the events_read scope)',
    endpoint: `the Datadog base URL (DD_SITE_URL, now ${deps.datadog.baseUrl})`,
    timeoutMs: deps.datadog.timeoutMs,
  };
  if (input.includeNeighbours) {
    try {
      const neighbours = dependenciesOf(await fetchServiceDependencies(apis, input.env, bounds), input.service);
      for (const s of neighbours.calls) if (relations.size <= MAX_NEIGHBOURS && !relations.has(s)) relations.set(s, 'calls');
      for (const s of neighbours.callers) if (relations.size <= MAX_NEIGHBOURS && !relations.has(s)) relations.set(s, 'caller');
    } catch (error) {
      // Without the map, the service's own changes still answer most of the question.
      const mapped = mapVendorError(error, { ...context, doing: `reading the neighbours of ${input.service}`, retryAfterSeconds: apis.retryAfterSeconds() });
      deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus }, 'service dependencies unavailable; listing the service alone');
    }
  }
  try {
    const results = await Promise.all([...relations.keys()].map((service) => listEventsInWindow(apis, bounds, `service:${service}`)));
    return summarize({ events: results.flatMap((r) => r.events), relations, more: results.some((r) => r.more) }, input);
  } catch (error) {
    const mapped = mapVendorError(error, { ...context, doing: `listing change events for ${input.service}`, retryAfterSeconds: apis.retryAfterSeconds() });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'datadog events list failed');
    return summarize({ events: [], relations, more: false, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const listChangeEventsTool: ToolDefinition<ListChangeEventsInput, ListChangeEventsOutput, DatadogToolDeps> = {
  name: TOOL_NAME,
  title: 'List change events (Datadog)',
  description:
    'Deploys, config changes, feature flag flips, scaling and infrastructure changes for one service and (by default) the services it calls and that call it, in a time window, from the Datadog events stream.',
  inputSchema: ListChangeEventsInputSchema,
  outputSchema: ListChangeEventsOutputSchema,
  describeCall,
  run,
};

export function registerListChangeEventsTool(server: McpServer, deps: DatadogToolDeps): void {
  registerToolDefinition(server, listChangeEventsTool, deps, deps.logger);
}
