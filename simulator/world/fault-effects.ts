// How faults show up and travel. A fault changes its own component (only the pods of a bad version,
// when it names one); callers feel a callee's excess errors one minute later (client retries and pool
// timeouts take a while to surface), as part of their own failures and as slower responses, and they
// see them in the callee's failure mode (timeouts, refused connections, TLS errors, 429s...). Impacts
// compound hop by hop along the dependency graph towards the edge. Some faults act sideways: a cache
// stampede loads the databases behind the cache's callers, a noisy neighbour slows the pods that
// share its nodes. Pure functions of (world, time).
import type { Cluster } from './cluster.ts';
import { defaultReplicas, podsServingAt, runsOnCluster } from './cluster.ts';
import { FAULT_PROFILES, type CallerMode, type FaultProfile } from './fault-catalog.ts';
import type { Fault, FaultType, Scenario } from './scenario.ts';
import type { Topology } from './topology.ts';

/** Share of a caller's requests that touch each of its dependencies. */
export const CALL_SHARE = 0.6;
/** Share of callee failures that still fail the caller's request after its retries. */
export const RETRY_PASS = 0.85;
/** Hop delay between a callee's errors and its callers'. */
export const PROPAGATION_DELAY_MS = 60_000;
const RETRY_P99_MS = 1_200;
const RETRY_P50_MS = 250;
const MAX_DEPTH = 12;
const MINUTE = 60_000;

export const FAULT_TYPES_MODELLED = Object.keys(FAULT_PROFILES) as FaultType[];

export interface OwnImpact {
  /** Share of requests to this component that fail, whether or not its own metrics count them. */
  errorPct: number;
  /** The part its own server metrics count. */
  visibleErrorPct: number;
  p50AddMs: number;
  p99AddMs: number;
  /** Latency only its callers see (the network adds it). */
  networkP99AddMs: number;
  cpuAddPct: number;
  /** Requests reaching it, as a factor of normal. */
  rpsFactor: number;
  /** 0..1: how far the fault has developed. */
  intensity: number;
  fault: Fault | undefined;
  mode: CallerMode | undefined;
}

export interface CalleeContribution {
  callee: string;
  /** Percentage points of this service's requests that fail because of the callee. */
  errorPct: number;
  /** How the caller's client reports the callee's failures. */
  mode: CallerMode;
}

export interface Impact {
  /** Excess error percentage over the service's baseline, across all its versions. */
  errorPct: number;
  p50AddMs: number;
  p99AddMs: number;
  /** Extra latency its callers see on top of p99AddMs (network faults). */
  networkP99AddMs: number;
  /** Excess errors caused by dependencies (already included in errorPct). */
  propagatedErrorPct: number;
  causes: CalleeContribution[];
}

const NO_IMPACT: Impact = { errorPct: 0, p50AddMs: 0, p99AddMs: 0, networkP99AddMs: 0, propagatedErrorPct: 0, causes: [] };

export interface ActiveFault {
  fault: Fault;
  profile: FaultProfile;
  start: number;
  end: number;
  errorRatePct: number;
  latencyMs: number;
  rampMs: number;
}

export interface FaultModel {
  /** The scenario's faults with their resolved parameters. */
  active: ActiveFault[];
  /** Traffic share of each version at t (serving pods of that version / all serving pods). */
  versionShares(service: string, t: number): Map<string, number>;
  ownImpact(service: string, version: string | undefined, t: number): OwnImpact;
  impact(service: string, t: number): Impact;
  /** 0..1 development of a fault at t (0 before it starts or after it ends). */
  intensity(active: ActiveFault, t: number): number;
  /** Nodes whose CPU a noisy neighbour hogs at t, with the percentage points it adds. */
  noisyNodes(t: number): Map<string, number>;
}

