// A world made from a loaded bundle: the same read-side members a generated world has (telemetry
// sources and values, log minutes, cluster pods, Kubernetes events, spans, change events), filled
// from recorded data instead of computed, so the vendor fakes serve a bundle exactly as they serve a
// generated world. What the files do not say is derived the way the generated world derives it
// (pod uids, log ids, event names) from the bundle's seed, so responses stay deterministic.
import { NAMESPACE, IMAGE_REGISTRY, type Cluster, type ContainerRestart, type Node, type Pod, type Rollout } from '../world/cluster.ts';
import { NOW_AFTER_ALERT_MS, type World } from '../world/create-world.ts';
import { buildDeployments } from '../world/deployments.ts';
import { objectUid, type KubeEvent } from '../world/kube-events.ts';
import type { LogRecord } from '../world/logs.ts';
import { ScenarioSchema, type Scenario } from '../world/scenario.ts';
import { hash32, hexString, intBetween, kubeSuffix, uuidFrom } from '../world/seeded-hash.ts';
import { BUCKET_MS, type CanonicalMetric, type MetricSource, type Telemetry } from '../world/telemetry.ts';
import { createNaming } from '../world/naming.ts';
import { createPodLogs } from '../world/pod-logs.ts';
import type { ChangeEvent, DeploymentRecord, SpanRecord } from '../world/world-contract.ts';
import { BUNDLE_FILES, DeployAttributesSchema, KubeEventAttributesSchema, ScaleAttributesSchema, type EventLine, type K8sPod } from './bundle-files.ts';
import { loadBundle, type LoadedBundle } from './load-bundle.ts';

export type BundleWorld = World & {
  /** The directory the world was loaded from. */
  bundleDir: string;
  /** Whether the bundle recorded spans (spans.jsonl); without, the world serves none. */
  hasSpans: boolean;
};

/** Loads a bundle directory and returns a world the simulator's fakes can serve. */
export async function bundleWorld(dir: string): Promise<BundleWorld> {
  return worldFromBundle(await loadBundle(dir));
}

const MINUTE = 60_000;
const minuteOf = (t: number) => Math.floor(t / MINUTE) * MINUTE;

export function worldFromBundle(bundle: LoadedBundle): BundleWorld {
  const { seed } = bundle.scenario;
  const topology = bundle.topology;
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  // Through the world's own schema, so every generation-only field gets its empty default.
  const scenario: Scenario = ScenarioSchema.parse({
    id: bundle.scenario.id,
    title: bundle.scenario.title,
    topology: topology.name,
    window: bundle.scenario.window,
    alert: bundle.scenario.alert,
    ...(bundle.scenario.groundTruth ? { groundTruth: bundle.scenario.groundTruth } : {}),
    tags: bundle.scenario.tags,
  });
  const start = Date.parse(scenario.window.start);
  const alertAt = Date.parse(scenario.alert.triggeredAt);
  const now = Math.min(alertAt + NOW_AFTER_ALERT_MS, Date.parse(scenario.window.end));

  const deployEvents = bundle.events.filter((event) => event.kind === 'deploy');
  const cluster = buildCluster(bundle, seed, deployEvents, bundle.events.filter((event) => event.kind === 'scale'));
  const telemetry = buildTelemetry(bundle, cluster);
  const logs = buildLogs(bundle, cluster, seed);
  const kubeEvents = bundle.events.filter((event) => event.kind === 'kubernetes').map((event) => toKubeEvent(event, cluster, seed));
  const changeEvents = bundle.events.filter((event) => event.kind !== 'kubernetes').map(toChangeEvent);

  const spansByMinute = new Map<string, SpanRecord[]>();
  for (const span of bundle.spans) {
    const key = `${span.service}\u0000${minuteOf(span.start)}`;
    const list = spansByMinute.get(key) ?? [];
    list.push({
      traceId: span.traceId,
      spanId: span.spanId,
      ...(span.parentSpanId !== undefined ? { parentSpanId: span.parentSpanId } : {}),
      service: span.service,
      operation: span.operation,
      resource: span.resource ?? span.operation,
      start: span.start,
      durationMs: span.durationMs,
      status: span.status,
      attributes: span.attributes ?? {},
    });
    spansByMinute.set(key, list);
  }

  const namespace = bundle.k8s?.namespace ?? NAMESPACE;
  const deployments: DeploymentRecord[] = bundle.k8s?.deployments
    ? bundle.k8s.deployments.map((deployment) => ({
        service: deployment.service,
        name: deployment.name ?? deployment.service,
        kind: deployment.kind ?? 'Deployment',
        namespace: deployment.namespace ?? namespace,
        revisions: deployment.revisions,
        replicas: deployment.replicas,
        availableReplicas: deployment.availableReplicas,
        conditions: deployment.conditions,
      }))
    : buildDeployments(topology, scenario, cluster, seed, now);

  return {
    seed,
    variant: bundle.scenario.variant,
    scenario,
    topology,
    topologyYaml: bundle.topologyYaml,
    clock: { start, alertAt, now },
    cluster,
    telemetry,
    logs,
    kubeEvents,
    service: (name) => byName.get(name),
    naming: createNaming(topology, bundle.scenario.variant),
    spans: { minute: (service: string, minuteStart: number) => spansByMinute.get(`${service}\u0000${minuteStart}`) ?? [] },
    changeEvents,
    // Optional extension files; a bundle without them has no monitors, past incidents or chatter.
    monitors: bundle.monitors,
    incidentHistory: bundle.incidents,
    chatter: bundle.slack.messages,
    users: bundle.slack.users,
    podLogs: createPodLogs(cluster, logs, start, now),
    deployments,
    bundleDir: bundle.dir,
    hasSpans: bundle.present.includes(BUNDLE_FILES.spans),
  };
}

