// search_logs (OpenSearch): the service's error and warning logs in a window grouped into message
// signatures (count, first/last seen, a redacted sample), with exact level counts from an
// aggregation and the onset of the top error: the same answer as Datadog's search_service_logs.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import type { Logger } from '../../shared/logger.ts';
import { groupLogSignatures, LogSignatureSchema, normalizeLevel, sampleOf, type SignatureInput } from '../../shared/log-signature.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, WindowSchema } from '../../shared/window.ts';
import type { OpenSearchClient } from '../client.ts';
import { readPath } from '../../shared/objects.ts';
import { bucketsOf, discoverQuery, FIELDS, hitsOf, logFilter } from './log-query.ts';

export const TOOL_NAME = 'search_logs';
export const PAGE_SIZE = 500;
export const MAX_PAGES = 4;

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export const SearchLogsInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  levels: z.array(z.enum(LOG_LEVELS)).min(1, 'levels must name at least one level').default(['error', 'warn']).describe('log levels to include (default error and warn)'),
  text: z.string().min(1, 'text must not be empty').max(200, 'text must be at most 200 characters').optional().describe('optional phrase the message must contain, e.g. "timeout"'),
  limit: limitSchema({ what: 'signatures' }),
});
export type SearchLogsInput = z.infer<typeof SearchLogsInputSchema>;

export const SearchLogsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  index: z.string(),
  query: z.string().describe('OpenSearch Dashboards (Discover) query an engineer can paste'),
  matched: z.number().int().nullable().describe('documents matching the query (track_total_hits)'),
  scanned: z.number().int().describe('documents read (newest first, bounded)'),
  levelCounts: z.record(z.string(), z.number().int()).describe('matching documents per level (from an aggregation when available)'),
  signatures: z.array(LogSignatureSchema).describe('most frequent first'),
  onsetAt: z.string().nullable().describe('first occurrence of the most frequent error signature'),
});
export type SearchLogsOutput = z.infer<typeof SearchLogsOutputSchema>;

export interface SearchLogsRaw {
  logs: SignatureInput[];
  matched: number | undefined;
  /** Per-level counts from the terms aggregation; undefined when the cluster did not return it. */
  levelCounts: Record<string, number> | undefined;
  more: boolean;
  error?: { message: string; retryable: boolean };
}

/** A document's _source as a log line (message redacted); undefined without a parseable timestamp. */
export function toLog(source: unknown): SignatureInput | undefined {
  const at = Date.parse(String(readPath(source, FIELDS.timestamp) ?? ''));
  if (Number.isNaN(at)) return undefined;
  const level = readPath(source, FIELDS.level) ?? readPath(source, 'level') ?? readPath(source, 'severity_text');
  const message = readPath(source, FIELDS.message) ?? readPath(source, 'log') ?? '';
  return { timestampMs: at, level: typeof level === 'string' ? level : 'info', message: redact(typeof message === 'string' ? message : JSON.stringify(message)) };
}

export function summarize(raw: SearchLogsRaw, input: SearchLogsInput, index: string): SearchLogsOutput {
  const { groups, levelCounts: scannedCounts } = groupLogSignatures(raw.logs);
  const levelCounts = raw.levelCounts ?? scannedCounts;
  const topError = groups.find((g) => g.level === 'error');
  const cut = groups.length > input.limit;
  const hints: string[] = [];
  if (raw.error) hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  else if (raw.logs.length === 0) {
    hints.push(
      `No ${input.levels.join('/')} logs matched ${discoverQuery(input)} in ${index} in this window.`,
      input.text ? 'Drop or change the text, or widen the window.' : 'Check the service name (service.name field), the index pattern (OPENSEARCH_INDEX), include info level, or widen the window.',
    );
  } else {
    if (raw.more) hints.push(`Read the newest ${raw.logs.length} of ${raw.matched ?? 'more'} documents: signature counts are lower bounds (levelCounts are exact); narrow the window or add text.`);
    if (cut) hints.push(`Showing ${input.limit} of ${groups.length} signatures; raise limit (max 50) or add text to focus.`);
    if (!topError) hints.push('No error-level logs in this window; the problem may be in a dependency.');
  }
  return {
    status: raw.error ? 'error' : raw.logs.length === 0 ? 'no_data' : 'ok',
    truncated: cut || raw.more,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    index,
    query: discoverQuery(input),
    matched: raw.matched ?? null,
    scanned: raw.logs.length,
    levelCounts,
    signatures: groups.slice(0, input.limit).map((g) => ({
      signature: g.signature,
      level: g.level,
      count: g.count,
      firstSeen: isoSeconds(g.first),
      lastSeen: isoSeconds(g.last),
      sample: sampleOf(redact(g.sample)),
    })),
    onsetAt: topError ? isoSeconds(topError.first) : null,
  };
}

