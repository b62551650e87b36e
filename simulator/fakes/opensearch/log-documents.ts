// The world's log lines as the documents a Fluent Bit / Data Prepper pipeline writes to OpenSearch:
// ECS-style fields (`@timestamp`, `message`, `log.level`, `service.name`, `kubernetes.pod.name`,
// `kubernetes.namespace`, `trace.id`, `host.name`, `http.response.status_code`, `error.type` ...)
// in daily indices `<logsIndex>-YYYY.MM.DD`. Documents are cached per service and minute.
import type { LogRecord } from '../../world/logs.ts';
import type { ServedWorld } from '../shared/served-world.ts';
import type { DocFields } from './query-dsl.ts';

export interface LogDocument {
  index: string;
  id: string;
  timestamp: number;
  fields: DocFields;
  source: Record<string, unknown>;
}

export function dailyIndex(prefix: string, t: number): string {
  const day = new Date(t).toISOString().slice(0, 10).replace(/-/g, '.');
  return `${prefix}-${day}`;
}

/** The daily indices holding the world's logs, oldest first. */
export function logIndices(world: ServedWorld): string[] {
  const out: string[] = [];
  for (let day = Math.floor(world.clock.start / 86_400_000) * 86_400_000; day <= world.clock.now; day += 86_400_000) out.push(dailyIndex(world.naming.logsIndex, day));
  return out;
}

function flatten(value: unknown, prefix: string, out: Map<string, string | number>): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
    return;
  }
  if (Array.isArray(value)) {
    if (value.length > 0) flatten(value[0], prefix, out);
    return;
  }
  out.set(prefix, typeof value === 'number' ? value : String(value));
}

const LEVELS: Record<string, string> = { error: 'ERROR', warn: 'WARN', info: 'INFO', debug: 'DEBUG', critical: 'CRITICAL' };

function documentId(line: LogRecord): string {
  // OpenSearch auto-generated ids: 20 url-safe base64 characters.
  return Buffer.from(line.id, 'base64url').subarray(9, 24).toString('base64url').slice(0, 20);
}

export function toDocument(world: ServedWorld, line: LogRecord): LogDocument {
  const attributes = line.attributes as Record<string, unknown>;
  const http = attributes.http as { method?: string; url?: string; status_code?: number } | undefined;
  const error = attributes.error as { kind?: string; message?: string; stack?: string } | undefined;
  const logger = attributes.logger as { name?: string } | undefined;
  const spanId = typeof attributes.span_id === 'string' ? attributes.span_id : undefined;
  const source: Record<string, unknown> = {
    '@timestamp': new Date(line.timestamp).toISOString(),
    message: line.message,
    log: { level: LEVELS[line.status] ?? line.status.toUpperCase(), ...(logger?.name ? { logger: logger.name } : {}) },
    service: { name: line.service, environment: 'prod', ...(line.version ? { version: line.version } : {}) },
    host: { name: line.host },
    ...(line.pod
      ? {
          kubernetes: {
            namespace: line.labels.kube_namespace ?? 'prod',
            pod: { name: line.pod },
            container: { name: line.labels.kube_container_name ?? line.service },
            deployment: { name: line.labels.kube_deployment ?? line.service },
            labels: { app: line.service },
          },
        }
      : {}),
    ...(line.traceId ? { trace: { id: line.traceId } } : {}),
    ...(spanId ? { span: { id: spanId } } : {}),
    ...(http ? { http: { request: { method: http.method }, response: { status_code: http.status_code } }, url: { path: http.url } } : {}),
    ...(error ? { error: { type: error.kind, message: error.message, stack_trace: error.stack } } : {}),
  };
  const fields = new Map<string, string | number>();
  flatten(source, '', fields);
  fields.set('@timestamp', line.timestamp);
  return { index: dailyIndex(world.naming.logsIndex, line.timestamp), id: documentId(line), timestamp: line.timestamp, fields, source };
}

export function createDocumentStore(world: ServedWorld) {
  const cache = new Map<string, LogDocument[]>();
  return {
    /** Documents of one service for the minute starting at `minuteStart` (lines may spill a few ms past it). */
    minute(service: string, minuteStart: number): LogDocument[] {
      const key = `${service}\u0000${minuteStart}`;
      let docs = cache.get(key);
      if (!docs) {
        docs = world.logs.minute(service, minuteStart).filter((line) => line.timestamp <= world.clock.now).map((line) => toDocument(world, line));
        if (cache.size > 20_000) cache.clear();
        cache.set(key, docs);
      }
      return docs;
    },
  };
}
