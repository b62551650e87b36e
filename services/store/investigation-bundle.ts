// Turns a stored investigation into the files of a scenario bundle (DESIGN.md "Scenario bundle
// format"), so a production miss replays in the simulator with the telemetry the agent saw. Pure:
// export-bundle.ts reads the store and writes the files.
//
// Tool outputs are read by shape with lenient schemas of our own (the store may not import MCP
// code, and a tool that grows a field must not break the export); an output that matches nothing is
// skipped. What the outputs cannot say is reconstructed, and the choices are:
// - logs: a signature seen `count` times becomes min(count, LOG_LINES_PER_SIGNATURE) copies of its
//   sample, spread evenly from firstSeen to lastSeen, so that replay keeps its onset and that it
//   repeats (the planner ignores one-off errors); pod-log signatures carry no time and are left out.
// - pods: a pod listing gives a restart count and the last termination only; the restarts are
//   spread evenly from the window start (or the pod's start, if later) to the last termination,
//   all with the last termination's reason.
// - topology: the alerting service, every service a tool was called on or an output named, and
//   the calls the graph tools and graph evidence showed; kinds from the graph tools, else `service`.
import { stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import type { Report, ToolResult } from '../agent/types.ts';
import type { Feedback, InvestigationSummary } from './investigation-store.ts';

export const LOG_LINES_PER_SIGNATURE = 20;
const MAX_RESTARTS_PER_POD = 50;

/** The query_service_metrics signals as DESIGN.md's canonical metric names. */
export const CANONICAL_METRIC_OF_SIGNAL: Record<string, { metric: string; unit: string }> = {
  errors: { metric: 'error.rate_pct', unit: 'percent' },
  latency: { metric: 'latency.p99_ms', unit: 'millisecond' },
  traffic: { metric: 'requests.per_s', unit: 'request/second' },
  cpu: { metric: 'cpu.utilization_pct', unit: 'percent' },
  memory: { metric: 'memory.utilization_pct', unit: 'percent' },
  restarts: { metric: 'restarts.count', unit: 'restart' },
};

const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
const SERVICE_KINDS = ['service', 'database', 'cache', 'queue', 'external'] as const;
const LOG_LEVELS = new Set(['error', 'err', 'warn', 'warning', 'info', 'notice', 'debug', 'trace', 'critical', 'fatal']);
const LANGUAGES = new Set(['node', 'java', 'go', 'python']);
const WAITING_REASONS = new Set(['ImagePullBackOff', 'ErrImagePull', 'CrashLoopBackOff', 'Unschedulable']);
const OBJECT_KINDS = new Set(['Deployment', 'ReplicaSet', 'Pod']);
const CHANGE_KINDS: Record<string, string> = { deploy: 'deploy', config: 'config', feature_flag: 'feature_flag', scale: 'scale', infra: 'infra', other: 'infra' };

const Time = z.string().refine((s) => !Number.isNaN(Date.parse(s)));
const WindowShape = z.object({ from: Time, to: Time });

const MetricsShape = z.object({
  service: z.string(),
  signals: z.array(z.object({ signal: z.string(), points: z.array(z.object({ at: Time, value: z.number() })) })),
});
const LogsShape = z.object({
  service: z.string(),
  signatures: z.array(z.object({ level: z.string(), count: z.number().int().min(1), firstSeen: Time, lastSeen: Time, sample: z.string().min(1) })),
});
const KubeEventsShape = z.object({
  service: z.string(),
  events: z.array(z.object({ at: Time, firstAt: Time.optional(), reason: z.string(), type: z.string(), object: z.string(), message: z.string(), count: z.number().int() })),
  deploys: z.array(z.object({ at: Time, image: z.string().optional(), replicaSet: z.string().optional() })),
});
const ChangeEventsShape = z.object({
  events: z.array(
    z.object({ at: Time, service: z.string(), kind: z.string(), title: z.string(), text: z.string(), source: z.string(), version: z.string().optional() }),
  ),
});
const RolloutShape = z.object({
  service: z.string(),
  deployments: z.array(
    z.object({
      name: z.string(),
      revisions: z.array(z.object({ revision: z.number().int(), replicaSet: z.string(), images: z.array(z.string()), createdAt: Time.nullable(), changeCause: z.string().optional() })),
    }),
  ),
});
const PodsShape = z.object({
  service: z.string(),
  pods: z.array(
    z.object({
      name: z.string().min(1),
      restarts: z.number().int().min(0),
      lastTerminationReason: z.string().nullable(),
      lastTerminatedAt: Time.nullable(),
      waitingReason: z.string().nullable(),
      image: z.string().nullable(),
      node: z.string().nullable(),
      startedAt: Time.nullable(),
    }),
  ),
});
const PathsShape = z.object({ paths: z.array(z.object({ services: z.array(z.string()) })) });
const NeighbourShape = z.object({ name: z.string(), path: z.array(z.string()), kind: z.string().optional() });
const NeighboursShape = z.object({ service: z.string(), upstream: z.array(NeighbourShape), downstream: z.array(NeighbourShape) });
const BlastShape = z.object({ service: z.string(), affected: z.array(z.object({ name: z.string(), via: z.array(z.string()) })) });
const DependenciesShape = z.object({ service: z.string(), calls: z.array(z.string()), callers: z.array(z.string()) });

/** A service as a catalog (topology.yaml, the service graph) describes it. */
export const CatalogServiceSchema = z.looseObject({
  name: z.string().min(1),
  kind: z.string().optional(),
  language: z.string().optional(),
  team: z.string().optional(),
  dependsOn: z.array(z.string()).default([]),
});
export type CatalogService = z.input<typeof CatalogServiceSchema>;
export const CatalogSchema = z.object({ services: z.array(CatalogServiceSchema) });

export interface BundleInput {
  /**
   * The service catalog, when the caller has one: it gives the kinds, languages and teams of the
   * services the agent saw and the calls between them. It never adds services the agent did not see.
   */
  catalog?: readonly CatalogService[];
  report: Report;
  summary: InvestigationSummary;
  observations: ToolResult[];
  feedback: Feedback[];
  /** Whether the investigation has a 👎 or a corrected root cause. */
  negative: boolean;
}

export interface BuiltBundle {
  scenarioId: string;
  /** File name -> content; files without records are left out (every file but scenario.yaml may be missing). */
  files: Record<string, string>;
  /** File name -> records written. */
  counts: Record<string, number>;
  groundTruth?: { rootCauseService: string; faultType: string };
}

const iso = (ms: number) => new Date(ms).toISOString();
const ms = (s: string) => Date.parse(s);

export function scenarioIdFor(investigationId: string): string {
  const slug = investigationId
    .replace(/^investigate-/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `prod-${slug || 'investigation'}`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function imageVersion(image: string | undefined | null): string | undefined {
  if (!image) return undefined;
  const tag = image.split('@')[0]!.split('/').at(-1)!.split(':')[1];
  return tag || undefined;
}

function exitCodeOf(reason: string): number {
  if (reason === 'OOMKilled') return 137;
  if (reason === 'Completed') return 0;
  return 1;
}

/** The ground truth a correction gives, or undefined when it does not name both a service and a fault type. */
export function groundTruthFrom(report: Report, feedback: readonly Feedback[]): { rootCauseService: string; faultType: string } | undefined {
  const correction = feedback.filter((f) => f.correctedService || f.correctedFaultType).at(-1);
  if (!correction) return undefined;
  const onFinding = report.findings.find((f) => f.rank === correction.findingRank) ?? report.findings[0];
  const service = correction.correctedService ?? onFinding?.service;
  if (!service) return undefined;
  const faultType = correction.correctedFaultType ?? report.findings.find((f) => f.service === service)?.faultType;
  return faultType ? { rootCauseService: service, faultType } : undefined;
}

export function buildInvestigationBundle(input: BundleInput): BuiltBundle {
  const { report, summary, observations } = input;
  const alert = report.alert;
  const ok = observations.filter((o) => o.status !== 'error' && o.structured !== undefined);
  const services = new Map<string, { kind: (typeof SERVICE_KINDS)[number]; dependsOn: Set<string> }>();
  const known = (name: string | undefined | null): name is string => typeof name === 'string' && SERVICE_NAME.test(name);
  const addService = (name: string | undefined | null, kind?: string) => {
    if (!known(name)) return;
    const entry = services.get(name) ?? { kind: 'service' as const, dependsOn: new Set<string>() };
    if (kind && (SERVICE_KINDS as readonly string[]).includes(kind)) entry.kind = kind as (typeof SERVICE_KINDS)[number];
    services.set(name, entry);
  };
  /** `path` in call order: each calls the next. */
  const addPath = (path: readonly string[]) => {
    for (const name of path) addService(name);
    for (let i = 0; i + 1 < path.length; i++) {
      const caller = path[i]!;
      const callee = path[i + 1]!;
      if (known(caller) && known(callee) && caller !== callee) services.get(caller)!.dependsOn.add(callee);
    }
  };

  addService(alert.service);
  for (const f of report.findings) {
    addService(f.service);
    for (const e of f.evidence) {
      addService(e.service);
      const graph = e.kind === 'graph' ? /path:\s*(.+)$/.exec(e.summary) : null;
      if (graph) addPath(graph[1]!.split(/\s*(?:→|->)\s*/).map((s) => s.trim()));
    }
  }

  // Window: what the tools looked at, always containing the alert.
  const triggered = ms(alert.triggeredAt);
  let start = triggered;
  let end = triggered;
  for (const o of ok) {
    const w = WindowShape.safeParse((o.structured as { window?: unknown }).window ?? o.arguments.window);
    if (w.success) {
      start = Math.min(start, ms(w.data.from));
      end = Math.max(end, ms(w.data.to));
    }
  }
  if (start === triggered) start = triggered - 60 * 60_000;
  if (end === triggered) end = triggered + 15 * 60_000;

  const metrics = new Map<string, string>();
  const logs = new Map<string, { service: string; level?: string; sample: string; count: number; first: number; last: number }>();
  const events = new Map<string, { timestamp: string; service: string; kind: string; message: string; attributes?: Record<string, unknown> }>();
  const pods = new Map<string, Record<string, unknown>>();
  const addEvent = (e: { timestamp: string; service: string; kind: string; message: string; attributes?: Record<string, unknown> }, key = `${e.service}|${e.kind}|${e.timestamp}|${e.message}`) => {
    if (!known(e.service) || e.message === '') return;
    addService(e.service);
    if (!events.has(key)) events.set(key, e);
  };
  const deployKey = (service: string, at: string) => `deploy|${service}|${Math.floor(ms(at) / 1000)}`;

  for (const o of ok) {
    const s = o.structured;
    const argService = typeof o.arguments.service === 'string' ? o.arguments.service : undefined;
    addService(argService);

    const m = MetricsShape.safeParse(s);
    if (m.success && known(m.data.service)) {
      addService(m.data.service);
      for (const signal of m.data.signals) {
        const canonical = CANONICAL_METRIC_OF_SIGNAL[signal.signal] ?? { metric: signal.signal, unit: '' };
        if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(canonical.metric)) continue;
        for (const p of signal.points) {
          const at = iso(ms(p.at));
          metrics.set(`${at}|${m.data.service}|${canonical.metric}`, [at, m.data.service, canonical.metric, String(p.value), canonical.unit].map(csvField).join(','));
        }
      }
      continue;
    }
    const l = LogsShape.safeParse(s);
    if (l.success && known(l.data.service)) {
      addService(l.data.service);
      for (const sig of l.data.signatures) {
        const key = `${l.data.service}|${sig.sample}|${ms(sig.firstSeen)}`;
        const level = LOG_LEVELS.has(sig.level.toLowerCase()) ? sig.level.toLowerCase() : undefined;
        const earlier = logs.get(key);
        if (!earlier || earlier.count < sig.count) {
          logs.set(key, { service: l.data.service, ...(level ? { level } : {}), sample: sig.sample, count: sig.count, first: ms(sig.firstSeen), last: Math.max(ms(sig.lastSeen), ms(sig.firstSeen)) });
        }
      }
      continue;
    }
    const k = KubeEventsShape.safeParse(s);
    if (k.success) {
      for (const e of k.data.events) {
        const [objectKind, ...rest] = e.object.split('/');
        const objectName = rest.join('/');
        addEvent({
          timestamp: iso(ms(e.at)),
          service: k.data.service,
          kind: 'kubernetes',
          message: e.message,
          attributes: {
            reason: e.reason,
            ...(e.type === 'Normal' || e.type === 'Warning' ? { type: e.type } : {}),
            ...(e.count >= 1 ? { count: e.count } : {}),
            ...(objectKind && objectName && OBJECT_KINDS.has(objectKind) ? { involvedObject: { kind: objectKind, name: objectName } } : {}),
            ...(e.firstAt ? { firstTimestamp: iso(ms(e.firstAt)), lastTimestamp: iso(ms(e.at)) } : {}),
          },
        });
      }
      for (const d of k.data.deploys) {
        const version = imageVersion(d.image);
        addEvent(
          {
            timestamp: iso(ms(d.at)),
            service: k.data.service,
            kind: 'deploy',
            message: `Rolled out ${d.image ?? d.replicaSet ?? k.data.service}`,
            attributes: { ...(version ? { version } : {}), source: 'kubernetes' },
          },
          deployKey(k.data.service, d.at),
        );
      }
      continue;
    }
    const c = ChangeEventsShape.safeParse(s);
    if (c.success) {
      for (const e of c.data.events) {
        const kind = CHANGE_KINDS[e.kind] ?? 'infra';
        const event = {
          timestamp: iso(ms(e.at)),
          service: e.service,
          kind,
          message: e.title,
          attributes: { text: e.text, source: e.source, ...(e.version ? { version: e.version } : {}) },
        };
        addEvent(event, kind === 'deploy' ? deployKey(e.service, e.at) : undefined);
      }
      continue;
    }
    const r = RolloutShape.safeParse(s);
    if (r.success) {
      for (const d of r.data.deployments) {
        for (const rev of d.revisions) {
          if (!rev.createdAt) continue;
          const version = imageVersion(rev.images[0]);
          addEvent(
            {
              timestamp: iso(ms(rev.createdAt)),
              service: r.data.service,
              kind: 'deploy',
              message: `Deployment ${d.name} revision ${rev.revision}: ${rev.images.join(', ') || rev.replicaSet}`,
              attributes: { ...(version ? { version } : {}), source: 'kubernetes', ...(rev.changeCause ? { text: rev.changeCause } : {}) },
            },
            deployKey(r.data.service, rev.createdAt),
          );
        }
      }
      continue;
    }
    const p = PodsShape.safeParse(s);
    if (p.success && known(p.data.service)) {
      addService(p.data.service);
      for (const pod of p.data.pods) pods.set(pod.name, podRecord(p.data.service, pod, start, end));
      continue;
    }
    const paths = PathsShape.safeParse(s);
    if (paths.success) {
      for (const path of paths.data.paths) addPath(path.services);
      continue;
    }
    const n = NeighboursShape.safeParse(s);
    if (n.success) {
      addService(n.data.service);
      for (const nb of [...n.data.upstream, ...n.data.downstream]) {
        addService(nb.name, nb.kind);
        addPath(nb.path);
      }
      continue;
    }
    const b = BlastShape.safeParse(s);
    if (b.success) {
      for (const a of b.data.affected) addPath(a.via);
      continue;
    }
    const d = DependenciesShape.safeParse(s);
    if (d.success) {
      for (const callee of d.data.calls) addPath([d.data.service, callee]);
      for (const caller of d.data.callers) addPath([caller, d.data.service]);
    }
  }

  const groundTruth = groundTruthFrom(report, input.feedback);
  if (groundTruth) addService(groundTruth.rootCauseService);
  const tags = ['from:production'];
  if (input.negative) tags.push('feedback:negative');
  if (summary.alertClass) tags.push(`alert-class:${summary.alertClass}`);
  if (!groundTruth) tags.push('ground-truth:unknown');

  const scenarioId = scenarioIdFor(report.investigationId);
  const files: Record<string, string> = {};
  const counts: Record<string, number> = {};
  files['scenario.yaml'] = stringifyYaml({
    id: scenarioId,
    title: alert.title,
    window: { start: iso(start), end: iso(end) },
    alert: {
      title: alert.title,
      service: alert.service,
      severity: alert.severity,
      triggeredAt: iso(triggered),
      source: alert.source,
      ...(alert.details ? { details: alert.details } : {}),
    },
    ...(groundTruth ? { groundTruth } : {}),
    tags,
  });
  counts['scenario.yaml'] = 1;

  const catalog = new Map((input.catalog ?? []).map((c) => [c.name, CatalogServiceSchema.parse(c)]));
  const topology = [...services.entries()].map(([name, s]) => {
    const entry = catalog.get(name);
    const kind = entry?.kind && (SERVICE_KINDS as readonly string[]).includes(entry.kind) ? entry.kind : s.kind;
    const dependsOn = new Set([...s.dependsOn, ...(entry?.dependsOn ?? [])].filter((d) => d !== name && services.has(d)));
    return {
      name,
      kind,
      ...(entry?.language && LANGUAGES.has(entry.language) ? { language: entry.language } : {}),
      ...(entry?.team ? { team: entry.team } : {}),
      dependsOn: [...dependsOn].sort(),
    };
  });
  files['topology.yaml'] = stringifyYaml({ name: scenarioId, services: topology });
  counts['topology.yaml'] = topology.length;

  if (metrics.size > 0) {
    const rows = [...metrics.values()].sort();
    files['metrics.csv'] = `timestamp,service,metric,value,unit\n${rows.join('\n')}\n`;
    counts['metrics.csv'] = rows.length;
  }

  const logLines: { timestamp: number; line: string }[] = [];
  for (const sig of logs.values()) {
    const copies = Math.min(sig.count, LOG_LINES_PER_SIGNATURE);
    for (let i = 0; i < copies; i++) {
      const at = copies === 1 ? sig.first : Math.round(sig.first + ((sig.last - sig.first) * i) / (copies - 1));
      logLines.push({ timestamp: at, line: JSON.stringify({ timestamp: iso(at), service: sig.service, ...(sig.level ? { level: sig.level } : {}), message: sig.sample }) });
    }
  }
  if (logLines.length > 0) {
    logLines.sort((a, b) => a.timestamp - b.timestamp || (a.line < b.line ? -1 : 1));
    files['logs.jsonl'] = `${logLines.map((l) => l.line).join('\n')}\n`;
    counts['logs.jsonl'] = logLines.length;
  }

  if (events.size > 0) {
    const list = [...events.values()].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    files['events.jsonl'] = `${list.map((e) => JSON.stringify(e)).join('\n')}\n`;
    counts['events.jsonl'] = list.length;
  }

  if (pods.size > 0) {
    files['k8s.json'] = `${JSON.stringify({ pods: [...pods.values()] }, null, 2)}\n`;
    counts['k8s.json'] = pods.size;
  }
  return { scenarioId, files, counts, ...(groundTruth ? { groundTruth } : {}) };
}

function podRecord(service: string, pod: z.infer<typeof PodsShape>['pods'][number], windowStart: number, windowEnd: number): Record<string, unknown> {
  const startedAt = pod.startedAt ? ms(pod.startedAt) : windowStart;
  const restarts: { at: string; reason: string; exitCode: number }[] = [];
  const count = Math.min(pod.restarts, MAX_RESTARTS_PER_POD);
  if (count > 0) {
    const last = pod.lastTerminatedAt ? ms(pod.lastTerminatedAt) : windowEnd;
    // Restarts that matter cluster near the incident: spread them over the window, not the pod's life.
    const from = Math.min(Math.max(startedAt, windowStart), last);
    const reason = pod.lastTerminationReason ?? 'Error';
    for (let i = 1; i <= count; i++) {
      const at = Math.round(from + ((last - from) * i) / count);
      restarts.push({ at: iso(at), reason, exitCode: exitCodeOf(reason) });
    }
  }
  const waiting =
    pod.waitingReason && WAITING_REASONS.has(pod.waitingReason)
      ? { reason: pod.waitingReason, message: pod.waitingReason, since: iso(pod.lastTerminatedAt ? ms(pod.lastTerminatedAt) : startedAt) }
      : undefined;
  return {
    name: pod.name,
    service,
    ...(pod.image ? { image: pod.image } : {}),
    ...(imageVersion(pod.image) ? { version: imageVersion(pod.image) } : {}),
    ...(pod.node ? { node: pod.node } : {}),
    createdAt: iso(startedAt),
    startedAt: iso(startedAt),
    restarts,
    ...(waiting ? { waiting } : {}),
  };
}
