// query_service_metrics: the service's golden signals and saturation over a window, each reduced
// to baseline vs recent, the best change point and an anomalous/direction verdict, so a planner
// reads "errors up 0.2% -> 14% at 13:21" instead of hundreds of raw points.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { detectChangePoint } from '../../shared/change-point.ts';
import { envelopeShape } from '../../shared/envelope.ts';
import type { Logger } from '../../shared/logger.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { mean, percentile, round } from '../../shared/stats.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, WindowSchema, windowBounds } from '../../shared/window.ts';
import type { DatadogClient } from '../client.ts';

export const TOOL_NAME = 'query_service_metrics';

export const SIGNALS = ['errors', 'latency', 'traffic', 'cpu', 'memory', 'restarts'] as const;
export const SignalSchema = z.enum(SIGNALS);
export type Signal = z.infer<typeof SignalSchema>;

/** Points returned per signal; longer windows are averaged into this many buckets. */
export const MAX_POINTS = 60;

export const QueryServiceMetricsInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  signals: z
    .array(SignalSchema)
    .min(1, 'signals must name at least one signal')
    .default([...SIGNALS])
    .describe('which signals to fetch: errors (error rate %), latency (p99 ms), traffic (req/s), cpu (%), memory (%), restarts; default all'),
});
export type QueryServiceMetricsInput = z.infer<typeof QueryServiceMetricsInputSchema>;

const PointSchema = z.object({ at: z.string(), value: z.number() });

export const SignalSummarySchema = z.object({
  signal: SignalSchema,
  unit: z.string(),
  query: z.string().describe('Datadog query an engineer can paste into a notebook or dashboard'),
  points: z.array(PointSchema).describe(`the series, at most ${MAX_POINTS} points (bucket means for long windows)`),
  baseline: z.object({ mean: z.number(), p95: z.number() }).describe('points before the change point (or before the recent part)'),
  recent: z.object({ mean: z.number(), max: z.number() }).describe('the last 20% of the window (at least 3 points)'),
  changePoint: z
    .object({ at: z.string(), before: z.number(), after: z.number(), score: z.number() })
    .nullable()
    .describe('best single level shift; score is the shift in robust standard deviations of the before part'),
  anomalous: z.boolean(),
  direction: z.enum(['up', 'down']).nullable(),
  resolvedMetrics: z
    .array(z.string())
    .optional()
    .describe("present when the default metric names had no data and these were found among the service's active metrics"),
});
export type SignalSummary = z.infer<typeof SignalSummarySchema>;

export const QueryServiceMetricsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  signals: z.array(SignalSummarySchema),
  noData: z.array(SignalSchema).describe('signals for which Datadog returned no series'),
});
export type QueryServiceMetricsOutput = z.infer<typeof QueryServiceMetricsOutputSchema>;

/**
 * When a change point counts as an anomaly. All must hold: score >= MIN_SCORE (robust z of the
 * shift), |after - before| >= minShift (in the signal's unit), and the larger level is at least
 * minRatio times the smaller one. For errors that is "at least +1 percentage point and 3x".
 */
export const MIN_SCORE = 4;
export const SIGNAL_RULES: Record<Signal, { unit: string; minShift: number; minRatio: number; minSigma: number }> = {
  errors: { unit: '%', minShift: 1, minRatio: 3, minSigma: 0.05 },
  latency: { unit: 'ms', minShift: 50, minRatio: 1.5, minSigma: 1 },
  traffic: { unit: 'req/s', minShift: 1, minRatio: 1.5, minSigma: 0.1 },
  cpu: { unit: '%', minShift: 15, minRatio: 1.3, minSigma: 1 },
  memory: { unit: '%', minShift: 10, minRatio: 1.2, minSigma: 1 },
  restarts: { unit: 'restarts/interval', minShift: 0.5, minRatio: 2, minSigma: 0.1 },
};

