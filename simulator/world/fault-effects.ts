// How faults show up and travel. A fault changes its own service (only the pods of a bad version, when
// it names one); callers feel a callee's excess errors one minute later (client retries and pool
// timeouts take a while to surface), as part of their own failures and as slower responses. Impacts
// compound hop by hop along the dependency graph towards the edge. Pure functions of (world, time).
import type { Cluster } from './cluster.ts';
import { podsServingAt, runsOnCluster } from './cluster.ts';
import type { Fault, Scenario } from './scenario.ts';
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

export const FAULT_TYPES_MODELLED = ['bad_deploy', 'code_exception'] as const;

export interface OwnImpact {
  errorPct: number;
  p50AddMs: number;
  p99AddMs: number;
  cpuAddPct: number;
  fault: Fault | undefined;
}

export interface CalleeContribution {
  callee: string;
  /** Percentage points of this service's requests that fail because of the callee. */
  errorPct: number;
}

export interface Impact {
  /** Excess error percentage over the service's baseline, across all its versions. */
  errorPct: number;
  p50AddMs: number;
  p99AddMs: number;
  /** Excess errors caused by dependencies (already included in errorPct). */
  propagatedErrorPct: number;
  causes: CalleeContribution[];
}

const NO_IMPACT: Impact = { errorPct: 0, p50AddMs: 0, p99AddMs: 0, propagatedErrorPct: 0, causes: [] };

export interface FaultModel {
  /** Traffic share of each version at t (serving pods of that version / all serving pods). */
  versionShares(service: string, t: number): Map<string, number>;
  ownImpact(service: string, version: string | undefined, t: number): OwnImpact;
  impact(service: string, t: number): Impact;
}

export function assertFaultsModelled(scenario: Scenario, topology: Topology): void {
  scenario.faults.forEach((fault, index) => {
    if (!(FAULT_TYPES_MODELLED as readonly string[]).includes(fault.type)) {
      throw new Error(
        `faults.${index}.type: ${fault.type} is not modelled yet (modelled: ${FAULT_TYPES_MODELLED.join(', ')})`,
      );
    }
    if (!topology.services.some((service) => service.name === fault.service)) {
      throw new Error(`faults.${index}.service: unknown service ${fault.service}`);
    }
  });
}

export function createFaultModel(topology: Topology, scenario: Scenario, cluster: Cluster): FaultModel {
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const faults = scenario.faults.map((fault) => ({
    fault,
    start: Date.parse(fault.start),
    end: fault.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(fault.end),
  }));
  const impactCache = new Map<string, Impact>();

  function versionShares(service: string, t: number): Map<string, number> {
    const shares = new Map<string, number>();
    const topo = byName.get(service);
    if (!topo || !runsOnCluster(topo)) {
      const version = cluster.initialVersions.get(service);
      if (version !== undefined) shares.set(version, 1);
      return shares;
    }
    const serving = podsServingAt(cluster, service, t);
    for (const pod of serving) shares.set(pod.version, (shares.get(pod.version) ?? 0) + 1 / serving.length);
    return shares;
  }

  function ownImpact(service: string, version: string | undefined, t: number): OwnImpact {
    const own: OwnImpact = { errorPct: 0, p50AddMs: 0, p99AddMs: 0, cpuAddPct: 0, fault: undefined };
    for (const { fault, start, end } of faults) {
      if (fault.service !== service || t < start || t >= end) continue;
      if (fault.version !== undefined && fault.version !== version) continue;
      own.errorPct = 100 - ((100 - own.errorPct) * (100 - fault.errorRatePct)) / 100;
      own.p99AddMs += fault.latencyMs;
      own.p50AddMs += fault.latencyMs * 0.3;
      // Raising and logging exceptions costs a little CPU.
      own.cpuAddPct += fault.errorRatePct * 0.15;
      own.fault ??= fault;
    }
    return own;
  }

  function computeImpact(service: string, t: number, depth: number): Impact {
    if (depth > MAX_DEPTH) return NO_IMPACT;
    const key = `${service}|${t}`;
    const cached = impactCache.get(key);
    if (cached) return cached;
    let ownError = 0;
    let ownP50 = 0;
    let ownP99 = 0;
    for (const [version, share] of versionShares(service, t)) {
      const own = ownImpact(service, version, t);
      ownError += share * own.errorPct;
      ownP50 += share * own.p50AddMs;
      ownP99 += share * own.p99AddMs;
    }
    const causes: CalleeContribution[] = [];
    let passRate = 1;
    let p50 = ownP50;
    let p99 = ownP99;
    for (const callee of byName.get(service)?.dependsOn ?? []) {
      const upstream = computeImpact(callee, t - PROPAGATION_DELAY_MS, depth + 1);
      if (upstream.errorPct <= 0 && upstream.p99AddMs <= 0) continue;
      const contribution = CALL_SHARE * RETRY_PASS * upstream.errorPct;
      passRate *= 1 - contribution / 100;
      if (contribution > 0) causes.push({ callee, errorPct: contribution });
      p99 += CALL_SHARE * upstream.p99AddMs + Math.min(1, upstream.errorPct / 20) * RETRY_P99_MS;
      p50 += CALL_SHARE * upstream.p50AddMs + (upstream.errorPct / 100) * CALL_SHARE * RETRY_P50_MS;
    }
    const propagated = (1 - passRate) * 100;
    const impact: Impact = {
      errorPct: 100 - ((100 - ownError) * (100 - propagated)) / 100,
      p50AddMs: p50,
      p99AddMs: p99,
      propagatedErrorPct: propagated,
      causes,
    };
    impactCache.set(key, impact);
    return impact;
  }

  return {
    versionShares,
    ownImpact,
    impact: (service, t) => computeImpact(service, t, 0),
  };
}