// ---------- cluster ----------

function buildCluster(bundle: LoadedBundle, seed: number, deployEvents: EventLine[], scaleEvents: EventLine[]): Cluster {
  const snapshot = bundle.k8s;
  const nodes: Node[] = (snapshot?.nodes ?? []).map((node) => ({
    name: node.name,
    internalIp: node.internalIp ?? generatedIp(seed, node.name),
    zone: node.zone ?? '',
  }));
  const nodeByName = new Map(nodes.map((node) => [node.name, node]));
  const nodeFor = (name: string | undefined, podName: string): Node => {
    const key = name ?? `node-${kubeSuffix(5, seed, podName, 'node')}`;
    let node = nodeByName.get(key);
    if (!node) {
      node = { name: key, internalIp: generatedIp(seed, key), zone: '' };
      nodeByName.set(key, node);
      nodes.push(node);
    }
    return node;
  };
  const pods = (snapshot?.pods ?? []).map((pod) => toPod(pod, seed, nodeFor));
  const initialVersions = new Map<string, string>();
  for (const pod of [...pods].sort((a, b) => a.createdAt - b.createdAt)) {
    if (!initialVersions.has(pod.service)) initialVersions.set(pod.service, pod.version);
  }
  const scaleUps = scaleEvents.flatMap((event) => {
    const parsed = ScaleAttributesSchema.safeParse(event.attributes ?? {});
    return parsed.success && parsed.data.from !== undefined && parsed.data.to !== undefined ? [{ service: event.service, at: event.timestamp, from: parsed.data.from, to: parsed.data.to }] : [];
  });
  return { nodes, pods, rollouts: buildRollouts(deployEvents, pods), initialVersions, scaleUps };
}

function generatedIp(seed: number, name: string): string {
  return `10.${intBetween(16, 250, seed, name, 'ip-b')}.${intBetween(0, 255, seed, name, 'ip-c')}.${intBetween(2, 254, seed, name, 'ip-d')}`;
}

