// Metric time series in canonical names (DESIGN.md), one value per source per 60-second bucket.
// Sources are what a monitoring agent would report from: per service version for request metrics,
// per pod for container metrics, one per managed datastore. Baseline traffic follows a daily shape
// with seeded noise; fault impacts come from the fault model. Values are a pure function of
// (seed, source, metric, bucket).
import type { Cluster, Pod } from './cluster.ts';
import { NAMESPACE, podsOf, podsServingAt, runsOnCluster } from './cluster.ts';
import { CALL_SHARE, type FaultModel } from './fault-effects.ts';
import { signedNoise, unitInterval } from './seeded-hash.ts';
import type { Topology, TopologyService } from './topology.ts';

export const BUCKET_MS = 60_000;
const RETRY_CLIENT_MS = 1_000;
/** Postgres max_connections (and the pool ceiling for other datastores). */
export const MAX_CONNECTIONS = 100;
const FAR_FUTURE = Date.parse('2100-01-01T00:00:00Z');

export const CANONICAL_METRICS = [
  'cpu.utilization_pct',
  'memory.utilization_pct',
  'memory.used_bytes',
  'latency.p50_ms',
  'latency.p90_ms',
  'latency.p95_ms',
  'latency.p99_ms',
  'requests.per_s',
  'success.rate_pct',
  'error.rate_pct',
  'network.rx_bytes',
  'network.tx_bytes',
  'restarts.count',
  'connections.active',
  'queue.depth',
  'client.latency.p90_ms',
  'client.latency.p99_ms',
  'disk.utilization_pct',
  'disk.io_ops',
  'node.cpu.utilization_pct',
  'node.memory.utilization_pct',
  // Opaque signals (DESIGN.md allows other names): cache hit ratio, busy request threads, TCP retransmits.
  'cache.hit_rate_pct',
  'threads.busy',
  'network.retransmits',
] as const;
export type CanonicalMetric = (typeof CANONICAL_METRICS)[number];

const TRAFFIC_METRICS: ReadonlySet<CanonicalMetric> = new Set([
  'client.latency.p90_ms',
  'client.latency.p99_ms',
  'requests.per_s',
  'error.rate_pct',
  'success.rate_pct',
  'latency.p50_ms',
  'latency.p90_ms',
  'latency.p95_ms',
  'latency.p99_ms',
]);
const POD_METRICS: ReadonlySet<CanonicalMetric> = new Set([
  'cpu.utilization_pct',
  'memory.utilization_pct',
  'memory.used_bytes',
  'restarts.count',
  'network.rx_bytes',
  'network.tx_bytes',
  'disk.utilization_pct',
  'disk.io_ops',
  'node.cpu.utilization_pct',
  'node.memory.utilization_pct',
  'threads.busy',
  'network.retransmits',
]);

export interface MetricSource {
  id: string;
  service: string;
  /** traffic: request metrics of one version; pod: container metrics; managed: a datastore or queue. */
  kind: 'traffic' | 'pod' | 'managed';
  version: string | undefined;
  pod: Pod | undefined;
  /** Datadog-style tags (key -> value) identifying the source. */
  tags: Record<string, string>;
}

export interface Telemetry {
  sources(): MetricSource[];
  /** The value of a canonical metric for a source over the bucket starting at `bucketStart`; undefined when the source does not report it then. */
  value(source: MetricSource, metric: CanonicalMetric, bucketStart: number): number | undefined;
  /** Requests per second a service receives at t (all versions). */
  requestRate(service: string, t: number): number;
  /** Baseline error percentage of a service at t, before any fault. */
  baselineErrorPct(service: string, t: number): number;
}

interface LatencyProfile {
  p50: number;
  p99: number;
}

const OWN_LATENCY: Record<string, LatencyProfile> = {
  node: { p50: 38, p99: 160 },
  java: { p50: 55, p99: 240 },
  go: { p50: 9, p99: 48 },
  python: { p50: 32, p99: 150 },
  database: { p50: 1.8, p99: 14 },
  cache: { p50: 0.5, p99: 3 },
  queue: { p50: 2.5, p99: 18 },
  external: { p50: 190, p99: 620 },
};

