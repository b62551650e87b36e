// The zod schemas of the scenario bundle files (DESIGN.md "Scenario bundle format"), one record at a
// time. Timestamps are normalised to epoch milliseconds here, whatever the file used. Fields beyond
// the DESIGN.md minimum (log ids, hosts, labels; a recorded seed) are optional: an exported bundle
// carries them so that it is served byte for byte like the world it came from, and a bundle made
// from real telemetry simply leaves them out.
import { z } from 'zod';
import { ScenarioAlertSchema } from '../world/scenario.ts';
import { ServiceKindSchema } from '../world/topology.ts';
import { parseTimestamp } from './parse-timestamp.ts';

export const BUNDLE_FILES = {
  scenario: 'scenario.yaml',
  topology: 'topology.yaml',
  metrics: 'metrics.csv',
  logs: 'logs.jsonl',
  spans: 'spans.jsonl',
  events: 'events.jsonl',
  k8s: 'k8s.json',
  // Extensions beyond DESIGN.md's table: what an incident's other sources showed (monitor states,
  // the alert channel's conversation, the service's past incidents), all optional.
  monitors: 'monitors.json',
  slack: 'slack.json',
  incidents: 'incidents.json',
} as const;

/** ISO 8601 with a zone, or an epoch number (seconds, ms, µs or ns by magnitude), as epoch ms. */
export const TimestampSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseTimestamp(value);
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: 'invalid ISO 8601 or epoch timestamp', input: value });
    return z.NEVER;
  }
  return ms;
});

const isoUtc = z.iso.datetime({ offset: true, message: 'invalid ISO 8601 timestamp (e.g. 2026-11-20T13:30:00Z)' });

export const BundleScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    title: z.string().min(1),
    window: z.object({ start: isoUtc, end: isoUtc }),
    alert: ScenarioAlertSchema,
    groundTruth: z
      .object({ rootCauseService: z.string().min(1), faultType: z.string().min(1), evidence: z.array(z.string()).optional() })
      .optional(),
    tags: z.array(z.string()).default([]),
    /** The seed generated ids (request ids, resource versions) derive from; an exported world records its own. */
    seed: z.number().int().default(1),
    /** The terminology variant an exported world was rendered with. */
    variant: z.number().int().min(0).default(0),
  })
  .superRefine((scenario, ctx) => {
    const start = Date.parse(scenario.window.start);
    const end = Date.parse(scenario.window.end);
    if (!(start < end)) ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: 'must be after window.start' });
    const alertAt = Date.parse(scenario.alert.triggeredAt);
    if (alertAt < start || alertAt > end) ctx.addIssue({ code: 'custom', path: ['alert', 'triggeredAt'], message: 'must lie inside the window' });
  });
export type BundleScenario = z.infer<typeof BundleScenarioSchema>;

/** DESIGN.md's topology.yaml minimum; the world's richer fields (channel, replicas, ...) pass through. */
export const BundleTopologySchema = z.object({
  name: z.string().optional(),
  alertChannel: z.string().optional(),
  services: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        kind: ServiceKindSchema,
        dependsOn: z.array(z.string()).default([]),
      }),
    )
    .min(1),
});

export const METRICS_REQUIRED_COLUMNS = ['timestamp', 'service', 'metric', 'value'] as const;
/** `version` is an extension: it keeps per-release request metrics apart (a canary next to the old release). */
export const METRICS_OPTIONAL_COLUMNS = ['pod', 'unit', 'version'] as const;

export const MetricRowSchema = z.object({
  timestamp: TimestampSchema,
  service: z.string().min(1, 'must not be empty'),
  metric: z.string().regex(/^[A-Za-z][A-Za-z0-9_.]*$/, 'a metric name such as latency.p99_ms'),
  value: z
    .string()
    .regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, 'not a number')
    .transform(Number),
  pod: z.string().optional(),
  unit: z.string().optional(),
  version: z.string().optional(),
});
export type MetricRow = z.infer<typeof MetricRowSchema>;

const LEVELS: Record<string, 'error' | 'warn' | 'info' | 'debug'> = {
  emerg: 'error',
  alert: 'error',
  crit: 'error',
  critical: 'error',
  fatal: 'error',
  error: 'error',
  err: 'error',
  warning: 'warn',
  warn: 'warn',
  notice: 'info',
  info: 'info',
  information: 'info',
  debug: 'debug',
  trace: 'debug',
};

