// search_service_traces: the service's APM spans in a window, reduced to what an engineer reads in
// the Datadog trace explorer: error spans grouped by resource and error type, the slowest resources
// with p50/p99, and the downstream peers it calls with their error counts ("is it me or whom I call").
import type { v2 } from '@datadog/datadog-api-client';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import { sampleOf, signatureOf } from '../../shared/log-signature.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { percentile, round } from '../../shared/stats.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, WindowSchema } from '../../shared/window.ts';
import type { DatadogToolDeps } from './query-service-metrics.ts';
import { readPath } from '../../shared/objects.ts';

export const TOOL_NAME = 'search_service_traces';

/** Scan budget per call: spans are sampled anyway, so a few thousand give stable percentiles. */
export const SPAN_PAGE_SIZE = 1000;
export const MAX_SPAN_PAGES = 4;
export const MAX_ERROR_PAGES = 2;

export const SearchServiceTracesInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  limit: limitSchema({ default: 5, max: 20, what: 'rows per section (error groups, slow resources, peers)' }),
});
export type SearchServiceTracesInput = z.infer<typeof SearchServiceTracesInputSchema>;

export const ErrorGroupSchema = z.object({
  resource: z.string().describe('resource name with ids masked, e.g. GET /v1/stock/SKU-<num>'),
  errorType: z.string().describe('exception class or HTTP status, e.g. KeyError or HTTP 500'),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  sample: z.string().describe('one error message of this group, redacted'),
});
export const ResourceLatencySchema = z.object({
  resource: z.string(),
  count: z.number().int(),
  errors: z.number().int(),
  p50Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
});
export const PeerSchema = z.object({
  service: z.string().describe('the downstream service, database or external API called'),
  calls: z.number().int(),
  errors: z.number().int(),
  errorRatePct: z.number(),
  p99Ms: z.number(),
});

export const SearchServiceTracesOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  query: z.string().describe('Datadog span search query an engineer can paste into the trace explorer'),
  scanned: z.object({ spans: z.number().int(), errorSpans: z.number().int() }).describe('spans read (newest first, bounded)'),
  errorRatePct: z.number().nullable().describe('error spans / all spans scanned; null when nothing was scanned'),
  errors: z.array(ErrorGroupSchema).describe('error spans grouped by resource and error type, most frequent first'),
  slowest: z.array(ResourceLatencySchema).describe('resources by p99 duration, slowest first'),
  peers: z.array(PeerSchema).describe('downstream peers by error count, then calls'),
  onsetAt: z.string().nullable().describe('first error span of the most frequent error group'),
});
export type SearchServiceTracesOutput = z.infer<typeof SearchServiceTracesOutputSchema>;

/** A span as the summarizer needs it. */
export interface SpanLite {
  at: number;
  resource: string;
  durationMs: number;
  error: boolean;
  errorType?: string;
  errorMessage?: string;
  statusCode?: number;
  peer?: string;
}
export interface TracesRaw {
  spans: SpanLite[];
  /** Error spans from their own scan, so a busy window cannot crowd them out. */
  errorSpans: SpanLite[];
  more: boolean;
  error?: { message: string; retryable: boolean };
}