/** Traffic over the day: lowest around 04:00 UTC, highest around 16:00 UTC. */
export function dailyLoad(t: number): number {
  const hours = (t % 86_400_000) / 3_600_000;
  return 1 + 0.3 * Math.sin((2 * Math.PI * (hours - 10)) / 24);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function createTelemetry(topology: Topology, cluster: Cluster, faults: FaultModel, seed: number, windowStart: number): Telemetry {
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const rpsCache = new Map<string, number>();
  const latencyCache = new Map<string, LatencyProfile>();

  function baseRps(name: string, depth = 0): number {
    const cached = rpsCache.get(name);
    if (cached !== undefined) return cached;
    const callers = topology.services.filter((service) => service.dependsOn.includes(name));
    const service = byName.get(name);
    let rps: number;
    if (callers.length === 0 || depth > 12) {
      rps = service?.tier === 1 ? 420 : service?.tier === 2 ? 180 : 90;
    } else {
      rps = callers.reduce((sum, caller) => sum + baseRps(caller.name, depth + 1) * CALL_SHARE, 0);
    }
    rps *= 0.9 + 0.2 * unitInterval(seed, name, 'rps');
    rpsCache.set(name, rps);
    return rps;
  }

  function ownLatency(service: TopologyService): LatencyProfile {
    const key = service.kind === 'service' ? (service.language ?? 'go') : service.kind;
    return OWN_LATENCY[key] ?? { p50: 20, p99: 120 };
  }

  /** Baseline latency includes a share of the callees' latency, since callers wait for them. */
  function baseLatency(name: string, depth = 0): LatencyProfile {
    const cached = latencyCache.get(name);
    if (cached) return cached;
    const service = byName.get(name);
    if (!service) return { p50: 20, p99: 120 };
    const own = ownLatency(service);
    const profile = { p50: own.p50, p99: own.p99 };
    if (depth < 12) {
      for (const callee of service.dependsOn) {
        const downstream = baseLatency(callee, depth + 1);
        profile.p50 += CALL_SHARE * downstream.p50;
        profile.p99 += CALL_SHARE * 0.7 * downstream.p99;
      }
    }
    const jitter = 0.9 + 0.2 * unitInterval(seed, name, 'latency');
    profile.p50 *= jitter;
    profile.p99 *= jitter;
    latencyCache.set(name, profile);
    return profile;
  }

  function requestRate(service: string, t: number): number {
    const factor = faults.ownImpact(service, undefined, Math.floor(t / BUCKET_MS) * BUCKET_MS + BUCKET_MS / 2).rpsFactor;
    return baseRps(service) * dailyLoad(t) * factor * (1 + 0.05 * signedNoise(seed, service, 'rps', Math.floor(t / BUCKET_MS)));
  }

  function baselineErrorPct(service: string, t: number): number {
    const base = 0.04 + 0.2 * unitInterval(seed, service, 'error-base');
    return base * (1 + 0.5 * signedNoise(seed, service, 'error', Math.floor(t / BUCKET_MS)));
  }

  const sourceList: MetricSource[] = [];
  for (const service of topology.services) {
    const baseTags = { env: 'prod', service: service.name };
    if (runsOnCluster(service)) {
      const versions = [...new Set(podsOf(cluster, service.name).filter((pod) => pod.waiting === undefined || pod.restarts.length > 0).map((pod) => pod.version))];
      for (const version of versions) {
        sourceList.push({ id: `${service.name}|${version}`, service: service.name, kind: 'traffic', version, pod: undefined, tags: { ...baseTags, version } });
      }
      for (const pod of podsOf(cluster, service.name).filter((candidate) => candidate.startedAt < Date.parse('2100-01-01T00:00:00Z'))) {
        sourceList.push({
          id: `${service.name}|${pod.name}`,
          service: service.name,
          kind: 'pod',
          version: pod.version,
          pod,
          tags: {
            ...baseTags,
            version: pod.version,
            pod_name: pod.name,
            kube_namespace: NAMESPACE,
            [pod.workloadKind === 'StatefulSet' ? 'kube_stateful_set' : 'kube_deployment']: pod.workload,
            kube_replica_set: pod.replicaSet,
            kube_container_name: service.name,
            host: pod.node.name,
            availability_zone: pod.node.zone,
          },
        });
      }
    } else if (service.kind === 'external') {
      sourceList.push({ id: service.name, service: service.name, kind: 'traffic', version: undefined, pod: undefined, tags: baseTags });
    } else {
      sourceList.push({ id: service.name, service: service.name, kind: 'managed', version: undefined, pod: undefined, tags: baseTags });
    }
  }

  function trafficValue(source: MetricSource, metric: CanonicalMetric, bucket: number, mid: number): number | undefined {
    const service = source.service;
    let share = 1;
    let own = { errorPct: 0, visibleErrorPct: 0, p50AddMs: 0, p99AddMs: 0, networkP99AddMs: 0 };
    if (source.kind === 'traffic' && source.version !== undefined) {
      share = faults.versionShares(service, mid).get(source.version) ?? 0;
      if (share <= 0) return undefined;
      own = faults.ownImpact(service, source.version, mid);
    } else {
      own = faults.ownImpact(service, undefined, mid);
    }
    const impact = faults.impact(service, mid);
    // An external API has no telemetry of its own: what is served for it is what its callers measured.
    const ownErrors = byName.get(service)?.kind === 'external' ? own.errorPct : own.visibleErrorPct;
    const errorPct = Math.min(
      100,
      baselineErrorPct(service, mid) + 100 - ((100 - ownErrors) * (100 - impact.propagatedErrorPct)) / 100,
    );
    const latency = baseLatency(service);
    const load = 0.92 + 0.12 * dailyLoad(mid);
    const propagatedP50 = impact.p50AddMs - sharesWeighted(service, mid, 'p50AddMs');
    const propagatedP99 = impact.p99AddMs - sharesWeighted(service, mid, 'p99AddMs');
    const p50 = latency.p50 * load * (1 + 0.06 * signedNoise(seed, source.id, 'p50', bucket)) + own.p50AddMs + propagatedP50;
    const external = byName.get(service)?.kind === 'external';
    const p99 = latency.p99 * load * (1 + 0.08 * signedNoise(seed, source.id, 'p99', bucket)) + own.p99AddMs + propagatedP99 + (external ? own.networkP99AddMs : 0);
    switch (metric) {
      case 'client.latency.p90_ms':
      case 'client.latency.p99_ms': {
        const client = clientLatency(service, mid, source.id, bucket);
        if (client === undefined) return undefined;
        return round(metric === 'client.latency.p99_ms' ? client : client * 0.62, 2);
      }
      case 'requests.per_s':
        return round(requestRate(service, mid) * share, 3);
      case 'error.rate_pct':
        return round(errorPct, 3);
      case 'success.rate_pct':
        return round(100 - errorPct, 3);
      case 'latency.p50_ms':
        return round(p50, 2);
      case 'latency.p90_ms':
        return round(p50 + 0.55 * (p99 - p50), 2);
      case 'latency.p95_ms':
        return round(p50 + 0.75 * (p99 - p50), 2);
      case 'latency.p99_ms':
        return round(p99, 2);
      default:
        return undefined;
    }
  }

  /** What the service's HTTP and database clients measure waiting on its dependencies (p99 of one call). */
  function clientLatency(service: string, mid: number, sourceId: string, bucket: number): number | undefined {
    const deps = byName.get(service)?.dependsOn ?? [];
    if (deps.length === 0) return undefined;
    let worst = 0;
    for (const dep of deps) {
      const impact = faults.impact(dep, mid);
      const value = baseLatency(dep).p99 * (1 + 0.06 * signedNoise(seed, sourceId, 'client', dep, bucket)) + impact.p99AddMs + impact.networkP99AddMs + Math.min(1, impact.errorPct / 20) * RETRY_CLIENT_MS;
      worst = Math.max(worst, value);
    }
    return worst;
  }

  /** The part of a service's latency impact that comes from its own faults (weighted by version share). */
  function sharesWeighted(service: string, mid: number, field: 'p50AddMs' | 'p99AddMs'): number {
    let total = 0;
    for (const [version, share] of faults.versionShares(service, mid)) total += share * faults.ownImpact(service, version, mid)[field];
    return total;
  }

  function podValue(source: MetricSource, metric: CanonicalMetric, bucket: number, bucketStart: number, mid: number): number | undefined {
    const pod = source.pod;
    if (!pod) return undefined;
    const bucketEnd = bucketStart + BUCKET_MS;
    if (pod.startedAt >= bucketEnd && pod.restarts.length === 0) return undefined;
    if (pod.createdAt >= bucketEnd || (pod.deletedAt !== undefined && pod.deletedAt <= bucketStart)) return undefined;
    if (metric === 'restarts.count') {
      return pod.restarts.filter((restart) => restart.at >= bucketStart && restart.at < bucketEnd).length;
    }
    const serving = faults.versionShares(source.service, mid);
    const servingPods = podsServingAt(cluster, source.service, mid).length;
    const isServing = pod.readyAt <= mid && (pod.terminatingAt === undefined || mid < pod.terminatingAt);
    const podRps = isServing && servingPods > 0 ? requestRate(source.service, mid) / servingPods : 0;
    const ageMs = mid - pod.startedAt;
    switch (metric) {
      case 'cpu.utilization_pct': {
        const base = 16 + 22 * unitInterval(seed, source.service, 'cpu');
        const warmup = ageMs >= 0 && ageMs < 180_000 ? 25 * (1 - ageMs / 180_000) : 0;
        const own = serving.size > 0 ? faults.ownImpact(source.service, pod.version, mid).cpuAddPct : 0;
        const retries = faults.impact(source.service, mid).propagatedErrorPct * 0.12;
        const load = isServing ? 0.55 + 0.45 * dailyLoad(mid) : 0.15;
        return round(Math.min(100, base * load * (1 + 0.07 * signedNoise(seed, source.id, 'cpu', bucket)) + warmup + own + retries), 2);
      }
      case 'memory.utilization_pct':
        return round(memoryPct(source, ageMs, bucket, mid), 2);
      case 'memory.used_bytes':
        return Math.round((memoryPct(source, ageMs, bucket, mid) / 100) * memoryLimitBytes(source.service));
      case 'disk.utilization_pct':
        return round(diskPct(source.service, source.id, bucket, mid), 2);
      case 'disk.io_ops':
        return Math.round(podRps * 0.8 * (1 + 0.1 * signedNoise(seed, source.id, 'iops', bucket)));
      case 'node.cpu.utilization_pct': {
        const base = 30 + 20 * unitInterval(seed, pod.node.name, 'node-cpu');
        return round(Math.min(100, base * (0.7 + 0.3 * dailyLoad(mid)) * (1 + 0.04 * signedNoise(seed, pod.node.name, 'node-cpu', bucket)) + (faults.noisyNodes(mid).get(pod.node.name) ?? 0)), 2);
      }
      case 'node.memory.utilization_pct':
        return round(55 + 15 * unitInterval(seed, pod.node.name, 'node-mem') + 0.6 * signedNoise(seed, pod.node.name, 'node-mem', bucket), 2);
      case 'threads.busy': {
        if (!isServing) return 0;
        const exhausted = faults.active.some((entry) => entry.fault.type === 'thread_pool_exhaustion' && entry.fault.service === source.service && faults.intensity(entry, mid) > 0);
        if (exhausted) return 200;
        return Math.round(Math.min(200, 4 + podRps * 0.08 * (1 + 0.2 * signedNoise(seed, source.id, 'threads', bucket))));
      }
      case 'network.retransmits': {
        const lossy = faults.active.some((entry) => entry.fault.type === 'network_loss' && entry.fault.service === source.service && faults.intensity(entry, mid) > 0);
        const base = podRps * 0.02 * (1 + 0.3 * signedNoise(seed, source.id, 'retrans', bucket));
        return Math.round(lossy ? base + podRps * 0.9 : base);
      }
      case 'network.rx_bytes':
        return Math.round(podRps * 1_850 * (1 + 0.05 * signedNoise(seed, source.id, 'rx', bucket)));
      case 'network.tx_bytes':
        return Math.round(podRps * 4_300 * (1 + 0.05 * signedNoise(seed, source.id, 'tx', bucket)));
      default:
        return undefined;
    }
  }

  function memoryPct(source: MetricSource, ageMs: number, bucket: number, mid: number): number {
    const base = 38 + 24 * unitInterval(seed, source.service, 'memory');
    const growth = Math.min(8, Math.max(0, ageMs) / 3_600_000 * 0.05);
    const normal = base + growth + 0.8 * signedNoise(seed, source.id, 'memory', bucket);
    const pod = source.pod;
    if (!pod) return normal;
    for (const entry of faults.active) {
      if (entry.fault.service !== source.service || (entry.fault.version !== undefined && entry.fault.version !== pod.version)) continue;
      if (entry.fault.type === 'memory_leak') {
        const level = faults.intensity(entry, mid);
        if (level > 0) return Math.min(97, normal + (96 - normal) * level);
      }
      if (entry.fault.type === 'oom_killed' && mid >= entry.start) {
        // A sawtooth: each container climbs from the fault's start (or its own start) to the limit, where it is killed.
        const segmentStart = Math.max(entry.start, containerStartAt(pod, mid));
        const nextKill = pod.restarts.find((restart) => restart.at > mid && restart.reason === 'OOMKilled')?.at;
        const span = nextKill !== undefined ? nextKill - segmentStart : entry.rampMs || 360_000;
        const progress = Math.min(1, Math.max(0, (mid - segmentStart) / Math.max(1, span)));
        return Math.min(99.8, normal + (99.6 - normal) * progress);
      }
    }
    return normal;
  }

  function containerStartAt(pod: Pod, t: number): number {
    let start = pod.restarts[0]?.previousStartedAt ?? pod.startedAt;
    for (const restart of pod.restarts) {
      if (restart.at <= t) start = restart.readyAgainAt - 10_000;
    }
    return start;
  }

  function diskPct(service: string, sourceId: string, bucket: number, mid: number): number {
    const base = 31 + 28 * unitInterval(seed, service, 'disk');
    const normal = base + 0.3 * signedNoise(seed, sourceId, 'disk', bucket);
    for (const entry of faults.active) {
      if (entry.fault.type !== 'disk_full' || entry.fault.service !== service) continue;
      const level = faults.intensity(entry, mid);
      if (level > 0) return Math.min(100, normal + (100 - normal) * level);
    }
    return normal;
  }

  function memoryLimitBytes(service: string): number {
    const language = byName.get(service)?.language;
    const mebibytes = language === 'java' ? 2048 : language === 'node' ? 1024 : language === 'python' ? 1024 : 512;
    return mebibytes * 1024 * 1024;
  }

  function managedValue(source: MetricSource, metric: CanonicalMetric, bucket: number, mid: number): number | undefined {
    if (TRAFFIC_METRICS.has(metric)) return trafficValue(source, metric, bucket, mid);
    const service = byName.get(source.service);
    const rps = requestRate(source.service, mid);
    const own = faults.ownImpact(source.service, undefined, mid);
    const ownFault = (type: string) => faults.active.find((entry) => entry.fault.type === type && entry.fault.service === source.service && faults.intensity(entry, mid) > 0);
    switch (metric) {
      case 'cpu.utilization_pct':
        return round(Math.min(100, (12 + 20 * unitInterval(seed, source.service, 'cpu')) * (0.6 + 0.4 * dailyLoad(mid)) * (1 + 0.06 * signedNoise(seed, source.id, 'cpu', bucket)) + own.cpuAddPct), 2);
      case 'disk.utilization_pct':
        return round(diskPct(source.service, source.id, bucket, mid), 2);
      case 'disk.io_ops':
        return Math.round((200 + rps * 1.5) * (1 + 0.08 * signedNoise(seed, source.id, 'iops', bucket)) * (1 + own.cpuAddPct / 25));
      case 'cache.hit_rate_pct': {
        if (service?.kind !== 'cache') return undefined;
        const normal = 94 + 4 * unitInterval(seed, source.service, 'hit') + 0.5 * signedNoise(seed, source.id, 'hit', bucket);
        const stampede = ownFault('cache_stampede');
        if (!stampede) return round(normal, 2);
        const recovery = Math.min(1, (mid - stampede.start) / (40 * 60_000));
        return round(8 + (normal - 8) * recovery * recovery, 2);
      }
      case 'memory.utilization_pct':
        return round(55 + 15 * unitInterval(seed, source.service, 'memory') + 0.5 * signedNoise(seed, source.id, 'memory', bucket), 2);
      case 'connections.active': {
        if (service?.kind === 'queue') return undefined;
        const jitter = 1 + 0.1 * signedNoise(seed, source.id, 'connections', bucket);
        if (service?.kind !== 'database') return Math.round((90 + rps * 0.12) * jitter);
        // A database: pools keep it well under max_connections, until something holds or leaks them.
        const normal = Math.round((18 + Math.min(40, rps * 0.05)) * jitter);
        const exhausted = ownFault('db_connection_exhaustion');
        if (exhausted) return Math.round(normal + (MAX_CONNECTIONS - normal) * Math.min(1, faults.intensity(exhausted, mid)));
        // Slow queries hold their connections longer.
        return Math.min(MAX_CONNECTIONS, Math.round(normal * (1 + own.p99AddMs / 1500)));
      }
      case 'queue.depth': {
        if (service?.kind !== 'queue') return undefined;
        const normal = Math.max(0, Math.round(40 + 30 * signedNoise(seed, source.id, 'depth', bucket)));
        const backlog = ownFault('queue_backlog');
        if (!backlog) return normal;
        return normal + Math.round(((mid - backlog.start) / 1000) * (35 + 10 * unitInterval(seed, source.service, 'lag-rate')));
      }
      default:
        return undefined;
    }
  }

  return {
    sources: () => sourceList,
    requestRate,
    baselineErrorPct,
    value(source, metric, bucketStart) {
      // The world keeps no history older than a day before its window.
      if (bucketStart < windowStart - BUCKET_MS * 60 * 24) return undefined;
      const bucket = Math.floor(bucketStart / BUCKET_MS);
      const mid = bucketStart + BUCKET_MS / 2;
      if (source.kind === 'managed') return managedValue(source, metric, bucket, mid);
      if (source.kind === 'traffic') return TRAFFIC_METRICS.has(metric) ? trafficValue(source, metric, bucket, mid) : undefined;
      return POD_METRICS.has(metric) ? podValue(source, metric, bucket, bucketStart, mid) : undefined;
    },
  };
}