export function describeCall(input: SearchLogsInput): string {
  return `OpenSearch ${input.levels.join('/')} logs for ${input.service}${input.text ? ` matching "${input.text}"` : ''}, ${describeWindow(input.window)}`;
}

export interface OpenSearchToolDeps {
  opensearch: OpenSearchClient;
  logger: Logger;
}

export function openSearchErrorContext(deps: OpenSearchToolDeps, doing: string) {
  return {
    vendor: 'OpenSearch',
    doing,
    credentials: 'OPENSEARCH_USERNAME and OPENSEARCH_PASSWORD (the user needs read on the log indices)',
    endpoint: `OPENSEARCH_URL (now ${deps.opensearch.url}) and OPENSEARCH_INDEX (now ${deps.opensearch.index})`,
    timeoutMs: deps.opensearch.timeoutMs,
  };
}

async function run(deps: OpenSearchToolDeps, input: SearchLogsInput): Promise<SearchLogsOutput> {
  const logs: SignatureInput[] = [];
  let matched: number | undefined;
  let levelCounts: Record<string, number> | undefined;
  let after: unknown[] | undefined;
  let more = false;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await deps.opensearch.search({
        query: logFilter(input),
        sort: [{ [FIELDS.timestamp]: { order: 'desc' } }],
        size: PAGE_SIZE,
        track_total_hits: true,
        _source: [FIELDS.timestamp, FIELDS.message, FIELDS.level, 'level', 'severity_text'],
        ...(after ? { search_after: after } : { aggs: { levels: { terms: { field: FIELDS.level, size: 20 } } } }),
      });
      const { hits, total } = hitsOf(body);
      if (page === 0) {
        matched = total;
        const buckets = bucketsOf(body, 'levels');
        if (buckets.length > 0) {
          levelCounts = {};
          for (const b of buckets) {
            const level = normalizeLevel(String(b['key']));
            levelCounts[level] = (levelCounts[level] ?? 0) + Number(b['doc_count'] ?? 0);
          }
        }
      }
      for (const hit of hits) {
        const log = toLog(hit.source);
        if (log) logs.push(log);
      }
      after = hits.at(-1)?.sort;
      more = hits.length === PAGE_SIZE && after !== undefined;
      if (!more) break;
    }
  } catch (error) {
    const mapped = mapVendorError(error, openSearchErrorContext(deps, `searching logs for ${input.service}`));
    deps.logger.warn({ tool: TOOL_NAME, status: mapped.httpStatus, retryable: mapped.retryable }, 'opensearch log search failed');
    return summarize({ logs: [], matched: undefined, levelCounts: undefined, more: false, error: { message: mapped.message, retryable: mapped.retryable } }, input, deps.opensearch.index);
  }
  return summarize({ logs, matched, levelCounts, more }, input, deps.opensearch.index);
}

export const searchLogsTool: ToolDefinition<SearchLogsInput, SearchLogsOutput, OpenSearchToolDeps> = {
  name: TOOL_NAME,
  title: 'Search logs (OpenSearch)',
  description:
    'Error and warning logs of one service over a time window from OpenSearch, grouped into message signatures (count, first/last seen, a redacted sample), most frequent first, with exact level counts and the onset of the top error.',
  inputSchema: SearchLogsInputSchema,
  outputSchema: SearchLogsOutputSchema,
  describeCall,
  run,
};

export function registerSearchLogsTool(server: McpServer, deps: OpenSearchToolDeps): void {
  registerToolDefinition(server, searchLogsTool, deps, deps.logger);
}