function firstOf(span: v2.Span, path: string): unknown {
  const a = span.attributes;
  for (const bag of [a?.custom, a?.attributes, a?.additionalProperties]) {
    const value = readPath(bag, path);
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function ms(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return typeof value === 'number' ? value : undefined;
}

/** One vendor span to what the summary needs; undefined for a span without a start time. */
export function toSpanLite(span: v2.Span): SpanLite | undefined {
  const a = span.attributes;
  const start = ms(a?.startTimestamp);
  if (start === undefined) return undefined;
  const end = ms(a?.endTimestamp);
  // Datadog reports duration in nanoseconds; fall back to the timestamps (millisecond precision).
  const durationNs = Number(firstOf(span, 'duration'));
  const durationMs = Number.isFinite(durationNs) && durationNs > 0 ? durationNs / 1e6 : end !== undefined ? Math.max(0, end - start) : 0;
  const statusCode = Number(firstOf(span, 'http.status_code'));
  const errorType = text(firstOf(span, 'error.type')) ?? text(firstOf(span, 'error.kind'));
  const errorMessage = text(firstOf(span, 'error.message')) ?? text(firstOf(span, 'error.msg'));
  const status = text(firstOf(span, 'status'))?.toLowerCase();
  const tagged = (a?.tags ?? []).includes('status:error');
  const error = status === 'error' || tagged || errorType !== undefined || (Number.isFinite(statusCode) && statusCode >= 500);
  const peer = text(firstOf(span, 'peer.service')) ?? text(firstOf(span, 'out.host')) ?? text(firstOf(span, 'db.instance'));
  return {
    at: start,
    // Resources are URLs and statements: they can carry tokens or emails in query strings.
    resource: redact(a?.resourceName ?? '(no resource)'),
    durationMs,
    error,
    ...(errorType ? { errorType: redact(errorType) } : {}),
    ...(errorMessage ? { errorMessage: redact(errorMessage) } : {}),
    ...(Number.isFinite(statusCode) && statusCode > 0 ? { statusCode } : {}),
    ...(peer ? { peer } : {}),
  };
}

export function spanQuery(service: string, errorsOnly = false): string {
  return `service:${service}${errorsOnly ? ' status:error' : ''}`;
}

/**
 * Resources with ids in them (GET /v1/stock/SKU-73505) grouped as Datadog's resource normalization
 * would (GET /v1/stock/SKU-<num>), so one endpoint is one row.
 */
export function resourceOf(resource: string): string {
  return signatureOf(resource);
}

export function summarize(raw: TracesRaw, input: SearchServiceTracesInput): SearchServiceTracesOutput {
  const errorGroups = new Map<string, { resource: string; errorType: string; count: number; first: number; last: number; sample: string }>();
  for (const span of raw.errorSpans) {
    const errorType = span.errorType ?? (span.statusCode ? `HTTP ${span.statusCode}` : 'error');
    const resource = resourceOf(span.resource);
    const key = `${resource}\u0000${errorType}`;
    const group = errorGroups.get(key);
    const message = span.errorMessage ? (span.errorMessage.startsWith(errorType) ? span.errorMessage : `${errorType}: ${span.errorMessage}`) : errorType;
    if (!group) errorGroups.set(key, { resource, errorType, count: 1, first: span.at, last: span.at, sample: message });
    else {
      group.count++;
      group.first = Math.min(group.first, span.at);
      if (span.at >= group.last) group.sample = message;
      group.last = Math.max(group.last, span.at);
    }
  }
  const rankedErrors = [...errorGroups.values()].sort((a, b) => b.count - a.count || a.first - b.first || a.resource.localeCompare(b.resource));

  const byResource = new Map<string, { durations: number[]; errors: number }>();
  const byPeer = new Map<string, { durations: number[]; errors: number }>();
  for (const span of raw.spans) {
    const resource = resourceOf(span.resource);
    const r = byResource.get(resource) ?? { durations: [], errors: 0 };
    r.durations.push(span.durationMs);
    if (span.error) r.errors++;
    byResource.set(resource, r);
    if (span.peer) {
      const p = byPeer.get(span.peer) ?? { durations: [], errors: 0 };
      p.durations.push(span.durationMs);
      if (span.error) p.errors++;
      byPeer.set(span.peer, p);
    }
  }
  const slowestAll = [...byResource.entries()]
    .map(([resource, r]) => ({
      resource,
      count: r.durations.length,
      errors: r.errors,
      p50Ms: round(percentile(r.durations, 0.5), 1),
      p99Ms: round(percentile(r.durations, 0.99), 1),
      maxMs: round(Math.max(...r.durations), 1),
    }))
    .sort((a, b) => b.p99Ms - a.p99Ms || a.resource.localeCompare(b.resource));
  const peersAll = [...byPeer.entries()]
    .map(([service, p]) => ({
      service,
      calls: p.durations.length,
      errors: p.errors,
      errorRatePct: round((100 * p.errors) / p.durations.length, 2),
      p99Ms: round(percentile(p.durations, 0.99), 1),
    }))
    .sort((a, b) => b.errors - a.errors || b.calls - a.calls || a.service.localeCompare(b.service));

  const limit = input.limit;
  const cut = rankedErrors.length > limit || slowestAll.length > limit || peersAll.length > limit;
  const errorCount = raw.spans.filter((s) => s.error).length;
  const top = rankedErrors[0];
  const hints: string[] = [];
  if (raw.error) {
    hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  } else if (raw.spans.length === 0 && raw.errorSpans.length === 0) {
    hints.push(
      `No spans matched "${spanQuery(input.service)}" in this window.`,
      'The service may not be instrumented for APM, or its service tag differs; check its metrics and logs instead.',
    );
  } else {
    if (top) hints.push(`Most frequent error: ${top.errorType} on ${top.resource} (${top.count} spans) since ${isoSeconds(top.first)}.`);
    const failingPeer = peersAll.find((p) => p.errors > 0);
    if (failingPeer) hints.push(`Calls to ${failingPeer.service} fail (${failingPeer.errors} of ${failingPeer.calls}): look at ${failingPeer.service} next.`);
    if (raw.more) hints.push('Scanned the newest spans only (more exist): counts are lower bounds; narrow the window for exact figures.');
    if (cut) hints.push(`Each section shows at most ${limit} rows; raise limit (max 20) to see more.`);
  }
  return {
    status: raw.error ? 'error' : raw.spans.length === 0 && raw.errorSpans.length === 0 ? 'no_data' : 'ok',
    truncated: cut || raw.more,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    query: spanQuery(input.service),
    scanned: { spans: raw.spans.length, errorSpans: raw.errorSpans.length },
    errorRatePct: raw.spans.length > 0 ? round((100 * errorCount) / raw.spans.length, 2) : null,
    errors: rankedErrors.slice(0, limit).map((g) => ({
      resource: g.resource,
      errorType: g.errorType,
      count: g.count,
      firstSeen: isoSeconds(g.first),
      lastSeen: isoSeconds(g.last),
      sample: sampleOf(redact(g.sample)),
    })),
    slowest: slowestAll.slice(0, limit),
    peers: peersAll.slice(0, limit),
    onsetAt: top ? isoSeconds(top.first) : null,
  };
}

export function describeCall(input: SearchServiceTracesInput): string {
  return `Datadog APM spans for ${input.service}, ${describeWindow(input.window)}`;
}

async function scan(
  apis: ReturnType<DatadogToolDeps['datadog']['open']>,
  query: string,
  input: SearchServiceTracesInput,
  maxPages: number,
): Promise<{ spans: SpanLite[]; more: boolean }> {
  const spans: SpanLite[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await apis.spans.listSpans({
      body: {
        data: {
          type: 'search_request',
          attributes: {
            filter: { query, from: input.window.from, to: input.window.to },
            sort: '-timestamp',
            page: { limit: SPAN_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
          },
        },
      },
    });
    for (const span of response.data ?? []) {
      const lite = toSpanLite(span);
      if (lite) spans.push(lite);
    }
    cursor = response.meta?.page?.after;
    if (!cursor || (response.data ?? []).length === 0) return { spans, more: false };
  }
  return { spans, more: true };
}

async function run(deps: DatadogToolDeps, input: SearchServiceTracesInput): Promise<SearchServiceTracesOutput> {
  const apis = deps.datadog.open();
  try {
    const [all, errors] = await Promise.all([
      scan(apis, spanQuery(input.service), input, MAX_SPAN_PAGES),
      scan(apis, spanQuery(input.service, true), input, MAX_ERROR_PAGES),
    ]);
    return summarize({ spans: all.spans, errorSpans: errors.spans, more: all.more || errors.more }, input);
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Datadog',
      doing: `searching APM spans for ${input.service}`,
      credentials: 'DD_API_KEY and DD_APP_KEY (the application key needs the apm_read scope)',
      endpoint: `the Datadog base URL (DD_SITE_URL, now ${deps.datadog.baseUrl})`,
      timeoutMs: deps.datadog.timeoutMs,
      retryAfterSeconds: apis.retryAfterSeconds(),
    });
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'datadog span search failed');
    return summarize({ spans: [], errorSpans: [], more: false, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
}

export const searchServiceTracesTool: ToolDefinition<SearchServiceTracesInput, SearchServiceTracesOutput, DatadogToolDeps> = {
  name: TOOL_NAME,
  title: 'Search service traces (Datadog APM)',
  description:
    'APM spans of one service over a time window: error spans grouped by resource and error type, the slowest resources with p50/p99, and the downstream peers it calls with their error counts.',
  inputSchema: SearchServiceTracesInputSchema,
  outputSchema: SearchServiceTracesOutputSchema,
  describeCall,
  run,
};

export function registerSearchServiceTracesTool(server: McpServer, deps: DatadogToolDeps): void {
  registerToolDefinition(server, searchServiceTracesTool, deps, deps.logger);
}
