// log_volume_histogram (OpenSearch): the service's log volume per level over time (a date_histogram
// with a per-level terms split), and when errors started: the step in the error count, found with
// the same change-point detector the metrics use.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { detectChangePoint } from '../../shared/change-point.ts';
import { envelopeShape } from '../../shared/envelope.ts';
import { normalizeLevel } from '../../shared/log-signature.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { round } from '../../shared/stats.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, WindowSchema, windowBounds } from '../../shared/window.ts';
import { bucketsOf, discoverQuery, FIELDS, logFilter } from './log-query.ts';
import { openSearchErrorContext, type OpenSearchToolDeps } from './search-logs.ts';

export const TOOL_NAME = 'log_volume_histogram';
export const MAX_BUCKETS = 60;
/** Interval choices, smallest first; the first that keeps the window within MAX_BUCKETS wins. */
export const INTERVALS: Array<{ label: string; ms: number }> = [
  { label: '1m', ms: 60_000 },
  { label: '2m', ms: 120_000 },
  { label: '5m', ms: 300_000 },
  { label: '10m', ms: 600_000 },
  { label: '15m', ms: 900_000 },
  { label: '30m', ms: 1_800_000 },
  { label: '1h', ms: 3_600_000 },
];
/** An error onset counts when errors step up by this many robust sigmas, at least 3x, by at least MIN_ONSET_SHIFT per bucket. */
export const MIN_ONSET_SCORE = 4;
export const MIN_ONSET_RATIO = 3;
export const MIN_ONSET_SHIFT = 2;

export const LogVolumeHistogramInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
});
export type LogVolumeHistogramInput = z.infer<typeof LogVolumeHistogramInputSchema>;

export const VolumeBucketSchema = z.object({
  at: z.string(),
  total: z.number().int(),
  error: z.number().int(),
  warn: z.number().int(),
});

export const LogVolumeHistogramOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  index: z.string(),
  query: z.string(),
  interval: z.string().describe('bucket width, e.g. 1m'),
  buckets: z.array(VolumeBucketSchema).describe(`documents per bucket, at most ${MAX_BUCKETS}`),
  totals: z.record(z.string(), z.number().int()).describe('documents per level over the window'),
  firstErrorAt: z.string().nullable().describe('first bucket with any error'),
  errorOnset: z
    .object({ at: z.string(), before: z.number(), after: z.number(), score: z.number() })
    .nullable()
    .describe('the step up in errors per bucket, when there is one: when did errors start'),
});
export type LogVolumeHistogramOutput = z.infer<typeof LogVolumeHistogramOutputSchema>;

export interface HistogramRaw {
  /** Bucket start (epoch ms) -> level -> count. */
  buckets: Array<{ at: number; total: number; levels: Record<string, number> }>;
  error?: { message: string; retryable: boolean };
}

export function intervalFor(window: { from: string; to: string }): { label: string; ms: number } {
  const { fromMs, toMs } = windowBounds(window);
  const span = toMs - fromMs;
  return INTERVALS.find((i) => span / i.ms <= MAX_BUCKETS) ?? (INTERVALS[INTERVALS.length - 1] as { label: string; ms: number });
}

export function summarize(raw: HistogramRaw, input: LogVolumeHistogramInput, index: string): LogVolumeHistogramOutput {
  const interval = intervalFor(input.window);
  const sorted = [...raw.buckets].sort((a, b) => a.at - b.at);
  const buckets = sorted.slice(-MAX_BUCKETS).map((b) => ({ at: isoSeconds(b.at), total: b.total, error: b.levels['error'] ?? 0, warn: b.levels['warn'] ?? 0 }));
  const totals: Record<string, number> = {};
  for (const b of sorted) for (const [level, count] of Object.entries(b.levels)) totals[level] = (totals[level] ?? 0) + count;
  const firstError = buckets.find((b) => b.error > 0);
  const errors = buckets.map((b) => b.error);
  const change = detectChangePoint(errors, { minSigma: 0.5 });
  const onset =
    change && change.after > change.before && change.score >= MIN_ONSET_SCORE && change.after - change.before >= MIN_ONSET_SHIFT && (change.before <= 0 || change.after / change.before >= MIN_ONSET_RATIO)
      ? { at: (buckets[change.index] as { at: string }).at, before: round(change.before, 2), after: round(change.after, 2), score: round(change.score, 1) }
      : null;
  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (total === 0) hints.push(`No logs for ${discoverQuery(input)} in ${index} in this window; check the service name (service.name) and OPENSEARCH_INDEX, or widen the window.`);
  else if (onset) hints.push(`Errors stepped up at ${onset.at} (${onset.before} -> ${onset.after} per ${interval.label}); search the logs from just before it.`);
  else if (firstError) hints.push('Errors are present but did not step up in this window: they may be routine, or started before it.');
  else hints.push('No error logs in this window.');
  return {
    status: raw.error ? 'error' : total === 0 ? 'no_data' : 'ok',
    truncated: sorted.length > MAX_BUCKETS,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    index,
    query: discoverQuery(input),
    interval: interval.label,
    buckets,
    totals,
    firstErrorAt: firstError?.at ?? null,
    errorOnset: onset,
  };
}

export function describeCall(input: LogVolumeHistogramInput): string {
  return `OpenSearch log volume per level for ${input.service}, ${describeWindow(input.window)}`;
}

async function run(deps: OpenSearchToolDeps, input: LogVolumeHistogramInput): Promise<LogVolumeHistogramOutput> {
  const interval = intervalFor(input.window);
  const { fromMs, toMs } = windowBounds(input.window);
  try {
    const body = await deps.opensearch.search({
      query: logFilter(input),
      size: 0,
      aggs: {
        volume: {
          date_histogram: {
            field: FIELDS.timestamp,
            fixed_interval: interval.label,
            min_doc_count: 0,
            extended_bounds: { min: fromMs, max: toMs - 1 },
          },
          aggs: { levels: { terms: { field: FIELDS.level, size: 20 } } },
        },
      },
    });
    const buckets = bucketsOf(body, 'volume')
      .map((b) => {
        const levels: Record<string, number> = {};
        for (const l of bucketsOf(b, 'levels')) {
          const level = normalizeLevel(String(l['key']));
          levels[level] = (levels[level] ?? 0) + Number(l['doc_count'] ?? 0);
        }
        return { at: Number(b['key']), total: Number(b['doc_count'] ?? 0), levels };
      })
      .filter((b) => Number.isFinite(b.at) && b.at >= fromMs - interval.ms && b.at < toMs);
    return summarize({ buckets }, input, deps.opensearch.index);
  } catch (error) {
    const mapped = mapVendorError(error, openSearchErrorContext(deps, `counting logs for ${input.service}`));
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'opensearch histogram failed');
    return summarize({ buckets: [], error: { message: mapped.message, retryable: mapped.retryable } }, input, deps.opensearch.index);
  }
}

export const logVolumeHistogramTool: ToolDefinition<LogVolumeHistogramInput, LogVolumeHistogramOutput, OpenSearchToolDeps> = {
  name: TOOL_NAME,
  title: 'Log volume histogram (OpenSearch)',
  description: 'Log volume of one service per time bucket and level (error, warn, total) over a window, with the first error and the moment errors stepped up: when did it start.',
  inputSchema: LogVolumeHistogramInputSchema,
  outputSchema: LogVolumeHistogramOutputSchema,
  describeCall,
  run,
};

export function registerLogVolumeHistogramTool(server: McpServer, deps: OpenSearchToolDeps): void {
  registerToolDefinition(server, logVolumeHistogramTool, deps, deps.logger);
}