function toPod(pod: K8sPod, seed: number, nodeFor: (name: string | undefined, podName: string) => Node): Pod {
  const tag = pod.image?.includes(':') ? pod.image.slice(pod.image.lastIndexOf(':') + 1) : undefined;
  const version = pod.version ?? tag ?? 'latest';
  // Deployment pods are named <deployment>-<template hash>-<5 chars>.
  const derivedSet = /^(.+)-[a-z0-9]{5}$/.exec(pod.name)?.[1];
  const replicaSet = pod.replicaSet ?? derivedSet ?? pod.service;
  const templateHash = pod.templateHash ?? (replicaSet.startsWith(`${pod.service}-`) ? replicaSet.slice(pod.service.length + 1) : kubeSuffix(9, seed, replicaSet));
  const node = nodeFor(pod.node, pod.name);
  const startedAt = pod.startedAt ?? pod.createdAt + 5_000;
  const restarts: ContainerRestart[] = pod.restarts.map((restart, index) => ({
    at: restart.at,
    reason: restart.reason,
    exitCode: restart.exitCode,
    previousStartedAt: restart.previousStartedAt ?? pod.restarts[index - 1]?.at ?? pod.createdAt,
    readyAgainAt: restart.readyAgainAt ?? restart.at + 15_000,
  }));
  const [a, b, c] = node.internalIp.split('.');
  return {
    name: pod.name,
    uid: pod.uid ?? uuidFrom(seed, pod.name, 'uid'),
    service: pod.service,
    version,
    image: pod.image ?? `${IMAGE_REGISTRY}/${pod.service}:${version}`,
    imageDigest: pod.imageDigest ?? `sha256:${hexString(64, seed, pod.service, version, 'digest')}`,
    replicaSet,
    templateHash,
    node,
    podIp: pod.podIp ?? `${a ?? '10'}.${b ?? '0'}.${c ?? '0'}.${intBetween(2, 254, seed, pod.name, 'ip')}`,
    createdAt: pod.createdAt,
    startedAt,
    readyAt: pod.readyAt ?? startedAt + 10_000,
    terminatingAt: pod.terminatingAt,
    deletedAt: pod.deletedAt,
    restarts,
    containerId: pod.containerId ?? `containerd://${hexString(64, seed, pod.name, 'container')}`,
    workload: pod.workload ?? pod.service,
    workloadKind: pod.workloadKind ?? 'Deployment',
    ...(pod.waiting ? { waiting: pod.waiting } : {}),
  };
}

/** Rolling updates, rebuilt from deploy events that name both versions and the pods of each. */
function buildRollouts(deployEvents: EventLine[], pods: Pod[]): Rollout[] {
  const rollouts: Rollout[] = [];
  for (const event of deployEvents) {
    const attributes = DeployAttributesSchema.safeParse(event.attributes ?? {});
    if (!attributes.success) continue;
    const { version, previousVersion } = attributes.data;
    if (!version || !previousVersion) continue;
    const created = pods.filter((pod) => pod.service === event.service && pod.version === version && pod.createdAt >= event.timestamp).sort((a, b) => a.createdAt - b.createdAt);
    const replaced = pods
      .filter((pod) => pod.service === event.service && pod.version === previousVersion && pod.terminatingAt !== undefined && pod.terminatingAt >= event.timestamp)
      .sort((a, b) => (a.terminatingAt ?? 0) - (b.terminatingAt ?? 0));
    const first = created[0];
    const old = pods.find((pod) => pod.service === event.service && pod.version === previousVersion);
    if (!first || !old) continue;
    rollouts.push({
      service: event.service,
      deploy: { service: event.service, at: new Date(event.timestamp).toISOString(), version, previousVersion },
      fromReplicaSet: old.replicaSet,
      toReplicaSet: first.replicaSet,
      replicas: attributes.data.replicas ?? Math.max(created.length, replaced.length),
      steps: created.flatMap((pod, index) => {
        const previous = replaced[index];
        return previous ? [{ created: pod, replaced: previous }] : [];
      }),
    });
  }
  return rollouts;
}

// ---------- metrics ----------

