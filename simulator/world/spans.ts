// Sampled APM spans, built from the same requests the logs describe: every log line that carries a
// trace id is one server span, and a caller's line that joined a callee's trace is its parent (through
// a client span), so a failing request that crossed three services is one trace with a span per hop.
// Client spans to datastores, queues and external APIs take their duration from those components'
// latency at that moment, so a slow database shows in its callers' `postgresql.query` spans.
import type { LogRecord, LogModel } from './logs.ts';
import { serverOperation } from './naming.ts';
import { hexString, unitInterval } from './seeded-hash.ts';
import type { Topology, TopologyService } from './topology.ts';
import type { SpanRecord } from './world-contract.ts';

const MINUTE_MS = 60_000;

export interface SpanModel {
  minute(service: string, minuteStart: number): SpanRecord[];
}

function clientOperation(callee: TopologyService): string {
  if (callee.kind === 'database') return callee.technology === 'postgres' ? 'postgresql.query' : `${callee.technology ?? 'db'}.query`;
  if (callee.kind === 'cache') return `${callee.technology ?? 'redis'}.command`;
  if (callee.kind === 'queue') return callee.technology === 'rabbitmq' ? 'amqp.basic.publish' : 'kafka.produce';
  return 'http.client.request';
}

function clientResource(callee: TopologyService, traceId: string): string {
  if (callee.kind === 'database') return unitInterval(traceId, callee.name, 'sql') < 0.7 ? 'SELECT ? FROM ? WHERE ? = ?' : 'INSERT INTO ? ( ? ) VALUES ( ? )';
  if (callee.kind === 'cache') return unitInterval(traceId, callee.name, 'cmd') < 0.8 ? 'GET' : 'SET';
  if (callee.kind === 'queue') return `Produce Topic ${callee.name}`;
  return callee.endpoints?.[0] ?? 'GET /';
}

