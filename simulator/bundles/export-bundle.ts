// Writes any world (generated, or itself loaded from a bundle) as a scenario bundle directory in the
// DESIGN.md format, so a generated incident can be inspected, edited or replayed, and so the loader
// has a faithful reference. Every value the fakes serve goes into the files: loading the bundle back
// gives a world whose fakes answer the same queries with the same numbers and lines. Files for
// members a world does not have (spans before the world models them) are not written.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { NAMESPACE, type Pod } from '../world/cluster.ts';
import type { World } from '../world/create-world.ts';
import type { KubeEvent } from '../world/kube-events.ts';
import { BUCKET_MS, CANONICAL_METRICS, type MetricSource } from '../world/telemetry.ts';
import type { ChangeEvent, DeploymentRecord } from '../world/world-contract.ts';
import { BUNDLE_FILES } from './bundle-files.ts';
import { csvField } from './csv.ts';

/** A loaded bundle world says whether it has spans; a generated world always does. */
export type ExportableWorld = World & { hasSpans?: boolean };

export interface ExportedBundle {
  dir: string;
  /** File name -> number of records written (1 for the YAML files). */
  files: Record<string, number>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function unitOf(metric: string): string {
  if (metric.endsWith('_pct')) return 'percent';
  if (metric.endsWith('_ms')) return 'millisecond';
  if (metric.endsWith('_bytes')) return 'byte';
  if (metric.endsWith('per_s')) return 'request/second';
  if (metric === 'restarts.count') return 'restart';
  if (metric === 'connections.active') return 'connection';
  if (metric === 'queue.depth') return 'message';
  if (metric === 'disk.io_ops') return 'operation';
  return '';
}

export async function exportBundle(world: ExportableWorld, dir: string): Promise<ExportedBundle> {
  await mkdir(dir, { recursive: true });
  const files: Record<string, number> = {};
  const write = async (file: string, text: string, count: number) => {
    await writeFile(join(dir, file), text);
    files[file] = count;
  };
  const { start, now } = world.clock;
  const { scenario } = world;

  await write(
    BUNDLE_FILES.scenario,
    stringifyYaml({
      id: scenario.id,
      title: scenario.title,
      window: scenario.window,
      alert: scenario.alert,
      ...(scenario.groundTruth ? { groundTruth: scenario.groundTruth } : {}),
      tags: scenario.tags,
      seed: world.seed,
      ...(world.variant ? { variant: world.variant } : {}),
    }),
    1,
  );
  await write(BUNDLE_FILES.topology, world.topologyYaml, 1);

  // Source by source, so a loader meets the sources in the world's own order.
  const metricLines = ['timestamp,service,metric,value,pod,unit,version'];
  const metrics: readonly string[] = CANONICAL_METRICS;
  for (const source of world.telemetry.sources()) {
    for (const metric of metrics) {
      for (let bucket = start; bucket + BUCKET_MS <= now; bucket += BUCKET_MS) {
        const value = world.telemetry.value(source, metric as (typeof CANONICAL_METRICS)[number], bucket);
        if (value === undefined) continue;
        metricLines.push([iso(bucket), source.service, metric, String(value), source.pod?.name ?? podTag(source), unitOf(metric), source.version].map(csvField).join(','));
      }
    }
  }
  await write(BUNDLE_FILES.metrics, `${metricLines.join('\n')}\n`, metricLines.length - 1);

  const logLines: string[] = [];
  for (const service of world.topology.services) {
    for (let minute = start; minute < now; minute += 60_000) {
      for (const line of world.logs.minute(service.name, minute)) {
        if (line.timestamp < start || line.timestamp >= now) continue;
        logLines.push(
          JSON.stringify({
            timestamp: iso(line.timestamp),
            service: line.service,
            ...(line.pod !== undefined ? { pod: line.pod } : {}),
            level: line.status,
            message: line.message,
            ...(line.traceId !== undefined ? { traceId: line.traceId } : {}),
            attributes: line.attributes,
            id: line.id,
            host: line.host,
            ...(line.version !== undefined ? { version: line.version } : {}),
            labels: line.labels,
          }),
        );
      }
    }
  }
  await write(BUNDLE_FILES.logs, logLines.length > 0 ? `${logLines.join('\n')}\n` : '', logLines.length);

  if (world.hasSpans !== false) {
    const spanLines: string[] = [];
    for (const service of world.topology.services) {
      for (let minute = start; minute < now; minute += 60_000) {
        for (const span of world.spans.minute(service.name, minute)) {
          if (span.start < start || span.start >= now) continue;
          spanLines.push(
            JSON.stringify({
              traceId: span.traceId,
              spanId: span.spanId,
              ...(span.parentSpanId !== undefined ? { parentSpanId: span.parentSpanId } : {}),
              service: span.service,
              operation: span.operation,
              resource: span.resource,
              start: spanStart(span.start),
              durationMs: span.durationMs,
              status: span.status,
              attributes: span.attributes,
            }),
          );
        }
      }
    }
    await write(BUNDLE_FILES.spans, spanLines.length > 0 ? `${spanLines.join('\n')}\n` : '', spanLines.length);
  }

  // Change events may start a day before the window (yesterday's deploys are context too).
  const changes = world.changeEvents;
  const eventLines = [
    ...changes.map((event) => JSON.stringify(changeEventLine(world, event))),
    ...world.kubeEvents.map((event) => JSON.stringify(kubeEventLine(world, event))),
  ];
  await write(BUNDLE_FILES.events, eventLines.length > 0 ? `${eventLines.join('\n')}\n` : '', eventLines.length);

  if (world.cluster.pods.length > 0) {
    await write(
      BUNDLE_FILES.k8s,
      `${JSON.stringify(
        {
          namespace: NAMESPACE,
          nodes: world.cluster.nodes,
          pods: world.cluster.pods.map(podRecord),
          deployments: world.deployments.map(deploymentRecord),
        },
        null,
        2,
      )}\n`,
      world.cluster.pods.length,
    );
  }
  if (world.monitors.length > 0) {
    const monitors = world.monitors.map((monitor) => ({ ...monitor, states: monitor.states.map((state) => ({ at: iso(state.at), status: state.status })) }));
    await write(BUNDLE_FILES.monitors, `${JSON.stringify({ monitors }, null, 2)}\n`, monitors.length);
  }
  if (world.chatter.length > 0 || world.users.length > 0) {
    const messages = world.chatter.map((message) => ({ ...message, at: iso(message.at) }));
    await write(BUNDLE_FILES.slack, `${JSON.stringify({ users: world.users, messages }, null, 2)}\n`, messages.length);
  }
  if (world.incidentHistory.length > 0) {
    const incidents = world.incidentHistory.map((incident) => ({
      ...incident,
      createdAt: iso(incident.createdAt),
      ...(incident.resolvedAt !== undefined ? { resolvedAt: iso(incident.resolvedAt) } : {}),
    }));
    await write(BUNDLE_FILES.incidents, `${JSON.stringify({ incidents }, null, 2)}\n`, incidents.length);
  }
  return { dir, files };
}

/** ISO for whole milliseconds; epoch ns digits (exact, as DESIGN.md allows) for fractions of one. */
function spanStart(ms: number): string | number {
  if (Number.isInteger(ms)) return iso(ms);
  const [whole, fraction = ''] = String(ms).split('.');
  return /e/i.test(String(ms)) || fraction.length > 6 ? ms : `${whole}${fraction.padEnd(6, '0')}`;
}

function podTag(source: MetricSource): string | undefined {
  return source.kind === 'pod' ? source.tags.pod_name : undefined;
}

function podRecord(pod: Pod) {
  return {
    name: pod.name,
    service: pod.service,
    uid: pod.uid,
    version: pod.version,
    image: pod.image,
    imageDigest: pod.imageDigest,
    replicaSet: pod.replicaSet,
    templateHash: pod.templateHash,
    node: pod.node.name,
    podIp: pod.podIp,
    createdAt: iso(pod.createdAt),
    startedAt: iso(pod.startedAt),
    readyAt: iso(pod.readyAt),
    ...(pod.terminatingAt !== undefined ? { terminatingAt: iso(pod.terminatingAt) } : {}),
    ...(pod.deletedAt !== undefined ? { deletedAt: iso(pod.deletedAt) } : {}),
    restarts: pod.restarts.map((restart) => ({
      at: iso(restart.at),
      reason: restart.reason,
      exitCode: restart.exitCode,
      previousStartedAt: iso(restart.previousStartedAt),
      readyAgainAt: iso(restart.readyAgainAt),
    })),
    containerId: pod.containerId,
    workload: pod.workload,
    workloadKind: pod.workloadKind,
    ...(pod.waiting ? { waiting: { ...pod.waiting, since: iso(pod.waiting.since) } } : {}),
  };
}

function deploymentRecord(deployment: DeploymentRecord) {
  return {
    ...deployment,
    revisions: deployment.revisions.map((revision) => ({ ...revision, createdAt: iso(revision.createdAt) })),
    conditions: deployment.conditions.map((condition) => ({ ...condition, lastUpdateTime: iso(condition.lastUpdateTime) })),
  };
}

function changeEventLine(world: ExportableWorld, event: ChangeEvent) {
  const rollout = event.kind === 'deploy' ? world.cluster.rollouts.find((candidate) => candidate.service === event.service && Date.parse(candidate.deploy.at) === event.at) : undefined;
  const scaleUp = event.kind === 'scale' ? world.cluster.scaleUps.find((candidate) => candidate.service === event.service && candidate.at === event.at) : undefined;
  return {
    timestamp: iso(event.at),
    service: event.service,
    kind: event.kind,
    message: event.title,
    attributes: {
      text: event.text,
      tags: event.tags,
      source: event.source,
      ...(rollout ? { version: rollout.deploy.version, previousVersion: rollout.deploy.previousVersion, replicas: rollout.replicas } : {}),
      ...(scaleUp ? { from: scaleUp.from, to: scaleUp.to } : {}),
    },
  };
}

function kubeEventLine(world: ExportableWorld, event: KubeEvent) {
  const object = event.involvedObject;
  const service =
    object.kind === 'Pod'
      ? world.cluster.pods.find((pod) => pod.name === object.name)?.service
      : object.kind === 'ReplicaSet'
        ? world.cluster.pods.find((pod) => pod.replicaSet === object.name)?.service
        : object.name;
  return {
    timestamp: iso(event.lastTimestamp),
    service: service ?? object.name,
    kind: 'kubernetes',
    message: event.message,
    attributes: {
      reason: event.reason,
      type: event.type,
      name: event.name,
      uid: event.uid,
      namespace: event.namespace,
      involvedObject: object,
      firstTimestamp: iso(event.firstTimestamp),
      lastTimestamp: iso(event.lastTimestamp),
      count: event.count,
      source: event.source,
    },
  };
}
