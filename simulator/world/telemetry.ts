// Metric time series in canonical names (DESIGN.md), one value per source per 60-second bucket.
// Sources are what a monitoring agent would report from: per service version for request metrics,
// per pod for container metrics, one per managed datastore. Baseline traffic follows a daily shape
// with seeded noise; fault impacts come from the fault model. Values are a pure function of
// (seed, source, metric, bucket).
import type { Cluster, Pod } from './cluster.ts';
import { NAMESPACE, runsOnCluster } from './cluster.ts';
import { CALL_SHARE, type FaultModel } from './fault-effects.ts';
import { signedNoise, unitInterval } from './seeded-hash.ts';
import type { Topology, TopologyService } from './topology.ts';

export const BUCKET_MS = 60_000;

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
] as const;
export type CanonicalMetric = (typeof CANONICAL_METRICS)[number];

const TRAFFIC_METRICS: ReadonlySet<CanonicalMetric> = new Set([
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
    return baseRps(service) * dailyLoad(t) * (1 + 0.05 * signedNoise(seed, service, 'rps', Math.floor(t / BUCKET_MS)));
  }

  function baselineErrorPct(service: string, t: number): number {
    const base = 0.04 + 0.2 * unitInterval(seed, service, 'error-base');
    return base * (1 + 0.5 * signedNoise(seed, service, 'error', Math.floor(t / BUCKET_MS)));
  }

  const sourceList: MetricSource[] = [];
  for (const service of topology.services) {
    const baseTags = { env: 'prod', service: service.name };
    if (runsOnCluster(service)) {
      const versions = [...new Set(cluster.pods.filter((pod) => pod.service === service.name).map((pod) => pod.version))];
      for (const version of versions) {
        sourceList.push({ id: `${service.name}|${version}`, service: service.name, kind: 'traffic', version, pod: undefined, tags: { ...baseTags, version } });
      }
      for (const pod of cluster.pods.filter((candidate) => candidate.service === service.name)) {
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
            kube_deployment: service.name,
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
    let own = { errorPct: 0, p50AddMs: 0, p99AddMs: 0 };
    if (source.kind === 'traffic' && source.version !== undefined) {
      share = faults.versionShares(service, mid).get(source.version) ?? 0;
      if (share <= 0) return undefined;
      own = faults.ownImpact(service, source.version, mid);
    } else {
      own = faults.ownImpact(service, undefined, mid);
    }
    const impact = faults.impact(service, mid);
    const errorPct = Math.min(
      100,
      baselineErrorPct(service, mid) + 100 - ((100 - own.errorPct) * (100 - impact.propagatedErrorPct)) / 100,
    );
    const latency = baseLatency(service);
    const load = 0.92 + 0.12 * dailyLoad(mid);
    const propagatedP50 = impact.p50AddMs - sharesWeighted(service, mid, 'p50AddMs');
    const propagatedP99 = impact.p99AddMs - sharesWeighted(service, mid, 'p99AddMs');
    const p50 = latency.p50 * load * (1 + 0.06 * signedNoise(seed, source.id, 'p50', bucket)) + own.p50AddMs + propagatedP50;
    const p99 = latency.p99 * load * (1 + 0.08 * signedNoise(seed, source.id, 'p99', bucket)) + own.p99AddMs + propagatedP99;
    switch (metric) {
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
    const servingPods = cluster.pods.filter(
      (candidate) => candidate.service === source.service && candidate.readyAt <= mid && (candidate.terminatingAt === undefined || mid < candidate.terminatingAt),
    ).length;
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
        return round(memoryPct(source, ageMs, bucket), 2);
      case 'memory.used_bytes':
        return Math.round((memoryPct(source, ageMs, bucket) / 100) * memoryLimitBytes(source.service));
      case 'network.rx_bytes':
        return Math.round(podRps * 1_850 * (1 + 0.05 * signedNoise(seed, source.id, 'rx', bucket)));
      case 'network.tx_bytes':
        return Math.round(podRps * 4_300 * (1 + 0.05 * signedNoise(seed, source.id, 'tx', bucket)));
      default:
        return undefined;
    }
  }

  function memoryPct(source: MetricSource, ageMs: number, bucket: number): number {
    const base = 38 + 24 * unitInterval(seed, source.service, 'memory');
    const growth = Math.min(8, Math.max(0, ageMs) / 3_600_000 * 0.05);
    return base + growth + 0.8 * signedNoise(seed, source.id, 'memory', bucket);
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
    switch (metric) {
      case 'cpu.utilization_pct':
        return round(Math.min(100, (12 + 20 * unitInterval(seed, source.service, 'cpu')) * (0.6 + 0.4 * dailyLoad(mid)) * (1 + 0.06 * signedNoise(seed, source.id, 'cpu', bucket))), 2);
      case 'memory.utilization_pct':
        return round(55 + 15 * unitInterval(seed, source.service, 'memory') + 0.5 * signedNoise(seed, source.id, 'memory', bucket), 2);
      case 'connections.active':
        if (service?.kind === 'queue') return undefined;
        return Math.round((service?.kind === 'cache' ? 90 : 35) + rps * 0.12 * (1 + 0.1 * signedNoise(seed, source.id, 'connections', bucket)));
      case 'queue.depth':
        if (service?.kind !== 'queue') return undefined;
        return Math.max(0, Math.round(40 + 30 * signedNoise(seed, source.id, 'depth', bucket)));
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