export function createSpanModel(
  topology: Topology,
  logs: LogModel,
  seed: number,
  variant: number,
  latencyMs: (service: string, t: number) => number,
  /** Extra time the network adds on the way to a component at t (network faults), in ms. */
  networkDelayMs: (service: string, t: number) => number = () => 0,
): SpanModel {
  const byName = new Map(topology.services.map((service) => [service.name, service]));
  const cache = new Map<number, Map<string, SpanRecord[]>>();

  function delayOf(traceId: string, callee: string, t: number): number {
    return networkDelayMs(callee, t) * (0.3 + 0.7 * unitInterval(seed, traceId, callee, 'net'));
  }

  function durationOf(line: LogRecord): number | undefined {
    const raw = line.attributes.duration ?? line.attributes.responseTime;
    if (typeof raw !== 'number') return undefined;
    return line.attributes.duration !== undefined ? raw / 1e6 : raw;
  }

  function build(minuteStart: number): Map<string, SpanRecord[]> {
    const groups = new Map<string, LogRecord[]>();
    for (const service of topology.services) {
      for (const line of logs.minute(service.name, minuteStart)) {
        if (!line.traceId || !line.pod) continue;
        const group = groups.get(line.traceId) ?? [];
        group.push(line);
        groups.set(line.traceId, group);
      }
    }
    const out = new Map<string, SpanRecord[]>();
    const push = (span: SpanRecord) => {
      const list = out.get(span.service) ?? [];
      list.push(span);
      out.set(span.service, list);
    };
    for (const [traceId, lines] of groups) {
      const inTrace = new Map(lines.map((line) => [line.service, line]));
      const servers = new Map<string, SpanRecord>();
      // Callees first, so a caller can wrap its client span around the callee's server span.
      const ordered = [...lines].sort((a, b) => a.timestamp - b.timestamp);
      for (const line of ordered) {
        const service = byName.get(line.service);
        if (!service || servers.has(line.service)) continue;
        const http = (line.attributes.http ?? {}) as { method?: string; url?: string; status_code?: number };
        let duration = durationOf(line) ?? latencyMs(service.name, line.timestamp) * (0.5 + unitInterval(seed, traceId, service.name, 'd'));
        let start = line.timestamp - duration;
        for (const callee of service.dependsOn) {
          const inner = servers.get(callee);
          const lead = inner ? 2 + delayOf(traceId, callee, inner.start) / 2 : 0;
          if (inner && inner.start - lead < start + 1) {
            start = inner.start - lead;
            duration = line.timestamp - start;
          }
        }
        const failed = line.status === 'error';
        const attributes: Record<string, string | number> = { 'span.kind': 'server', env: 'prod', version: line.version ?? '', pod_name: line.pod ?? '' };
        if (http.method) attributes['http.method'] = http.method;
        if (http.url) attributes['http.url'] = http.url;
        attributes['http.status_code'] = http.status_code ?? (failed ? 500 : http.method === 'POST' ? 201 : 200);
        const error = line.attributes.error as { kind?: string; message?: string } | undefined;
        if (failed && error?.kind) attributes['error.type'] = String(error.kind);
        if (failed && error?.message) attributes['error.message'] = String(error.message).slice(0, 300);
        const span: SpanRecord = {
          traceId,
          spanId: hexString(16, seed, traceId, service.name, 'server'),
          service: service.name,
          operation: serverOperation(service.language, service.name, variant),
          resource: http.method ? `${http.method} ${(http.url ?? '/').split('?')[0]}` : 'GET /',
          start: Math.round(start * 1000) / 1000,
          durationMs: Math.round(duration * 1000) / 1000,
          status: failed ? 'error' : 'ok',
          attributes,
        };
        servers.set(service.name, span);
      }
      for (const [name, server] of servers) {
        const service = byName.get(name)!;
        const line = inTrace.get(name)!;
        const upstream = (line.attributes.upstream ?? {}) as { service?: string };
        const caller = topology.services.find((candidate) => candidate.dependsOn.includes(name) && servers.has(candidate.name));
        if (caller) server.parentSpanId = hexString(16, seed, traceId, caller.name, 'client', name);
        push(server);
        let cursor = server.start + 0.4;
        for (const calleeName of service.dependsOn) {
          const callee = byName.get(calleeName);
          if (!callee) continue;
          const inner = servers.get(calleeName);
          const failedHere = upstream.service === calleeName;
          if (!inner && !failedHere && (callee.kind === 'service' || unitInterval(seed, traceId, name, calleeName, 'calls') > 0.6)) continue;
          // The client waits for the callee plus whatever the network adds on the way there and back.
          const delay = delayOf(traceId, calleeName, inner ? inner.start : server.start);
          const start = inner ? inner.start - 1 - delay / 2 : cursor;
          const duration = inner ? inner.durationMs + 1.5 + delay : Math.min(Math.max(0.2, server.start + server.durationMs - start - 0.2), latencyMs(calleeName, start) * (0.4 + unitInterval(seed, traceId, calleeName, 'cd')) + delay);
          cursor = start + duration + 0.1;
          const attributes: Record<string, string | number> = { 'span.kind': 'client', 'peer.service': calleeName };
          if (callee.kind === 'database') attributes['db.system'] = callee.technology === 'postgres' ? 'postgresql' : (callee.technology ?? 'sql');
          if (callee.kind === 'cache') attributes['db.system'] = callee.technology ?? 'redis';
          if (callee.kind === 'queue') attributes['messaging.system'] = callee.technology ?? 'kafka';
          const error = line.attributes.error as { kind?: string; message?: string } | undefined;
          const failed = failedHere || inner?.status === 'error';
          if (failed && error?.message) {
            attributes['error.type'] = String(error.kind ?? 'Error');
            attributes['error.message'] = String(error.message).slice(0, 300);
          }
          push({
            traceId,
            spanId: hexString(16, seed, traceId, name, 'client', calleeName),
            parentSpanId: server.spanId,
            service: name,
            operation: clientOperation(callee),
            resource: callee.kind === 'service' || callee.kind === 'external' ? (callee.endpoints?.[0] ?? clientResource(callee, traceId)) : clientResource(callee, traceId),
            start: Math.round(start * 1000) / 1000,
            durationMs: Math.round(duration * 1000) / 1000,
            status: failed ? 'error' : 'ok',
            attributes,
          });
        }
      }
    }
    for (const list of out.values()) list.sort((a, b) => a.start - b.start || (a.spanId < b.spanId ? -1 : 1));
    return out;
  }

  return {
    minute(service, minuteStart) {
      const key = Math.floor(minuteStart / MINUTE_MS) * MINUTE_MS;
      let built = cache.get(key);
      if (!built) {
        built = build(key);
        cache.set(key, built);
      }
      return built.get(service) ?? [];
    },
  };
}