export const LogLineSchema = z.object({
  timestamp: TimestampSchema,
  service: z.string().min(1),
  pod: z.string().min(1).optional(),
  level: z
    .string()
    .optional()
    .transform((level, ctx) => {
      if (level === undefined) return undefined;
      const status = LEVELS[level.toLowerCase()];
      if (!status) {
        ctx.addIssue({ code: 'custom', message: `unknown level ${JSON.stringify(level)} (use error, warn, info or debug)`, input: level });
        return z.NEVER;
      }
      return status;
    }),
  message: z.string(),
  traceId: z.string().min(1).optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  id: z.string().min(12).optional(),
  host: z.string().min(1).optional(),
  version: z.string().min(1).optional(),
  labels: z.record(z.string(), z.string()).optional(),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const SpanLineSchema = z.object({
  traceId: z.string().min(1),
  spanId: z.string().min(1),
  parentSpanId: z.string().min(1).optional(),
  service: z.string().min(1),
  operation: z.string().min(1),
  resource: z.string().min(1).optional(),
  start: TimestampSchema,
  durationMs: z.number().min(0),
  status: z.enum(['ok', 'error']).default('ok'),
  attributes: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type SpanLine = z.infer<typeof SpanLineSchema>;

/** What a recorded Kubernetes event carries in `attributes` (all optional; missing ones are derived). */
export const KubeEventAttributesSchema = z.object({
  reason: z.string().min(1).optional(),
  type: z.enum(['Normal', 'Warning']).optional(),
  name: z.string().min(1).optional(),
  uid: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  involvedObject: z
    .object({
      kind: z.enum(['Deployment', 'ReplicaSet', 'Pod']),
      name: z.string().min(1),
      uid: z.string().min(1).optional(),
      apiVersion: z.string().optional(),
      fieldPath: z.string().optional(),
    })
    .optional(),
  firstTimestamp: TimestampSchema.optional(),
  lastTimestamp: TimestampSchema.optional(),
  count: z.number().int().min(1).optional(),
  source: z.object({ component: z.string(), host: z.string().optional() }).optional(),
});

export const DeployAttributesSchema = z.object({
  version: z.string().min(1).optional(),
  previousVersion: z.string().min(1).optional(),
  text: z.string().optional(),
  tags: z.array(z.string()).optional(),
  source: z.string().optional(),
  replicas: z.number().int().min(1).optional(),
});

/** A scaling event (an HPA asking for more replicas): from and to replica counts. */
export const ScaleAttributesSchema = z.object({
  from: z.number().int().min(0).optional(),
  to: z.number().int().min(0).optional(),
  text: z.string().optional(),
  tags: z.array(z.string()).optional(),
  source: z.string().optional(),
});

export const EVENT_KINDS = ['deploy', 'config', 'feature_flag', 'scale', 'infra', 'kubernetes'] as const;
const EVENT_KIND_ALIASES: Record<string, (typeof EVENT_KINDS)[number]> = { k8s: 'kubernetes', scaling: 'scale', config_change: 'config' };

export const EventLineSchema = z.object({
  timestamp: TimestampSchema,
  service: z.string().min(1),
  kind: z.string().transform((kind, ctx) => {
    const known = (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as (typeof EVENT_KINDS)[number]) : EVENT_KIND_ALIASES[kind];
    if (!known) {
      ctx.addIssue({ code: 'custom', message: `unknown kind ${JSON.stringify(kind)} (use ${EVENT_KINDS.join(', ')})`, input: kind });
      return z.NEVER;
    }
    return known;
  }),
  message: z.string().min(1),
  attributes: z.record(z.string(), z.unknown()).optional(),
}).superRefine((event, ctx) => {
  // Kubernetes events and deploys carry structured attributes the fakes read; check them here so a
  // bad one is reported with its line.
  const schema = event.kind === 'kubernetes' ? KubeEventAttributesSchema : event.kind === 'deploy' ? DeployAttributesSchema : event.kind === 'scale' ? ScaleAttributesSchema : undefined;
  const result = schema?.safeParse(event.attributes ?? {});
  if (result && !result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', path: ['attributes', ...issue.path], message: issue.message });
  }
});
export type EventLine = z.infer<typeof EventLineSchema>;

const K8sNodeSchema = z.object({ name: z.string().min(1), internalIp: z.string().optional(), zone: z.string().optional() });

const K8sPodSchema = z.object({
  name: z.string().min(1),
  service: z.string().min(1),
  uid: z.string().optional(),
  version: z.string().optional(),
  image: z.string().optional(),
  imageDigest: z.string().optional(),
  replicaSet: z.string().optional(),
  templateHash: z.string().optional(),
  node: z.string().optional(),
  podIp: z.string().optional(),
  createdAt: TimestampSchema,
  startedAt: TimestampSchema.optional(),
  readyAt: TimestampSchema.optional(),
  terminatingAt: TimestampSchema.optional(),
  deletedAt: TimestampSchema.optional(),
  restarts: z
    .array(
      z.object({
        at: TimestampSchema,
        reason: z.string().min(1),
        exitCode: z.number().int(),
        previousStartedAt: TimestampSchema.optional(),
        readyAgainAt: TimestampSchema.optional(),
      }),
    )
    .default([]),
  containerId: z.string().optional(),
  workload: z.string().min(1).optional(),
  workloadKind: z.enum(['Deployment', 'StatefulSet']).optional(),
  waiting: z
    .object({ reason: z.enum(['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'Unschedulable']), message: z.string(), since: TimestampSchema })
    .optional(),
});
export type K8sPod = z.infer<typeof K8sPodSchema>;

const K8sDeploymentSchema = z.object({
  service: z.string().min(1),
  name: z.string().min(1).optional(),
  kind: z.enum(['Deployment', 'StatefulSet']).optional(),
  namespace: z.string().optional(),
  revisions: z.array(z.object({ revision: z.number().int().min(1), replicaSet: z.string().min(1), image: z.string().min(1), createdAt: TimestampSchema, configHash: z.string().optional() })),
  replicas: z.number().int().min(0),
  availableReplicas: z.number().int().min(0),
  conditions: z
    .array(z.object({ type: z.string(), status: z.string(), reason: z.string(), message: z.string(), lastUpdateTime: TimestampSchema }))
    .default([]),
});

export const K8sSnapshotSchema = z.object({
  namespace: z.string().optional(),
  nodes: z.array(K8sNodeSchema).default([]),
  pods: z.array(K8sPodSchema).default([]),
  deployments: z.array(K8sDeploymentSchema).optional(),
});
export type K8sSnapshot = z.infer<typeof K8sSnapshotSchema>;

export const MonitorsFileSchema = z.object({
  monitors: z.array(
    z.object({
      id: z.number().int().positive(),
      name: z.string().min(1),
      type: z.enum(['metric alert', 'query alert', 'log alert', 'service check']),
      query: z.string(),
      message: z.string(),
      tags: z.array(z.string()).default([]),
      service: z.string().min(1).optional(),
      states: z.array(z.object({ at: TimestampSchema, status: z.enum(['OK', 'Alert', 'Warn', 'No Data']) })),
    }),
  ),
});
export type MonitorsFile = z.infer<typeof MonitorsFileSchema>;

export const SlackFileSchema = z.object({
  users: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), realName: z.string(), title: z.string().default(''), isBot: z.boolean().default(false) })).default([]),
  messages: z
    .array(
      z.object({
        channel: z.string().regex(/^#\S+$/, 'a channel name such as #alerts-shop'),
        at: TimestampSchema,
        userId: z.string().min(1),
        text: z.string(),
        /** Index in `messages` of the message this one replies to. */
        threadOfIndex: z.number().int().min(0).optional(),
      }),
    )
    .default([]),
});
export type SlackFile = z.infer<typeof SlackFileSchema>;

export const IncidentsFileSchema = z.object({
  incidents: z.array(
    z.object({
      id: z.string().min(1),
      number: z.number().int().positive(),
      service: z.string().min(1),
      title: z.string().min(1),
      urgency: z.enum(['high', 'low']),
      createdAt: TimestampSchema,
      resolvedAt: TimestampSchema.optional(),
      status: z.enum(['triggered', 'acknowledged', 'resolved']),
      notes: z.array(z.string()).default([]),
    }),
  ),
});
export type IncidentsFile = z.infer<typeof IncidentsFileSchema>;