/**
 * The metric names behind the signals. The defaults are Datadog's generic APM and container names;
 * runtimes and integrations use others (trace.flask.request.errors, trace.grpc.server.hits,
 * kubernetes.cpu.usage.pct), which `resolveMetricNames` finds in the service's active metrics.
 */
export interface MetricNames {
  errors: string;
  hits: string;
  latency: string;
  cpu: string;
  memory: string;
  restarts: string;
}
export const DEFAULT_METRIC_NAMES: MetricNames = {
  errors: 'trace.http.request.errors',
  hits: 'trace.http.request.hits',
  latency: 'trace.http.request.duration.by.service.99p',
  cpu: 'container.cpu.utilization',
  memory: 'container.memory.utilization',
  restarts: 'kubernetes.containers.restarts',
};

/** The Datadog queries behind each signal: `display` is what an engineer pastes, `fetch` what we run. */
export function signalQueries(signal: Signal, service: string, names: Partial<MetricNames> = {}): { display: string; fetch: string[] } {
  const scope = `{service:${service}}`;
  const n = { ...DEFAULT_METRIC_NAMES, ...names };
  switch (signal) {
    case 'errors': {
      const errors = `sum:${n.errors}${scope}.as_count()`;
      const hits = `sum:${n.hits}${scope}.as_count()`;
      return { display: `(${errors} / ${hits}) * 100`, fetch: [errors, hits] };
    }
    case 'latency': {
      const q = `avg:${n.latency}${scope}`;
      return { display: q, fetch: [q] };
    }
    case 'traffic': {
      const q = `sum:${n.hits}${scope}.as_rate()`;
      return { display: q, fetch: [q] };
    }
    case 'cpu': {
      const q = `avg:${n.cpu}${scope}`;
      return { display: q, fetch: [q] };
    }
    case 'memory': {
      const q = `avg:${n.memory}${scope}`;
      return { display: q, fetch: [q] };
    }
    case 'restarts': {
      const q = `sum:${n.restarts}${scope}.as_count()`;
      return { display: q, fetch: [q] };
    }
  }
}

function firstMatch(metrics: readonly string[], patterns: RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const found = metrics.filter((m) => pattern.test(m) && !/(^|\.)node\./.test(m)).sort()[0];
    if (found) return found;
  }
  return undefined;
}

/**
 * Metric names for a service from its active metrics (Datadog's metric listing), matched by suffix
 * so that terminology variants still resolve: an APM prefix `trace.<integration>.<kind>` that has
 * both `.errors` and `.hits`, its `.duration.by.service.99p`, and container cpu/memory/restarts.
 */
export function resolveMetricNames(metrics: readonly string[]): Partial<MetricNames> {
  const names: Partial<MetricNames> = {};
  const set = new Set(metrics);
  const prefixes = metrics
    .filter((m) => /^trace\..+\.errors$/.test(m))
    .map((m) => m.slice(0, -'.errors'.length))
    .filter((p) => set.has(`${p}.hits`))
    // Server-side request metrics describe the service itself; client-side ones its calls.
    .sort((a, b) => Number(/client/.test(a)) - Number(/client/.test(b)) || Number(!/request|server/.test(a)) - Number(!/request|server/.test(b)) || a.localeCompare(b));
  const prefix = prefixes[0];
  if (prefix) {
    names.errors = `${prefix}.errors`;
    names.hits = `${prefix}.hits`;
  }
  const latency = prefix && set.has(`${prefix}.duration.by.service.99p`) ? `${prefix}.duration.by.service.99p` : firstMatch(metrics, [/^trace\..+\.duration\.by\.service\.99p$/]);
  if (latency) names.latency = latency;
  const cpu = firstMatch(metrics, [/\.cpu\.(utilization|usage\.pct|usage_pct|pct|percent)$/, /cpu.*(pct|percent|utilization)/]);
  if (cpu) names.cpu = cpu;
  const memory = firstMatch(metrics, [/\.mem(ory)?\.(utilization|usage\.pct|usage_pct|pct|percent)$/, /mem(ory)?.*(pct|percent|utilization)/]);
  if (memory) names.memory = memory;
  const restarts = firstMatch(metrics, [/(^|\.)containers?\.restarts$/, /restart(s|_count|s\.count)$/]);
  if (restarts) names.restarts = restarts;
  return names;
}

