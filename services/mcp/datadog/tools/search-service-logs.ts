// search_service_logs: the service's error and warning logs in a window, grouped into message
// signatures with counts, first/last seen and one redacted sample, plus the onset of the most
// frequent error: the "what broke and since when" an engineer reads first.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { envelopeShape } from '../../shared/envelope.ts';
import { limitSchema } from '../../shared/limit.ts';
import type { Logger } from '../../shared/logger.ts';
import { redact } from '../../shared/redact.ts';
import { ServiceNameSchema } from '../../shared/service-name.ts';
import { strictInput } from '../../shared/strict-input.ts';
import { registerToolDefinition, type ToolDefinition } from '../../shared/tool-definition.ts';
import { mapVendorError } from '../../shared/vendor-error.ts';
import { describeWindow, isoSeconds, WindowSchema } from '../../shared/window.ts';
import type { DatadogClient } from '../client.ts';
import { groupLogSignatures, LogSignatureSchema, sampleOf, type LogSignature } from '../../shared/log-signature.ts';

export const TOOL_NAME = 'search_service_logs';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const LogLevelSchema = z.enum(LOG_LEVELS);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** Scan budget: at most this many pages of PAGE_SIZE logs per call (newest first). */
export const PAGE_SIZE = 200;
export const MAX_PAGES = 5;

export const SearchServiceLogsInputSchema = strictInput({
  service: ServiceNameSchema,
  window: WindowSchema,
  levels: z
    .array(LogLevelSchema)
    .min(1, 'levels must name at least one level')
    .default(['error', 'warn'])
    .describe('log levels to include (default error and warn)'),
  text: z
    .string()
    .min(1, 'text must not be empty')
    .max(200, 'text must be at most 200 characters')
    .optional()
    .describe('optional free text the message must contain, e.g. "timeout" or "KeyError"'),
  limit: limitSchema({ what: 'signatures' }),
});
export type SearchServiceLogsInput = z.infer<typeof SearchServiceLogsInputSchema>;

export { LogSignatureSchema, type LogSignature };

export const SearchServiceLogsOutputSchema = z.object({
  ...envelopeShape,
  service: z.string(),
  window: z.object({ from: z.string(), to: z.string() }),
  query: z.string().describe('Datadog log search query an engineer can paste into the Log Explorer'),
  scanned: z.number().int().describe('log events read (newest first, bounded)'),
  levelCounts: z.record(z.string(), z.number().int()).describe('scanned events per level'),
  signatures: z.array(LogSignatureSchema).describe('most frequent first'),
  onsetAt: z.string().nullable().describe('first occurrence of the most frequent error signature'),
});
export type SearchServiceLogsOutput = z.infer<typeof SearchServiceLogsOutputSchema>;

/** A log event as the summarizer needs it (already redacted). */
export interface RawLog {
  timestampMs: number;
  level: string;
  message: string;
}
export interface LogsRaw {
  logs: RawLog[];
  /** True when the scan budget ran out before the last page. */
  more: boolean;
  error?: { message: string; retryable: boolean };
}

function quoteTerm(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return /^[A-Za-z0-9_.-]+$/.test(text) ? text : `"${escaped}"`;
}

export function buildLogQuery(input: Pick<SearchServiceLogsInput, 'service' | 'levels' | 'text'>): string {
  const levels = [...new Set(input.levels)];
  const status = levels.length === 1 ? `status:${levels[0]}` : `status:(${levels.join(' OR ')})`;
  return [`service:${input.service}`, status, ...(input.text ? [quoteTerm(input.text)] : [])].join(' ');
}

