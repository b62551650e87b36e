// The official OpenSearch client pointed at any node URL (a cluster, or a compatible fake), with
// basic auth, a per-request deadline and no client-side retries (the planner decides on retries).
import { Client } from '@opensearch-project/opensearch';
import { z } from 'zod';
import { asObject } from '../shared/objects.ts';

export const DEFAULT_OPENSEARCH_TIMEOUT_MS = 10_000;
export const DEFAULT_OPENSEARCH_INDEX = 'logs-*';

export const OpenSearchConfigSchema = z.object({
  url: z.url().describe('node URL, e.g. https://search.internal:9200'),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  /** Index pattern the logs live in (default logs-*). */
  index: z.string().min(1).default(DEFAULT_OPENSEARCH_INDEX),
  timeoutMs: z.number().int().positive().optional(),
});
export type OpenSearchConfig = z.input<typeof OpenSearchConfigSchema>;

export interface OpenSearchClient {
  url: string;
  index: string;
  timeoutMs: number;
  /** POST {index}/_search with a query DSL body; resolves to the response body. */
  search(body: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The client's errors in the shape mapVendorError reads ({code, body, headers} for HTTP answers,
 * a cause with a network code for connection failures), so every vendor reads the same way.
 */
export function normalizeOpenSearchError(error: unknown): unknown {
  const e = asObject(error);
  if (!e) return error;
  if (e['name'] === 'ResponseError' && typeof e['statusCode'] === 'number') {
    const body = asObject(e['body']);
    const reason = asObject(body?.['error'])?.['reason'] ?? asObject(body?.['error'])?.['type'] ?? body?.['error'];
    return { code: e['statusCode'], body: typeof reason === 'string' ? { message: reason } : body, headers: e['headers'] };
  }
  if (e['name'] === 'ConnectionError') {
    const code = /\b(E[A-Z]+)\b/.exec(String(e['message'] ?? ''))?.[1];
    return { name: 'ConnectionError', message: e['message'], cause: { code: code ?? 'ECONNREFUSED' } };
  }
  return error;
}

export function createOpenSearchClient(config: OpenSearchConfig): OpenSearchClient {
  const parsed = OpenSearchConfigSchema.parse(config);
  const url = parsed.url.replace(/\/+$/, '');
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_OPENSEARCH_TIMEOUT_MS;
  const client = new Client({
    node: url,
    ...(parsed.username && parsed.password ? { auth: { username: parsed.username, password: parsed.password } } : {}),
    requestTimeout: timeoutMs,
    maxRetries: 0,
  });
  return {
    url,
    index: parsed.index,
    timeoutMs,
    async search(body) {
      try {
        const response = await client.search({ index: parsed.index, body } as never);
        return (response as { body: unknown }).body;
      } catch (error) {
        throw normalizeOpenSearchError(error);
      }
    },
    close: () => client.close(),
  };
}

/** Reads OPENSEARCH_URL (plus OPENSEARCH_USERNAME, OPENSEARCH_PASSWORD, OPENSEARCH_INDEX); undefined when unset. */
export function openSearchConfigFromEnv(env: Readonly<Record<string, unknown>>): OpenSearchConfig | undefined {
  const read = (key: string): string | undefined => {
    const value = env[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const url = read('OPENSEARCH_URL');
  if (!url) return undefined;
  const username = read('OPENSEARCH_USERNAME');
  const password = read('OPENSEARCH_PASSWORD');
  const index = read('OPENSEARCH_INDEX');
  const timeout = read('OPENSEARCH_TIMEOUT_MS') ? Number(read('OPENSEARCH_TIMEOUT_MS')) : undefined;
  return {
    url,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(index ? { index } : {}),
    ...(timeout && Number.isFinite(timeout) ? { timeoutMs: timeout } : {}),
  };
}
