// Log lines of every service, minute by minute. Counts follow the telemetry (a failed request logs
// one line; lines are sampled one per LOG_SAMPLE requests, as busy services do); a caller's error
// line for a failed dependency carries the trace id of the callee's own error line, a few
// milliseconds later, so traces join up across services. Pure function of (seed, service, minute).
import type { Cluster, Pod } from './cluster.ts';
import { NAMESPACE, podsServingAt, runsOnCluster } from './cluster.ts';
import type { FaultModel } from './fault-effects.ts';
import {
  ddSource,
  endpointUsedBy,
  failureStatus,
  parseEndpoint,
  renderAccess,
  renderBackgroundError,
  renderDatastoreLine,
  renderDependencyError,
  renderOwnException,
  renderSlowDependency,
  type Endpoint,
  type LineContext,
  type LogStatus,
  type RenderedLog,
} from './log-styles.ts';
import type { Scenario } from './scenario.ts';
import { hash32, hexString, intBetween, pickOne, unitInterval, type HashPart } from './seeded-hash.ts';
import type { Telemetry } from './telemetry.ts';
import type { Topology, TopologyService } from './topology.ts';

export const MINUTE_MS = 60_000;
/** One logged line per this many failed requests. */
export const LOG_SAMPLE = 100;
/** At most this many error lines per service, cause and minute. */
export const MAX_ERROR_LINES = 25;

export interface LogRecord {
  id: string;
  timestamp: number;
  service: string;
  status: LogStatus;
  message: string;
  host: string;
  pod: string | undefined;
  version: string | undefined;
  traceId: string | undefined;
  /** Reserved-tag style labels (env, service, version, pod_name, kube_namespace, source, ...). */
  labels: Record<string, string>;
  attributes: Record<string, unknown>;
}

export interface LogModel {
  /** Lines generated for a service in the minute starting at `minuteStart` (their timestamps may spill a few ms past it). */
  minute(service: string, minuteStart: number): LogRecord[];
}

function probabilisticRound(value: number, ...slot: HashPart[]): number {
  const whole = Math.floor(value);
  return whole + (unitInterval(...slot, 'round') < value - whole ? 1 : 0);
}

/** A Datadog-style log id: version byte, big-endian ms timestamp, then opaque bytes, base64url. */
function logId(timestamp: number, ...slot: HashPart[]): string {
  const bytes = Buffer.alloc(41);
  bytes[0] = 1;
  bytes.writeBigUInt64BE(BigInt(timestamp), 1);
  bytes.writeUInt32BE(hash32(...slot, 'id-a'), 9);
  bytes.write(Buffer.from(hexString(36, ...slot, 'id-b'), 'hex').toString('base64url'), 17, 'ascii');
  return bytes.toString('base64url');
}