export function resolveFaults(scenario: Scenario): ActiveFault[] {
  return scenario.faults.map((fault) => {
    const profile = FAULT_PROFILES[fault.type];
    return {
      fault,
      profile,
      start: Date.parse(fault.start),
      end: fault.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(fault.end),
      errorRatePct: fault.errorRatePct ?? profile.defaultErrorPct,
      latencyMs: fault.latencyMs ?? profile.defaultLatencyMs,
      rampMs: (fault.rampMinutes ?? profile.defaultRampMinutes) * MINUTE,
    };
  });
}

export function assertFaultsModelled(scenario: Scenario, topology: Topology): void {
  scenario.faults.forEach((fault, index) => {
    if (!(FAULT_TYPES_MODELLED as readonly string[]).includes(fault.type)) {
      throw new Error(`faults.${index}.type: ${fault.type} is not modelled yet (modelled: ${FAULT_TYPES_MODELLED.join(', ')})`);
    }
    const site = topology.services.find((service) => service.name === fault.service);
    if (!site) throw new Error(`faults.${index}.service: unknown service ${fault.service}`);
    const podFault = ['oom_killed', 'crash_loop', 'image_pull_failure', 'unschedulable', 'memory_leak', 'thread_pool_exhaustion', 'noisy_neighbor', 'bad_deploy', 'feature_flag', 'config_error'];
    if (podFault.includes(fault.type) && site.kind !== 'service') {
      throw new Error(`faults.${index}.service: ${fault.type} needs a service running on the cluster, ${fault.service} is a ${site.kind}`);
    }
    if (fault.type === 'cache_stampede' && site.kind !== 'cache') throw new Error(`faults.${index}.service: cache_stampede needs a cache, ${fault.service} is a ${site.kind}`);
    if (fault.type === 'queue_backlog' && site.kind !== 'queue') throw new Error(`faults.${index}.service: queue_backlog needs a queue, ${fault.service} is a ${site.kind}`);
  });
}

function emptyOwn(): OwnImpact {
  return { errorPct: 0, visibleErrorPct: 0, p50AddMs: 0, p99AddMs: 0, networkP99AddMs: 0, cpuAddPct: 0, rpsFactor: 1, intensity: 0, fault: undefined, mode: undefined };
}

function combine(a: number, b: number): number {
  return 100 - ((100 - a) * (100 - b)) / 100;
}