function buildTelemetry(bundle: LoadedBundle, cluster: Cluster): Telemetry {
  const podByName = new Map(cluster.pods.map((pod) => [pod.name, pod]));
  const sources = new Map<string, MetricSource>();
  const values = new Map<MetricSource, Map<string, number>>();
  for (const row of bundle.metrics) {
    const key = row.pod !== undefined ? `pod\u0000${row.service}\u0000${row.pod}` : `svc\u0000${row.service}\u0000${row.version ?? ''}`;
    let source = sources.get(key);
    if (!source) {
      source = metricSource(bundle, row.service, row.pod, row.version, podByName);
      sources.set(key, source);
      values.set(source, new Map());
    }
    (values.get(source) as Map<string, number>).set(`${row.metric}\u0000${minuteOf(row.timestamp)}`, row.value);
  }
  const sourceList = [...sources.values()];
  const valueOf = (source: MetricSource, metric: string, bucketStart: number) => values.get(source)?.get(`${metric}\u0000${bucketStart}`);

  return {
    sources: () => sourceList,
    value: (source: MetricSource, metric: CanonicalMetric, bucketStart: number) => valueOf(source, metric, bucketStart),
    requestRate(service, t) {
      const bucket = minuteOf(t);
      return sourceList
        .filter((source) => source.service === service && source.kind !== 'pod')
        .reduce((sum, source) => sum + (valueOf(source, 'requests.per_s', bucket) ?? 0), 0);
    },
    baselineErrorPct(service, t) {
      const bucket = minuteOf(t);
      const rates = sourceList
        .filter((source) => source.service === service && source.kind !== 'pod')
        .map((source) => valueOf(source, 'error.rate_pct', bucket))
        .filter((value): value is number => value !== undefined);
      return rates.length === 0 ? 0 : rates.reduce((sum, value) => sum + value, 0) / rates.length;
    },
  };
}

function metricSource(bundle: LoadedBundle, service: string, podName: string | undefined, version: string | undefined, podByName: Map<string, Pod>): MetricSource {
  const baseTags = { env: 'prod', service };
  if (podName !== undefined) {
    const pod = podByName.get(podName);
    const podVersion = version ?? pod?.version;
    const tags: Record<string, string> = { ...baseTags, ...(podVersion !== undefined ? { version: podVersion } : {}), pod_name: podName };
    if (pod) {
      Object.assign(tags, {
        kube_namespace: bundle.k8s?.namespace ?? NAMESPACE,
        [pod.workloadKind === 'StatefulSet' ? 'kube_stateful_set' : 'kube_deployment']: pod.workload,
        kube_replica_set: pod.replicaSet,
        kube_container_name: service,
        host: pod.node.name,
        ...(pod.node.zone ? { availability_zone: pod.node.zone } : {}),
      });
    }
    return { id: `${service}|${podName}`, service, kind: 'pod', version: podVersion, pod, tags };
  }
  if (version !== undefined) return { id: `${service}|${version}`, service, kind: 'traffic', version, pod: undefined, tags: { ...baseTags, version } };
  const kind = bundle.topology.services.find((candidate) => candidate.name === service)?.kind;
  const managed = kind === 'database' || kind === 'cache' || kind === 'queue';
  return { id: service, service, kind: managed ? 'managed' : 'traffic', version: undefined, pod: undefined, tags: baseTags };
}

// ---------- logs ----------

/** A Datadog-style log id (version byte, big-endian ms timestamp, opaque bytes), as the generated world makes them. */
function logId(timestamp: number, ...parts: (string | number)[]): string {
  const bytes = Buffer.alloc(41);
  bytes[0] = 1;
  bytes.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(timestamp))), 1);
  bytes.writeUInt32BE(hash32(...parts, 'id-a'), 9);
  bytes.write(Buffer.from(hexString(36, ...parts, 'id-b'), 'hex').toString('base64url'), 17, 'ascii');
  return bytes.toString('base64url');
}