export function createLogModel(topology: Topology, scenario: Scenario, cluster: Cluster, faults: FaultModel, telemetry: Telemetry, seed: number): LogModel {
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const cache = new Map<string, LogRecord[]>();

  function callerIndex(callee: TopologyService, caller: TopologyService): number {
    return topology.services.filter((service) => service.dependsOn.includes(callee.name)).findIndex((service) => service.name === caller.name);
  }

  /** Which of the caller's own routes calls this dependency: the one that names it, else a stable pick. */
  function ownEndpointFor(service: TopologyService, callee: TopologyService, ...slot: HashPart[]): Endpoint {
    const endpoints = (service.endpoints ?? ['GET /']).map(parseEndpoint);
    const stem = callee.name.replace(/-(service|api|web)$/, '');
    const named = endpoints.find((endpoint) => endpoint.path.includes(stem));
    if (named) return named;
    // The home page rarely fans out to a dependency; prefer the other routes.
    const routes = endpoints.filter((endpoint) => endpoint.path !== '/');
    return pickOne(routes.length > 0 ? routes : endpoints, ...slot);
  }

  function latencyAt(service: string, version: string | undefined, t: number, field: 'latency.p50_ms' | 'latency.p99_ms'): number {
    const bucket = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    const source = telemetry.sources().find((candidate) => candidate.service === service && candidate.kind !== 'pod' && (version === undefined || candidate.version === version || candidate.version === undefined));
    return (source && telemetry.value(source, field, bucket)) ?? 50;
  }

  function record(service: TopologyService, timestamp: number, pod: Pod | undefined, host: string, traceId: string | undefined, rendered: RenderedLog, ...slot: HashPart[]): LogRecord {
    const labels: Record<string, string> = { env: 'prod', service: service.name, source: ddSource(service) };
    if (service.team) labels.team = service.team;
    if (pod) {
      labels.version = pod.version;
      labels.pod_name = pod.name;
      labels.kube_namespace = NAMESPACE;
      labels.kube_deployment = service.name;
      labels.kube_container_name = service.name;
    }
    return {
      id: logId(timestamp, seed, ...slot),
      timestamp,
      service: service.name,
      status: rendered.status,
      message: rendered.message,
      host,
      pod: pod?.name,
      version: pod?.version,
      traceId,
      labels,
      attributes: rendered.attributes,
    };
  }

  function context(service: TopologyService, t: number, pod: Pod | undefined, traceId: string, slot: HashPart[]): LineContext {
    return { t, service, org: topology.name, podIp: pod?.podIp, traceId, spanId: String(hash32(...slot, 'span')) + String(hash32(...slot, 'span2')).slice(0, 9), slot };
  }

  function podAt(service: TopologyService, t: number, version: string | undefined, ...slot: HashPart[]): Pod | undefined {
    const serving = podsServingAt(cluster, service.name, t).filter((pod) => version === undefined || pod.version === version);
    return serving.length > 0 ? pickOne(serving.sort((a, b) => a.name.localeCompare(b.name)), ...slot, 'pod') : undefined;
  }

  function clusterServiceMinute(service: TopologyService, start: number): LogRecord[] {
    const out: LogRecord[] = [];
    const mid = start + MINUTE_MS / 2;
    const endpoints = (service.endpoints ?? ['GET /']).map(parseEndpoint);
    const callers = topology.services.filter((candidate) => candidate.dependsOn.includes(service.name));
    const rps = telemetry.requestRate(service.name, mid);

    // Ordinary traffic.
    const infoCount = intBetween(3, 6, seed, service.name, start, 'info');
    for (let k = 0; k < infoCount; k++) {
      const slot: HashPart[] = [seed, service.name, start, 'info', k];
      const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
      const pod = podAt(service, t, undefined, ...slot);
      if (!pod) continue;
      const traceId = hexString(32, ...slot, 'trace');
      const caller = callers.length > 0 ? pickOne(callers, ...slot, 'caller') : undefined;
      const endpoint = caller ? endpointUsedBy(service, callerIndex(service, caller)) : pickOne(endpoints, ...slot, 'endpoint');
      const duration = latencyAt(service.name, pod.version, t, 'latency.p50_ms') * (0.5 + unitInterval(...slot, 'dur'));
      out.push(record(service, t, pod, pod.node.name, traceId, renderAccess(context(service, t, pod, traceId, slot), endpoint, duration, caller), ...slot));
    }

    // The service's own faults, on the pods running the faulty version.
    for (const [version, share] of faults.versionShares(service.name, mid)) {
      const own = faults.ownImpact(service.name, version, mid);
      if (own.errorPct <= 0) continue;
      const expected = (rps * share * 60 * own.errorPct) / 100 / LOG_SAMPLE;
      const count = Math.min(MAX_ERROR_LINES, probabilisticRound(expected, seed, service.name, start, 'own', version));
      for (let k = 0; k < count; k++) {
        const slot: HashPart[] = [seed, service.name, start, 'own', version, k];
        const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
        const pod = podAt(service, t, version, ...slot);
        if (!pod) continue;
        const traceId = hexString(32, ...slot, 'trace');
        const caller = callers.length > 0 ? pickOne(callers, ...slot, 'caller') : undefined;
        const endpoint = caller ? endpointUsedBy(service, callerIndex(service, caller)) : pickOne(endpoints, ...slot, 'endpoint');
        const exception = own.fault?.exception ?? 'RuntimeError: unexpected error';
        out.push(record(service, t, pod, pod.node.name, traceId, renderOwnException(context(service, t, pod, traceId, slot), endpoint, exception), ...slot));
      }
    }

    // Failures passed on by dependencies; each line joins the trace of a callee error line.
    for (const cause of faults.impact(service.name, mid).causes) {
      const callee = byName.get(cause.callee);
      if (!callee) continue;
      const calleeEndpoint = endpointUsedBy(callee, callerIndex(callee, service));
      const routePrefix = calleeEndpoint.path.split('{')[0] ?? '/';
      const calleeErrors = minute(callee.name, start).filter((line) => {
        const http = line.attributes.http as { method?: string; url?: string } | undefined;
        return line.status === 'error' && line.traceId !== undefined && http?.method === calleeEndpoint.method && (http.url ?? '').startsWith(routePrefix);
      });
      const expected = (rps * 60 * cause.errorPct) / 100 / LOG_SAMPLE;
      const count = Math.min(MAX_ERROR_LINES, probabilisticRound(expected, seed, service.name, start, 'dep', callee.name));
      for (let k = 0; k < count; k++) {
        const slot: HashPart[] = [seed, service.name, start, 'dep', callee.name, k];
        const joined = calleeErrors[k];
        const t = joined ? joined.timestamp + intBetween(3, 45, ...slot, 'lag') : start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
        const pod = podAt(service, t, undefined, ...slot);
        if (!pod) continue;
        const traceId = joined?.traceId ?? hexString(32, ...slot, 'trace');
        const ownEndpoint = ownEndpointFor(service, callee, ...slot);
        const duration = latencyAt(service.name, pod.version, t, 'latency.p99_ms') * (0.4 + 0.6 * unitInterval(...slot, 'dur'));
        const calleeOwnFault = [...faults.versionShares(callee.name, mid).keys()].some((version) => faults.ownImpact(callee.name, version, mid).errorPct > 0);
        const calleeStatus = failureStatus(callee, calleeOwnFault);
        const rendered = renderDependencyError(context(service, t, pod, traceId, slot), ownEndpoint, callee, calleeEndpoint, calleeStatus, duration);
        out.push(record(service, t, pod, pod.node.name, traceId, rendered, ...slot));
      }
    }

    // The everyday background of failed requests (clients hanging up).
    const background = probabilisticRound((rps * 60 * telemetry.baselineErrorPct(service.name, mid)) / 100 / LOG_SAMPLE, seed, service.name, start, 'bg');
    for (let k = 0; k < Math.min(background, 3); k++) {
      const slot: HashPart[] = [seed, service.name, start, 'bg', k];
      const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
      const pod = podAt(service, t, undefined, ...slot);
      if (!pod) continue;
      const traceId = hexString(32, ...slot, 'trace');
      out.push(record(service, t, pod, pod.node.name, traceId, renderBackgroundError(context(service, t, pod, traceId, slot), pickOne(endpoints, ...slot, 'endpoint')), ...slot));
    }

    // Configured noise: steady warnings that have nothing to do with any incident.
    for (const noise of scenario.noise.filter((candidate) => candidate.service === service.name)) {
      const dependency = byName.get(noise.dependency);
      if (!dependency) continue;
      const count = probabilisticRound(Math.max(0, noise.perMinute + (unitInterval(seed, service.name, start, 'noise', noise.dependency) - 0.5) * 2), seed, service.name, start, 'noise-n');
      for (let k = 0; k < count; k++) {
        const slot: HashPart[] = [seed, service.name, start, 'noise', noise.dependency, k];
        const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
        const pod = podAt(service, t, undefined, ...slot);
        if (!pod) continue;
        const traceId = hexString(32, ...slot, 'trace');
        const duration = noise.thresholdMs * (1.05 + 1.2 * unitInterval(...slot, 'dur'));
        out.push(record(service, t, pod, pod.node.name, traceId, renderSlowDependency(context(service, t, pod, traceId, slot), dependency, duration, noise.thresholdMs), ...slot));
      }
    }
    return out;
  }

  function managedMinute(service: TopologyService, start: number): LogRecord[] {
    const minuteIndex = Math.floor(start / MINUTE_MS);
    if ((minuteIndex + hash32(seed, service.name, 'cadence')) % 5 !== 0) return [];
    const slot: HashPart[] = [seed, service.name, start, 'managed'];
    const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
    const host = `${service.name}-${intBetween(1, 3, seed, service.name, 'host')}`;
    return [record(service, t, undefined, host, undefined, renderDatastoreLine(context(service, t, undefined, '', slot)), ...slot)];
  }

  function minute(name: string, minuteStart: number): LogRecord[] {
    const key = `${name}|${minuteStart}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const service = byName.get(name);
    let lines: LogRecord[] = [];
    if (service && runsOnCluster(service)) lines = clusterServiceMinute(service, minuteStart);
    else if (service && service.kind !== 'external') lines = managedMinute(service, minuteStart);
    lines.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    cache.set(key, lines);
    return lines;
  }

  return { minute };
}
