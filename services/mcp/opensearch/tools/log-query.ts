// The query DSL the OpenSearch log tools send, built from high-level inputs (service, window,
// levels, text) over ECS-style fields as Fluent Bit, Data Prepper and the OpenTelemetry collector
// write them. Levels are matched in the spellings runtimes use (error, ERROR, Error; warn, WARNING...).
import { asRecord } from '../../shared/objects.ts';

export const FIELDS = {
  timestamp: '@timestamp',
  message: 'message',
  level: 'log.level',
  service: 'service.name',
  pod: 'kubernetes.pod.name',
} as const;

const LEVEL_SPELLINGS: Record<string, string[]> = {
  error: ['error', 'err', 'critical', 'fatal', 'severe', 'emergency', 'alert'],
  warn: ['warn', 'warning'],
  info: ['info', 'information', 'notice'],
  debug: ['debug', 'trace'],
};

export function levelTerms(levels: readonly string[]): string[] {
  const out = new Set<string>();
  for (const level of levels) {
    for (const spelling of LEVEL_SPELLINGS[level] ?? [level]) {
      out.add(spelling);
      out.add(spelling.toUpperCase());
      out.add(spelling[0]!.toUpperCase() + spelling.slice(1));
    }
  }
  return [...out];
}

export function logFilter(input: { service: string; window: { from: string; to: string }; levels?: readonly string[]; text?: string | undefined }): Record<string, unknown> {
  const filter: Record<string, unknown>[] = [
    { term: { [FIELDS.service]: input.service } },
    { range: { [FIELDS.timestamp]: { gte: input.window.from, lte: input.window.to, format: 'strict_date_optional_time' } } },
  ];
  if (input.levels && input.levels.length > 0) filter.push({ terms: { [FIELDS.level]: levelTerms(input.levels) } });
  const must = input.text ? [{ match_phrase: { [FIELDS.message]: input.text } }] : [];
  return { bool: { filter, ...(must.length > 0 ? { must } : {}) } };
}

/** A Dashboards (Discover) query an engineer can paste, equivalent to the filter. */
export function discoverQuery(input: { service: string; levels?: readonly string[]; text?: string | undefined }): string {
  const parts = [`service.name:"${input.service}"`];
  if (input.levels && input.levels.length > 0) parts.push(`log.level:(${input.levels.join(' OR ')})`);
  if (input.text) parts.push(`message:"${input.text.replace(/"/g, '\\"')}"`);
  return parts.join(' AND ');
}

export interface Hit {
  sort?: unknown[];
  source: unknown;
}

/** hits.hits of a search response, tolerating missing parts. */
export function hitsOf(body: unknown): { hits: Hit[]; total: number | undefined } {
  const hits = asRecord(asRecord(body)?.['hits']);
  const list = Array.isArray(hits?.['hits']) ? (hits['hits'] as unknown[]) : [];
  const totalRaw = hits?.['total'];
  const total = typeof totalRaw === 'number' ? totalRaw : typeof asRecord(totalRaw)?.['value'] === 'number' ? (asRecord(totalRaw)?.['value'] as number) : undefined;
  return {
    hits: list.map((h) => ({ source: asRecord(h)?.['_source'], ...(Array.isArray(asRecord(h)?.['sort']) ? { sort: asRecord(h)?.['sort'] as unknown[] } : {}) })),
    total,
  };
}

/** Buckets of a named aggregation. */
export function bucketsOf(container: unknown, name: string): Record<string, unknown>[] {
  const buckets = asRecord(asRecord(asRecord(container)?.['aggregations'] ?? container)?.[name])?.['buckets'];
  return Array.isArray(buckets) ? buckets.filter((b): b is Record<string, unknown> => asRecord(b) !== undefined) : [];
}
