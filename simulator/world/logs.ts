// Log lines of every service, minute by minute. Counts follow the telemetry (a failed request logs
// one line; lines are sampled one per LOG_SAMPLE requests, as busy services do); a caller's error
// line for a failed dependency carries the trace id of the callee's own error line, a few
// milliseconds later, so traces join up across services, and reads as the callee's failure mode
// (timeouts, refused connections, TLS or DNS errors...). A faulty component also prints what the
// fault does to it (exceptions, slow requests, GC pauses, Postgres FATALs), containers print their
// start-up and crash lines, and configured noise repeats. Pure function of (seed, variant, service, minute).
import type { Cluster, Pod } from './cluster.ts';
import { NAMESPACE, podsOf, podsServingAt, runsOnCluster } from './cluster.ts';
import { FAULT_PROFILES } from './fault-catalog.ts';
import type { FaultModel } from './fault-effects.ts';
import {
  ddSource,
  endpointUsedBy,
  failureStatus,
  parseEndpoint,
  renderAccess,
  renderBackgroundError,
  renderDatastoreLine,
  renderOwnException,
  renderSlowDependency,
  type Endpoint,
  type LineContext,
  type LogStatus,
  type RenderedLog,
} from './log-styles.ts';
import { renderCallerFailure, renderDatastoreSymptom, renderOwnSymptom, renderStartup, startupFailure, pickWording } from './fault-lines.ts';
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

/** Faults whose handlers raise an exception on the failing requests. */
const EXCEPTION_FAULTS = new Set(['code_exception', 'bad_deploy', 'config_error', 'feature_flag', 'disk_full', 'dependency_outage']);

