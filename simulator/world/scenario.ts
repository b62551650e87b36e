// The scenario file: the DESIGN.md bundle `scenario.yaml` (id, title, window, alert, groundTruth,
// tags) plus what a generated world needs: the topology it runs on, the deploys in the window, the
// faults with their parameters, background noise and older pod restarts. A later bundle loader can
// produce the same Scenario from recorded telemetry.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const FAULT_TYPES = [
  'cpu_saturation',
  'memory_leak',
  'oom_killed',
  'crash_loop',
  'network_latency',
  'network_loss',
  'disk_full',
  'code_exception',
  'code_wrong_return',
  'bad_deploy',
  'config_error',
  'dependency_outage',
  'db_connection_exhaustion',
  'slow_query',
  'cert_expired',
  'dns_failure',
  'rate_limited',
  'image_pull_failure',
  'unschedulable',
  'cache_stampede',
  'queue_backlog',
  'thread_pool_exhaustion',
  'auth_failure',
  'noisy_neighbor',
  'feature_flag',
] as const;
export const FaultTypeSchema = z.enum(FAULT_TYPES);
export type FaultType = z.infer<typeof FaultTypeSchema>;

const isoUtc = z.iso.datetime({ offset: true });
const version = z.string().regex(/^[0-9A-Za-z][0-9A-Za-z._-]*$/, 'an image tag such as 2.14.0');

export const DeploySchema = z.object({
  service: z.string().min(1),
  at: isoUtc,
  version,
  previousVersion: version,
});
export type Deploy = z.infer<typeof DeploySchema>;

export const FaultSchema = z.object({
  type: FaultTypeSchema,
  service: z.string().min(1),
  start: isoUtc,
  end: isoUtc.optional(),
  /** When set, only pods running this image tag misbehave (a bad deploy). */
  version: version.optional(),
  /** Share of the service's requests that fail while the fault is fully in effect. */
  errorRatePct: z.number().min(0).max(100).optional(),
  /** Extra p99 latency on the faulty pods, in milliseconds. */
  latencyMs: z.number().min(0).optional(),
  /** The exception the faulty code raises, as the runtime prints it, e.g. `KeyError: 'warehouse_id'`. */
  exception: z.string().min(1).optional(),
  /** Same exception reworded (other terminology variants pick one); same meaning. */
  exceptionVariants: z.array(z.string().min(1)).optional(),
  /** The one route that fails (feature_flag, code_wrong_return), e.g. `POST /v1/reservations`. */
  endpoint: z.string().optional(),
  /** A fault-specific name: the feature flag key, the config key, the node a neighbour runs on. */
  detail: z.string().min(1).optional(),
  /** Minutes until the fault reaches full effect (leaks, filling disks, backlogs grow). */
  rampMinutes: z.number().min(0).optional(),
});
export type Fault = z.infer<typeof FaultSchema>;

export const SlowDependencyNoiseSchema = z.object({
  kind: z.literal('slow_dependency'),
  service: z.string().min(1),
  dependency: z.string().min(1),
  perMinute: z.number().min(0).max(60),
  thresholdMs: z.number().positive().default(150),
});
/** An error line that keeps appearing from before the incident (a red herring). */
export const ErrorLogNoiseSchema = z.object({
  kind: z.literal('error_log'),
  service: z.string().min(1),
  message: z.string().min(1),
  perMinute: z.number().min(0).max(60),
});
export const NoiseSchema = z.discriminatedUnion('kind', [SlowDependencyNoiseSchema, ErrorLogNoiseSchema]);
export type Noise = z.infer<typeof NoiseSchema>;

export const PodRestartSchema = z.object({
  service: z.string().min(1),
  /** Which replica (0-based, in name order of the pods running at the window start). */
  replica: z.number().int().min(0).default(0),
  at: isoUtc,
  reason: z.enum(['Error', 'OOMKilled', 'Completed', 'ContainerCannotRun']),
  exitCode: z.number().int(),
});
export type PodRestart = z.infer<typeof PodRestartSchema>;

/** A background change that is not the cause (config push, flag flip, scaling, infrastructure). */
export const ChangeSchema = z.object({
  at: isoUtc,
  service: z.string().min(1),
  kind: z.enum(['config', 'feature_flag', 'scale', 'infra']),
  title: z.string().min(1),
  text: z.string().default(''),
  source: z.string().min(1).optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

/** An unrelated monitor that flaps between OK and Alert around the incident (a red herring). */
export const FlappingMonitorSchema = z.object({
  service: z.string().min(1),
  name: z.string().min(1),
  query: z.string().min(1),
  /** Minutes between state changes. */
  periodMinutes: z.number().int().min(1).default(7),
});
export type FlappingMonitor = z.infer<typeof FlappingMonitorSchema>;

export const ScenarioAlertSchema = z.object({
  title: z.string().min(1),
  service: z.string().min(1),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  triggeredAt: isoUtc,
  source: z.string().min(1),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ScenarioAlert = z.infer<typeof ScenarioAlertSchema>;

export const ScenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    /** The topology (library name) the world runs on. */
    topology: z.string().min(1),
    window: z.object({ start: isoUtc, end: isoUtc }),
    alert: ScenarioAlertSchema,
    groundTruth: z
      .object({
        rootCauseService: z.string().min(1),
        faultType: z.string().min(1),
        evidence: z.array(z.string()).optional(),
        /** Other faults in the scenario that are real but not the primary cause (multi-fault). */
        alsoPresent: z.array(z.object({ service: z.string().min(1), faultType: z.string().min(1) })).optional(),
      })
      .optional(),
    tags: z.array(z.string()).default([]),
    /** Image tags running at the window start; services not listed get a stable generated one. */
    versions: z.record(z.string(), version).default({}),
    deploys: z.array(DeploySchema).default([]),
    faults: z.array(FaultSchema).default([]),
    noise: z.array(NoiseSchema).default([]),
    podRestarts: z.array(PodRestartSchema).default([]),
    changes: z.array(ChangeSchema).default([]),
    flappingMonitors: z.array(FlappingMonitorSchema).default([]),
    /** Failures of the vendor APIs themselves (429, 5xx, slow, truncated pages); the fakes validate them. */
    apiFaults: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .superRefine((scenario, ctx) => {
    const start = Date.parse(scenario.window.start);
    const end = Date.parse(scenario.window.end);
    if (!(start < end)) ctx.addIssue({ code: 'custom', path: ['window', 'end'], message: 'must be after window.start' });
    const alertAt = Date.parse(scenario.alert.triggeredAt);
    if (alertAt < start || alertAt > end) {
      ctx.addIssue({ code: 'custom', path: ['alert', 'triggeredAt'], message: 'must lie inside the window' });
    }
  });
export type Scenario = z.infer<typeof ScenarioSchema>;

/** Parses scenario YAML; throws an Error naming the file and the offending path. */
export function parseScenario(text: string, source = 'scenario.yaml'): Scenario {
  const result = ScenarioSchema.safeParse(parseYaml(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? issue.path.map(String).join('.') : '';
    throw new Error(`${source}: ${where || '(root)'}: ${issue?.message ?? 'invalid scenario'}`);
  }
  return result.data;
}