export function createFaultModel(topology: Topology, scenario: Scenario, cluster: Cluster): FaultModel {
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const active = resolveFaults(scenario);
  const impactCache = new Map<string, Impact>();
  const ownCache = new Map<string, OwnImpact>();
  const faultSites = new Set(active.map((entry) => entry.fault.service));
  const sideways = active.some((entry) => entry.fault.type === 'cache_stampede' || entry.fault.type === 'noisy_neighbor');
  const NONE: OwnImpact = Object.freeze(emptyOwn()) as OwnImpact;
  const sharesCache = new Map<string, Map<string, number>>();

  function intensity(entry: ActiveFault, t: number): number {
    if (t < entry.start || t >= entry.end) return 0;
    return entry.rampMs > 0 ? Math.min(1, (t - entry.start) / entry.rampMs) : 1;
  }

  function versionShares(service: string, t: number): Map<string, number> {
    const key = `${service}|${t}`;
    const cached = sharesCache.get(key);
    if (cached) return cached;
    const shares = new Map<string, number>();
    const topo = byName.get(service);
    if (!topo || !runsOnCluster(topo)) {
      const version = cluster.initialVersions.get(service);
      if (version !== undefined) shares.set(version, 1);
    } else {
      const serving = podsServingAt(cluster, service, t);
      for (const pod of serving) shares.set(pod.version, (shares.get(pod.version) ?? 0) + 1 / serving.length);
    }
    sharesCache.set(key, shares);
    return shares;
  }

  /** Nodes that host the noisy neighbour's pods while it runs hot. */
  function noisyNodes(t: number): Map<string, number> {
    const nodes = new Map<string, number>();
    for (const entry of active) {
      if (entry.fault.type !== 'noisy_neighbor') continue;
      const level = intensity(entry, t);
      if (level <= 0) continue;
      for (const pod of podsServingAt(cluster, entry.fault.service, entry.start)) {
        nodes.set(pod.node.name, Math.min(60, (nodes.get(pod.node.name) ?? 0) + 45 * level));
      }
    }
    return nodes;
  }

  /** Share of a service's desired replicas that are not serving at t. */
  function capacityLost(service: string, t: number): number {
    const topo = byName.get(service);
    if (!topo || !runsOnCluster(topo)) return 0;
    const serving = podsServingAt(cluster, service, t).length;
    return Math.max(0, 1 - serving / defaultReplicas(topo));
  }

  /** Containers killed within 30 s of t: their in-flight requests fail. */
  function recentKills(service: string, t: number): number {
    let kills = 0;
    for (const pod of cluster.pods) {
      if (pod.service !== service) continue;
      for (const restart of pod.restarts) if (Math.abs(restart.at - t) < 30_000) kills++;
    }
    return kills;
  }

  function ownImpact(service: string, version: string | undefined, t: number): OwnImpact {
    // Most components have nothing wrong with them: answer without building (or caching) anything.
    if (!faultSites.has(service) && !sideways) return NONE;
    const key = `${service}|${version ?? ''}|${t}`;
    const cached = ownCache.get(key);
    if (cached) return cached;
    const own = emptyOwn();
    for (const entry of active) {
      const { fault, profile } = entry;
      if (fault.service !== service) continue;
      if (fault.version !== undefined && version !== undefined && fault.version !== version) continue;
      const level = intensity(entry, t);
      if (level <= 0) continue;
      let errorPct = entry.errorRatePct * level;
      let p99 = entry.latencyMs * level;
      if (fault.type === 'memory_leak') {
        // Garbage collection thrashes only once the heap is nearly full.
        errorPct = entry.errorRatePct * Math.max(0, level - 0.7) / 0.3;
        p99 = entry.latencyMs * level * level;
      }
      if (fault.type === 'disk_full') {
        // Writes fail once the volume is full, at the end of the ramp.
        errorPct = level >= 1 ? entry.errorRatePct : 0;
      }
      if (profile.capacity) {
        const lost = capacityLost(service, t);
        errorPct = Math.max(errorPct, lost * lost * 100, Math.min(60, recentKills(service, t) * 8));
        p99 += lost * 800;
      }
      own.errorPct = combine(own.errorPct, errorPct);
      if (profile.ownErrorsVisible) own.visibleErrorPct = combine(own.visibleErrorPct, errorPct);
      if (profile.ownLatencyVisible) {
        own.p99AddMs += p99;
        own.p50AddMs += p99 * 0.3;
      } else {
        own.networkP99AddMs += p99;
      }
      own.cpuAddPct += profile.cpuAddPct * level + errorPct * 0.1;
      own.rpsFactor *= 1 + (profile.rpsFactor - 1) * (profile.rpsFactor < 1 ? errorPct / 100 : level);
      own.intensity = Math.max(own.intensity, level);
      own.fault ??= fault;
      own.mode ??= profile.callerMode;
    }
    induced(service, own, t);
    ownCache.set(key, own);
    return own;
  }

  /** Sideways effects: databases behind a stampeding cache, pods next to a noisy neighbour. */
  function induced(service: string, own: OwnImpact, t: number): void {
    const topo = byName.get(service);
    if (!topo) return;
    for (const entry of active) {
      const level = intensity(entry, t);
      if (level <= 0) continue;
      if (entry.fault.type === 'cache_stampede' && topo.kind === 'database') {
        const behind = topology.services.some((caller) => caller.dependsOn.includes(entry.fault.service) && caller.dependsOn.includes(service));
        if (!behind) continue;
        // The first minutes hurt most: every miss goes to the database until the cache warms up again.
        const surge = level * Math.max(0.35, 1 - (t - entry.start) / (30 * MINUTE));
        own.p99AddMs += entry.latencyMs * surge;
        own.p50AddMs += entry.latencyMs * surge * 0.4;
        own.cpuAddPct += 50 * surge;
        own.errorPct = combine(own.errorPct, entry.errorRatePct * surge);
        own.visibleErrorPct = combine(own.visibleErrorPct, entry.errorRatePct * surge);
        own.mode ??= 'db_timeout';
      }
      if (entry.fault.type === 'noisy_neighbor' && service !== entry.fault.service && runsOnCluster(topo)) {
        const hot = noisyNodes(t);
        const serving = podsServingAt(cluster, service, t);
        if (serving.length === 0) continue;
        const share = serving.filter((pod) => hot.has(pod.node.name)).length / serving.length;
        if (share <= 0) continue;
        own.p99AddMs += entry.latencyMs * share * level;
        own.p50AddMs += entry.latencyMs * share * level * 0.35;
        own.errorPct = combine(own.errorPct, entry.errorRatePct * share * level);
        own.visibleErrorPct = combine(own.visibleErrorPct, entry.errorRatePct * share * level);
        own.mode ??= 'timeout';
      }
    }
  }

  /** A service's own impact across its serving versions; a service with no pod left fails everything. */
  function serviceOwn(service: string, t: number): { error: number; p50: number; p99: number; network: number; mode: CallerMode | undefined } {
    const shares = versionShares(service, t);
    const topo = byName.get(service);
    if (shares.size === 0 && topo && runsOnCluster(topo)) {
      const own = ownImpact(service, undefined, t);
      return { error: own.fault ? 100 : 0, p50: 0, p99: 0, network: 0, mode: own.mode ?? 'refused' };
    }
    let error = 0;
    let p50 = 0;
    let p99 = 0;
    let network = 0;
    let mode: CallerMode | undefined;
    for (const [version, share] of shares) {
      const own = ownImpact(service, version, t);
      error += share * own.errorPct;
      p50 += share * own.p50AddMs;
      p99 += share * own.p99AddMs;
      network += share * own.networkP99AddMs;
      if (own.errorPct > 0 || own.p99AddMs > 0 || own.networkP99AddMs > 0) mode ??= own.mode;
    }
    return { error, p50, p99, network, mode };
  }

  function computeImpact(service: string, t: number, depth: number): Impact {
    if (depth > MAX_DEPTH) return NO_IMPACT;
    const key = `${service}|${t}`;
    const cached = impactCache.get(key);
    if (cached) return cached;
    const own = serviceOwn(service, t);
    const causes: CalleeContribution[] = [];
    let passRate = 1;
    let p50 = own.p50;
    let p99 = own.p99;
    for (const callee of byName.get(service)?.dependsOn ?? []) {
      const upstream = computeImpact(callee, t - PROPAGATION_DELAY_MS, depth + 1);
      const seen = upstream.p99AddMs + upstream.networkP99AddMs;
      if (upstream.errorPct <= 0 && seen <= 0) continue;
      const contribution = CALL_SHARE * RETRY_PASS * upstream.errorPct;
      passRate *= 1 - contribution / 100;
      if (contribution > 0) {
        const calleeOwn = serviceOwn(callee, t - PROPAGATION_DELAY_MS);
        const mode = calleeOwn.mode !== undefined && calleeOwn.error >= upstream.propagatedErrorPct ? calleeOwn.mode : 'http_5xx';
        causes.push({ callee, errorPct: contribution, mode });
      }
      p99 += CALL_SHARE * seen + Math.min(1, upstream.errorPct / 20) * RETRY_P99_MS;
      p50 += CALL_SHARE * (upstream.p50AddMs + upstream.networkP99AddMs * 0.5) + (upstream.errorPct / 100) * CALL_SHARE * RETRY_P50_MS;
    }
    const propagated = (1 - passRate) * 100;
    const impact: Impact = {
      errorPct: combine(own.error, propagated),
      p50AddMs: p50,
      p99AddMs: p99,
      networkP99AddMs: own.network,
      propagatedErrorPct: propagated,
      causes,
    };
    impactCache.set(key, impact);
    return impact;
  }

  return {
    active,
    versionShares,
    ownImpact,
    impact: (service, t) => computeImpact(service, t, 0),
    intensity,
    noisyNodes,
  };
}