/** The names a signal's queries use, for deciding whether a resolution changes anything. */
export function namesUsedBy(signal: Signal, names: Partial<MetricNames>): string[] {
  const n = { ...DEFAULT_METRIC_NAMES, ...names };
  switch (signal) {
    case 'errors':
      return [n.errors, n.hits];
    case 'traffic':
      return [n.hits];
    default:
      return [n[signal]];
  }
}

/** One fetched query: the first series' points ([epoch ms, value|null]), or null when no series came back. */
export interface RawQueryResult {
  query: string;
  pointlist: Array<[number, number | null]> | null;
}
export interface RawSignal {
  signal: Signal;
  /** Aligned with signalQueries(signal, service, names).fetch. */
  results: RawQueryResult[];
  /** Metric names found through the metric listing when the default names had no data. */
  names?: Partial<MetricNames>;
}
export interface MetricsRaw {
  signals: RawSignal[];
  error?: { message: string; retryable: boolean };
}

function seriesValues(raw: RawSignal): Array<[number, number]> {
  const clean = (list: Array<[number, number | null]> | null | undefined): Array<[number, number]> =>
    (list ?? []).filter((p): p is [number, number] => typeof p[1] === 'number' && Number.isFinite(p[1])).sort((a, b) => a[0] - b[0]);
  const first = clean(raw.results[0]?.pointlist);
  switch (raw.signal) {
    case 'errors': {
      // Error rate per interval = errors / hits; an interval without traffic has no rate.
      const hits = new Map(clean(raw.results[1]?.pointlist));
      const out: Array<[number, number]> = [];
      for (const [t, errors] of first) {
        const total = hits.get(t);
        if (total !== undefined && total > 0) out.push([t, (100 * errors) / total]);
      }
      return out;
    }
    case 'latency':
      return first.map(([t, seconds]) => [t, seconds * 1000]);
    default:
      return first;
  }
}

function downsample(points: Array<[number, number]>, max: number): Array<[number, number]> {
  if (points.length <= max) return points;
  const size = Math.ceil(points.length / max);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < points.length; i += size) {
    const bucket = points.slice(i, i + size);
    out.push([(bucket[0] as [number, number])[0], mean(bucket.map((p) => p[1]))]);
  }
  return out;
}

export function summarizeSignal(raw: RawSignal, service: string): SignalSummary | null {
  const points = seriesValues(raw);
  if (points.length === 0) return null;
  const rule = SIGNAL_RULES[raw.signal];
  const values = points.map((p) => p[1]);
  const n = values.length;
  const change = detectChangePoint(values, { minSigma: rule.minSigma });

  // Recent = the tail an on-call engineer looks at first; baseline = before the change when there
  // is one (so the incident does not pollute "normal"), else everything before the tail.
  const recentCount = Math.min(n, Math.max(3, Math.ceil(n * 0.2)));
  const recent = values.slice(n - recentCount);
  let baselineEnd = n - recentCount;
  if (change) baselineEnd = Math.min(change.index, baselineEnd);
  const baseline = baselineEnd > 0 ? values.slice(0, baselineEnd) : values;

  let anomalous = false;
  let direction: 'up' | 'down' | null = null;
  if (change) {
    const shift = Math.abs(change.after - change.before);
    const high = Math.max(change.after, change.before);
    const low = Math.min(change.after, change.before);
    const ratioOk = low <= 0 ? high > 0 : high / low >= rule.minRatio;
    anomalous = change.score >= MIN_SCORE && shift >= rule.minShift && ratioOk;
  }
  // Restarts are rare events: any restart in the recent part after a restart-free baseline counts.
  if (!anomalous && raw.signal === 'restarts' && Math.max(...recent) > 0 && percentile(baseline, 0.95) === 0) {
    anomalous = true;
    direction = 'up';
  } else if (anomalous && change) {
    direction = change.after > change.before ? 'up' : 'down';
  }

  return {
    signal: raw.signal,
    unit: rule.unit,
    query: signalQueries(raw.signal, service, raw.names).display,
    points: downsample(points, MAX_POINTS).map(([t, v]) => ({ at: isoSeconds(t), value: round(v) })),
    baseline: { mean: round(mean(baseline)), p95: round(percentile(baseline, 0.95)) },
    recent: { mean: round(mean(recent)), max: round(Math.max(...recent)) },
    changePoint: change
      ? {
          at: isoSeconds((points[change.index] as [number, number])[0]),
          before: round(change.before),
          after: round(change.after),
          score: round(change.score, 1),
        }
      : null,
    anomalous,
    direction,
    ...(raw.names ? { resolvedMetrics: namesUsedBy(raw.signal, raw.names) } : {}),
  };
}