export function summarize(raw: LogsRaw, input: SearchServiceLogsInput): SearchServiceLogsOutput {
  const { groups: ranked, levelCounts } = groupLogSignatures(raw.logs);
  const topError = ranked.find((g) => g.level === 'error');
  const signatures: LogSignature[] = ranked.slice(0, input.limit).map((g) => ({
    signature: g.signature,
    level: g.level,
    count: g.count,
    firstSeen: isoSeconds(g.first),
    lastSeen: isoSeconds(g.last),
    sample: sampleOf(redact(g.sample)),
  }));
  const cut = ranked.length > input.limit;

  const hints: string[] = [];
  if (raw.error) {
    hints.push(raw.error.retryable ? 'The failure is transient: call the tool again.' : 'Fix the cause named in error.message before calling again.');
  } else if (raw.logs.length === 0) {
    hints.push(
      `No ${input.levels.join('/')} logs matched "${buildLogQuery(input)}" in this window.`,
      input.text
        ? 'Drop or change the text filter, or widen the window.'
        : 'Check the service name (it must match the Datadog service tag), include info level, or widen the window.',
    );
  } else {
    if (raw.more) {
      hints.push(
        `Scanned the newest ${raw.logs.length} events only (more exist): counts are lower bounds and onsetAt may be later than the real onset; narrow the window or add text to see more.`,
      );
    }
    if (cut) hints.push(`Showing ${input.limit} of ${ranked.length} signatures; raise limit (max 50) or add text to focus.`);
    if (!topError) hints.push('No error-level logs in this window; the problem may be in a dependency.');
  }

  return {
    status: raw.error ? 'error' : raw.logs.length === 0 ? 'no_data' : 'ok',
    truncated: cut || raw.more,
    hints,
    ...(raw.error ? { error: raw.error } : {}),
    service: input.service,
    window: { from: input.window.from, to: input.window.to },
    query: buildLogQuery(input),
    scanned: raw.logs.length,
    levelCounts,
    signatures,
    onsetAt: topError ? isoSeconds(topError.first) : null,
  };
}

export function describeCall(input: SearchServiceLogsInput): string {
  const text = input.text ? ` matching "${input.text}"` : '';
  return `Datadog ${input.levels.join('/')} logs for ${input.service}${text}, ${describeWindow(input.window)}`;
}

export interface DatadogLogsDeps {
  datadog: DatadogClient;
  logger: Logger;
}

function timestampMs(value: unknown): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return Number.NaN;
}

async function run(deps: DatadogLogsDeps, input: SearchServiceLogsInput): Promise<SearchServiceLogsOutput> {
  const apis = deps.datadog.open();
  const query = buildLogQuery(input);
  const logs: RawLog[] = [];
  let cursor: string | undefined;
  let more = false;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await apis.logs.listLogs({
        body: {
          filter: { query, from: input.window.from, to: input.window.to },
          sort: '-timestamp',
          page: { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
        },
      });
      for (const event of response.data ?? []) {
        const attributes = event.attributes;
        const at = timestampMs(attributes?.timestamp);
        if (!attributes || Number.isNaN(at)) continue;
        logs.push({ timestampMs: at, level: attributes.status ?? 'info', message: redact(attributes.message ?? '') });
      }
      cursor = response.meta?.page?.after;
      if (!cursor || (response.data ?? []).length === 0) {
        cursor = undefined;
        break;
      }
    }
    more = cursor !== undefined;
  } catch (error) {
    const mapped = mapVendorError(error, {
      vendor: 'Datadog',
      doing: `searching logs for ${input.service}`,
      credentials: 'DD_API_KEY and DD_APP_KEY (the application key needs the logs_read_data scope)',
      endpoint: `the Datadog base URL (DD_SITE_URL, now ${deps.datadog.baseUrl})`,
      timeoutMs: deps.datadog.timeoutMs,
      retryAfterSeconds: apis.retryAfterSeconds(),
    });
    deps.logger.warn({ tool: TOOL_NAME, query, status: mapped.httpStatus, retryable: mapped.retryable }, 'datadog log search failed');
    return summarize({ logs: [], more: false, error: { message: mapped.message, retryable: mapped.retryable } }, input);
  }
  return summarize({ logs, more }, input);
}

export const searchServiceLogsTool: ToolDefinition<SearchServiceLogsInput, SearchServiceLogsOutput, DatadogLogsDeps> = {
  name: TOOL_NAME,
  title: 'Search service logs (Datadog)',
  description:
    'Error and warning logs of one service over a time window, grouped into message signatures (count, first/last seen, a redacted sample), most frequent first, with the onset of the top error.',
  inputSchema: SearchServiceLogsInputSchema,
  outputSchema: SearchServiceLogsOutputSchema,
  describeCall,
  run,
};

export function registerSearchServiceLogsTool(server: McpServer, deps: DatadogLogsDeps): void {
  registerToolDefinition(server, searchServiceLogsTool, deps, deps.logger);
}