function buildLogs(bundle: LoadedBundle, cluster: Cluster, seed: number): World['logs'] {
  const podByName = new Map(cluster.pods.map((pod) => [pod.name, pod]));
  const byMinute = new Map<string, LogRecord[]>();
  bundle.logs.forEach((line, index) => {
    const pod = line.pod !== undefined ? podByName.get(line.pod) : undefined;
    const version = line.version ?? pod?.version;
    const labels: Record<string, string> = line.labels ?? {
      env: 'prod',
      service: line.service,
      ...(version !== undefined ? { version } : {}),
      ...(line.pod !== undefined ? { pod_name: line.pod, kube_namespace: bundle.k8s?.namespace ?? NAMESPACE, kube_deployment: line.service, kube_container_name: line.service } : {}),
    };
    const record: LogRecord = {
      id: line.id ?? logId(line.timestamp, seed, line.service, line.timestamp, index),
      timestamp: line.timestamp,
      service: line.service,
      status: line.level ?? 'info',
      message: line.message,
      host: line.host ?? pod?.node.name ?? line.pod ?? line.service,
      pod: line.pod,
      version,
      traceId: line.traceId,
      labels,
      attributes: line.attributes ?? {},
    };
    const key = `${line.service}\u0000${minuteOf(line.timestamp)}`;
    const list = byMinute.get(key) ?? [];
    list.push(record);
    byMinute.set(key, list);
  });
  return { minute: (service, minuteStart) => byMinute.get(`${service}\u0000${minuteStart}`) ?? [] };
}

// ---------- events ----------

function toKubeEvent(event: EventLine, cluster: Cluster, seed: number): KubeEvent {
  const parsed = KubeEventAttributesSchema.safeParse(event.attributes ?? {});
  // Validated again here only to read it typed; loadBundle has already accepted the line.
  const attributes = parsed.success ? parsed.data : {};
  const involved = attributes.involvedObject ?? { kind: 'Deployment' as const, name: event.service };
  const pod = involved.kind === 'Pod' ? cluster.pods.find((candidate) => candidate.name === involved.name) : undefined;
  const first = attributes.firstTimestamp ?? event.timestamp;
  const reason = attributes.reason ?? 'Recorded';
  const nanos = BigInt(Math.floor(first)) * 1_000_000n + BigInt(hash32(seed, involved.name, reason, first) % 1_000_000);
  return {
    name: attributes.name ?? `${involved.name}.${nanos.toString(16)}`,
    uid: attributes.uid ?? uuidFrom(seed, 'event', involved.name, reason, first),
    namespace: attributes.namespace ?? NAMESPACE,
    involvedObject: {
      kind: involved.kind,
      name: involved.name,
      uid: involved.uid ?? pod?.uid ?? objectUid(seed, involved.kind, involved.name),
      apiVersion: involved.apiVersion ?? (involved.kind === 'Pod' ? 'v1' : 'apps/v1'),
      ...(involved.fieldPath !== undefined ? { fieldPath: involved.fieldPath } : {}),
    },
    reason,
    message: event.message,
    type: attributes.type ?? (/fail|error|kill|back-?off|unhealthy|evict/i.test(event.message) ? 'Warning' : 'Normal'),
    firstTimestamp: first,
    lastTimestamp: attributes.lastTimestamp ?? event.timestamp,
    count: attributes.count ?? 1,
    source: attributes.source ?? { component: involved.kind === 'Pod' ? 'kubelet' : 'deployment-controller' },
  };
}

function toChangeEvent(event: EventLine): ChangeEvent {
  const parsed = DeployAttributesSchema.safeParse(event.attributes ?? {});
  const attributes = parsed.success ? parsed.data : {};
  const kind = event.kind === 'kubernetes' ? 'infra' : event.kind;
  return {
    at: event.timestamp,
    service: event.service,
    kind,
    title: event.message,
    text: attributes.text ?? event.message,
    tags: attributes.tags ?? [`service:${event.service}`, 'env:prod', ...(attributes.version ? [`version:${attributes.version}`] : [])],
    source: attributes.source ?? (kind === 'deploy' ? 'deploy' : kind),
  };
}