export function createLogModel(topology: Topology, scenario: Scenario, cluster: Cluster, faults: FaultModel, telemetry: Telemetry, seed: number, variant = 0): LogModel {
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
      labels[pod.workloadKind === 'StatefulSet' ? 'kube_stateful_set' : 'kube_deployment'] = pod.workload;
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
      if (own.errorPct <= 0 && own.p99AddMs <= 0) continue;
      const fault = own.fault;
      const type = fault?.type;
      const exceptionFault = type !== undefined && EXCEPTION_FAULTS.has(type);
      // Symptoms without failed requests (slow requests, GC pauses) are logged at a readable rate too.
      const symptomPct = exceptionFault ? own.errorPct : Math.max(own.errorPct, Math.min(30, own.p99AddMs / 100));
      const expected = (rps * share * 60 * symptomPct) / 100 / LOG_SAMPLE;
      const count = Math.min(MAX_ERROR_LINES, probabilisticRound(expected, seed, service.name, start, 'own', version));
      for (let k = 0; k < count; k++) {
        const slot: HashPart[] = [seed, service.name, start, 'own', version, k];
        const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
        const pod = podAt(service, t, version, ...slot);
        if (!pod) continue;
        const traceId = hexString(32, ...slot, 'trace');
        const caller = callers.length > 0 ? pickOne(callers, ...slot, 'caller') : undefined;
        const endpoint = fault?.endpoint ? parseEndpoint(fault.endpoint) : caller ? endpointUsedBy(service, callerIndex(service, caller)) : pickOne(endpoints, ...slot, 'endpoint');
        const ctx = context(service, t, pod, traceId, slot);
        let rendered: RenderedLog | undefined;
        if (exceptionFault || !fault) {
          const exception = fault?.exception ?? (fault ? FAULT_PROFILES[fault.type].defaultException : undefined) ?? 'RuntimeError: unexpected error';
          rendered = renderOwnException(ctx, endpoint, pickWording([exception, ...(fault?.exceptionVariants ?? [])], variant, `exc|${service.name}`));
        } else {
          const duration = latencyAt(service.name, pod.version, t, 'latency.p99_ms') * (0.7 + 0.5 * unitInterval(...slot, 'dur'));
          rendered = renderOwnSymptom(fault.type, ctx, endpoint, duration, fault, variant);
        }
        if (rendered) out.push(record(service, t, pod, pod.node.name, traceId, rendered, ...slot));
      }
    }

    // Container starts after restarts (and the crash that preceded them, when the app printed one).
    for (const pod of podsOf(cluster, service.name)) {
      for (const [index, restart] of pod.restarts.entries()) {
        if (restart.at < start - 15_000 || restart.at >= start + MINUTE_MS - 15_000) continue;
        const crashFault = faults.active.find((entry) => entry.fault.type === 'crash_loop' && entry.fault.service === service.name && restart.at >= entry.start);
        if (crashFault || restart.reason === 'Error') {
          const slot: HashPart[] = [seed, pod.name, restart.at, 'crash'];
          const ctx = context(service, restart.at - intBetween(5, 400, ...slot, 'lead'), pod, '', slot);
          const text = startupFailure(service, crashFault?.fault, variant);
          out.push(record(service, ctx.t, pod, pod.node.name, undefined, { status: 'error', message: text, attributes: { error: { kind: text.split(':')[0], message: text } } }, ...slot));
        }
        const next = restart.readyAgainAt - intBetween(6_000, 8_000, seed, pod.name, index, 'boot');
        if (next > start && next < start + MINUTE_MS) {
          const slot: HashPart[] = [seed, pod.name, restart.at, 'startup'];
          out.push(record(service, next, pod, pod.node.name, undefined, renderStartup(context(service, next, pod, '', slot)), ...slot));
        }
      }
    }

    // Callers of a stampeding cache miss and go to the database.
    for (const entry of faults.active) {
      if (entry.fault.type !== 'cache_stampede' || !service.dependsOn.includes(entry.fault.service)) continue;
      const level = faults.intensity(entry, mid);
      if (level <= 0) continue;
      const recovery = Math.min(1, (mid - entry.start) / (40 * MINUTE_MS));
      const count = Math.min(12, probabilisticRound((rps * 60 * (1 - recovery * recovery)) / 400, seed, service.name, start, 'miss'));
      const database = service.dependsOn.map((name) => byName.get(name)).find((dep) => dep?.kind === 'database');
      for (let k = 0; k < count; k++) {
        const slot: HashPart[] = [seed, service.name, start, 'miss', k];
        const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
        const pod = podAt(service, t, undefined, ...slot);
        if (!pod) continue;
        const traceId = hexString(32, ...slot, 'trace');
        const key = `${pickWording(['product', 'listing', 'account', 'session'], 1 + (hash32(service.name) % 3), 'k')}:${intBetween(10000, 99999, ...slot, 'key')}`;
        const text = pickWording([`cache miss for ${key}, loading from ${database?.name ?? 'origin'}`, `${entry.fault.service} miss on ${key}; falling back to ${database?.name ?? 'origin'}`], variant, `miss|${service.language}`);
        const rendered: RenderedLog = renderSlowDependencyLike(service, text, context(service, t, pod, traceId, slot));
        out.push(record(service, t, pod, pod.node.name, traceId, rendered, ...slot));
      }
    }

    // Failures passed on by dependencies; each line joins the trace of a callee error line.
    for (const cause of faults.impact(service.name, mid).causes) {
      const dependency = byName.get(cause.callee);
      if (!dependency) continue;
      // When the resolver itself fails, the lookups that fail are those of the caller's other external APIs.
      const others = service.dependsOn.map((name) => byName.get(name)).filter((dep): dep is TopologyService => dep !== undefined && dep.technology !== 'dns');
      const callee = dependency.technology === 'dns' ? (others.find((dep) => dep.kind === 'external') ?? others.find((dep) => dep.kind === 'service') ?? others[0] ?? dependency) : dependency;
      const calleeEndpoint = endpointUsedBy(callee, callerIndex(callee, service));
      const routePrefix = calleeEndpoint.path.split('{')[0] ?? '/';
      const calleeErrors = minute(callee.name, start).filter((line) => {
        const http = line.attributes.http as { method?: string; url?: string } | undefined;
        return line.status === 'error' && line.traceId !== undefined && http?.method === calleeEndpoint.method && (http.url ?? '').startsWith(routePrefix);
      });
      const expected = (rps * 60 * cause.errorPct) / 100 / LOG_SAMPLE;
      const count = Math.min(MAX_ERROR_LINES, probabilisticRound(expected, seed, service.name, start, 'dep', dependency.name));
      for (let k = 0; k < count; k++) {
        const slot: HashPart[] = [seed, service.name, start, 'dep', dependency.name, k];
        const joined = calleeErrors[k];
        const t = joined ? joined.timestamp + intBetween(3, 45, ...slot, 'lag') : start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
        const pod = podAt(service, t, undefined, ...slot);
        if (!pod) continue;
        const traceId = joined?.traceId ?? hexString(32, ...slot, 'trace');
        const ownEndpoint = ownEndpointFor(service, callee, ...slot);
        const duration = latencyAt(service.name, pod.version, t, 'latency.p99_ms') * (0.4 + 0.6 * unitInterval(...slot, 'dur'));
        const calleeOwnFault = [...faults.versionShares(callee.name, mid).keys()].some((version) => faults.ownImpact(callee.name, version, mid).errorPct > 0);
        const calleeStatus = failureStatus(callee, calleeOwnFault);
        const certFault = faults.active.find((entry) => entry.fault.service === callee.name && entry.fault.type === 'cert_expired');
        const rendered = renderCallerFailure(cause.mode, context(service, t, pod, traceId, slot), ownEndpoint, callee, calleeEndpoint, calleeStatus, duration, variant, certFault?.start ?? t);
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
      if (noise.kind === 'error_log') {
        const count = probabilisticRound(Math.max(0, noise.perMinute + (unitInterval(seed, service.name, start, 'noise-e') - 0.5) * 2), seed, service.name, start, 'noise-en');
        for (let k = 0; k < count; k++) {
          const slot: HashPart[] = [seed, service.name, start, 'noise-error', k];
          const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
          const pod = podAt(service, t, undefined, ...slot);
          if (!pod) continue;
          const traceId = hexString(32, ...slot, 'trace');
          out.push(record(service, t, pod, pod.node.name, traceId, renderSlowDependencyLike(service, noise.message, context(service, t, pod, traceId, slot), 'ERROR'), ...slot));
        }
        continue;
      }
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
    const out: LogRecord[] = [];
    const minuteIndex = Math.floor(start / MINUTE_MS);
    const host = `${service.name}-${intBetween(1, 3, seed, service.name, 'host')}`;
    if ((minuteIndex + hash32(seed, service.name, 'cadence')) % 5 === 0) {
      const slot: HashPart[] = [seed, service.name, start, 'managed'];
      const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
      out.push(record(service, t, undefined, host, undefined, renderDatastoreLine(context(service, t, undefined, '', slot)), ...slot));
    }
    const mid = start + MINUTE_MS / 2;
    const own = faults.ownImpact(service.name, undefined, mid);
    const type = own.fault?.type ?? (own.p99AddMs > 0 ? 'induced_slow' : undefined);
    if (type === undefined) return out;
    const count = Math.min(MAX_ERROR_LINES, Math.max(2, Math.round(own.errorPct / 4 + own.p99AddMs / 200)));
    for (let k = 0; k < count; k++) {
      const slot: HashPart[] = [seed, service.name, start, 'symptom', k];
      const t = start + intBetween(0, MINUTE_MS - 1, ...slot, 't');
      const duration = (own.p99AddMs || 1000) * (0.6 + 0.8 * unitInterval(...slot, 'dur'));
      const rendered = renderDatastoreSymptom(type, context(service, t, undefined, '', slot), variant, duration);
      if (rendered) out.push(record(service, t, undefined, host, undefined, rendered, ...slot));
    }
    return out;
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

/** A one-line warning or error in the service's runtime style. */
function renderSlowDependencyLike(service: TopologyService, text: string, ctx: LineContext, level: 'WARN' | 'ERROR' = 'WARN'): RenderedLog {
  const status = level === 'ERROR' ? 'error' : 'warn';
  const trace = { trace_id: ctx.traceId, span_id: ctx.spanId, dd: { trace_id: ctx.traceId, span_id: ctx.spanId } };
  const iso = new Date(ctx.t).toISOString();
  switch (service.language) {
    case 'java':
      return { status, message: `${iso} ${level.padStart(5)} 1 --- [${service.name}] [nio-8080-exec-${intBetween(1, 10, ...ctx.slot, 'thread')}] ${`c.${ctx.org[0]}.${service.name.replace(/-/g, '_')}.service.Worker`.padEnd(40)} : ${text}`, attributes: trace };
    case 'python':
      return { status, message: `[${iso.replace('T', ' ').replace('Z', '').replace('.', ',')}] ${level === 'WARN' ? 'WARNING' : level} in ${service.name.replace(/-(service|api|web|worker)$/, '').replace(/-/g, '_')}: ${text}`, attributes: trace };
    case 'node':
      return { status, message: text, attributes: { level: level === 'ERROR' ? 50 : 40, pid: 1, hostname: service.name, ...trace } };
    default:
      return { status, message: `time=${iso} level=${level} msg=${JSON.stringify(text)} trace_id=${ctx.traceId}`, attributes: trace };
  }
}