export function summarize(raw: MetricsRaw, input: QueryServiceMetricsInput): QueryServiceMetricsOutput {
  const signals: SignalSummary[] = [];
  const noData: Signal[] = [];
  const tried: string[] = [];
  for (const rawSignal of raw.signals) {
    const summary = summarizeSignal(rawSignal, input.service);
    if (summary) signals.push(summary);
    else if (!raw.error || rawSignal.results.length > 0) {
      noData.push(rawSignal.signal);
      tried.push(...signalQueries(rawSignal.signal, input.service, rawSignal.names).fetch);
    }
  }
  const hints: string[] = [];
  const anomalies = signals.filter((s) => s.anomalous);
  if (raw.error) {
    hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
    if (signals.length > 0) hints.push(`Partial result: only ${signals.map((s) => s.signal).join(', ')} came back.`);
  } else if (signals.length === 0) {
    hints.push(
      `Datadog returned no series for service:${input.service} in this window. Queries tried: ${tried.join(' ; ')}.`,
      'Check the service name (it must match the Datadog service tag), widen the window, or look at logs and Kubernetes state instead.',
    );
  } else {
    if (noData.length > 0) hints.push(`No data for ${noData.join(', ')} (queries tried: ${tried.join(' ; ')}).`);
    const resolved = signals.filter((s) => s.resolvedMetrics);
    if (resolved.length > 0) {
      hints.push(`The default metric names had no data for ${resolved.map((s) => s.signal).join(', ')}; used ${[...new Set(resolved.flatMap((s) => s.resolvedMetrics ?? []))].join(', ')} from the service's active metrics.`);
    }
    if (anomalies.length === 0) hints.push('No signal shifted enough to count as anomalous; the cause may be upstream or downstream of this service.');
    else {
      const first = [...anomalies].filter((s) => s.changePoint).sort((a, b) => (a.changePoint!.at < b.changePoint!.at ? -1 : 1))[0];
      if (first?.changePoint) hints.push(`Earliest anomalous shift: ${first.signal} at ${first.changePoint.at}; look for deploys and log errors just before it.`);
    }
  }
  return {
    status: raw.error ? 'error' : signals.length === 0 ? 'no_data' : 'ok',
    truncated: false,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    signals,
    noData,
  };
}

export function describeCall(input: QueryServiceMetricsInput): string {
  const signals = input.signals.length === SIGNALS.length ? 'all signals' : input.signals.join(', ');
  return `Datadog metrics (${signals}) for ${input.service}, ${describeWindow(input.window)}`;
}

export interface DatadogToolDeps {
  datadog: DatadogClient;
  logger: Logger;
}

async function run(deps: DatadogToolDeps, input: QueryServiceMetricsInput): Promise<QueryServiceMetricsOutput> {
  const apis = deps.datadog.open();
  const { fromMs, toMs } = windowBounds(input.window);
  const from = Math.floor(fromMs / 1000);
  const to = Math.ceil(toMs / 1000);
  const signals = [...new Set(input.signals)];
  let failure: { message: string; retryable: boolean } | undefined;

  const fetchOne = async (query: string): Promise<RawQueryResult | undefined> => {
    try {
      const response = await apis.metrics.queryMetrics({ from, to, query });
      const series = response.series?.[0];
      return { query, pointlist: series?.pointlist ? (series.pointlist as Array<[number, number | null]>) : null };
    } catch (error) {
      const mapped = mapVendorError(error, {
        vendor: 'Datadog',
        doing: `querying ${query}`,
        credentials: 'DD_API_KEY and DD_APP_KEY (the application key needs the timeseries_query scope)',
        endpoint: `the Datadog base URL (DD_SITE_URL, now ${deps.datadog.baseUrl})`,
        timeoutMs: deps.datadog.timeoutMs,
        retryAfterSeconds: apis.retryAfterSeconds(),
      });
      deps.logger.warn({ tool: TOOL_NAME, query, status: mapped.httpStatus, retryable: mapped.retryable }, 'datadog metrics query failed');
      failure ??= { message: mapped.message, retryable: mapped.retryable };
      return undefined;
    }
  };

  const fetchSignal = async (signal: Signal, names?: Partial<MetricNames>): Promise<RawSignal> => {
    const results = await Promise.all(signalQueries(signal, input.service, names).fetch.map(fetchOne));
    return { signal, results: results.every((r) => r !== undefined) ? results : [], ...(names ? { names } : {}) };
  };
  let raw: RawSignal[] = await Promise.all(signals.map((signal) => fetchSignal(signal)));

  // Terminology variants: when the default names return no series, look the service's active
  // metrics up once and retry the empty signals with the names that match by suffix.
  const empty = raw.filter((r) => r.results.length > 0 && r.results.every((q) => q.pointlist === null));
  if (empty.length > 0 && !failure) {
    const resolved = await resolveNames(deps, apis, input.service, from);
    if (resolved) {
      raw = await Promise.all(
        raw.map(async (r) => {
          if (!empty.includes(r)) return r;
          const changed = namesUsedBy(r.signal, resolved).some((name, i) => name !== namesUsedBy(r.signal, {})[i]);
          return changed ? fetchSignal(r.signal, resolved) : r;
        }),
      );
    }
  }
  return summarize({ signals: raw, ...(failure ? { error: failure } : {}) }, input);
}

/** Active metric names reported with the service's tag since `from` (GET /api/v1/metrics), or undefined on failure. */
async function resolveNames(deps: DatadogToolDeps, apis: ReturnType<DatadogClient['open']>, service: string, from: number): Promise<Partial<MetricNames> | undefined> {
  try {
    const listing = await apis.metrics.listActiveMetrics({ from, tagFilter: `service:${service}` });
    const names = resolveMetricNames(listing.metrics ?? []);
    deps.logger.info({ tool: TOOL_NAME, service, found: listing.metrics?.length ?? 0, names }, 'resolved metric names from the metric listing');
    return Object.keys(names).length > 0 ? names : undefined;
  } catch (error) {
    // The listing is a best effort: the default names' no_data answer stands.
    deps.logger.warn({ tool: TOOL_NAME, service, err: error }, 'metric listing failed');
    return undefined;
  }
}

export const queryServiceMetricsTool: ToolDefinition<QueryServiceMetricsInput, QueryServiceMetricsOutput, DatadogToolDeps> = {
  name: TOOL_NAME,
  title: 'Query service metrics (Datadog)',
  description:
    'Error rate, p99 latency, traffic, CPU, memory and restarts of one service over a time window, each summarized as baseline vs recent with the most likely change point and whether it is anomalous.',
  inputSchema: QueryServiceMetricsInputSchema,
  outputSchema: QueryServiceMetricsOutputSchema,
  describeCall,
  run,
};

export function registerQueryServiceMetricsTool(server: McpServer, deps: DatadogToolDeps): void {
  registerToolDefinition(server, queryServiceMetricsTool, deps, deps.logger);
}
