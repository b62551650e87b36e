// The official Datadog client pointed at any base URL (a Datadog site, or a compatible fake): the
// same code path runs in production and in the simulator, only the URL and keys differ.
import { client, logger as datadogLogger, v1, v2 } from '@datadog/datadog-api-client';
import { z } from 'zod';

export const DEFAULT_DATADOG_TIMEOUT_MS = 10_000;

export const DatadogConfigSchema = z.object({
  baseUrl: z.url().describe('API base URL, e.g. https://api.datadoghq.com or https://api.datadoghq.eu'),
  apiKey: z.string().min(1),
  appKey: z.string().min(1),
  timeoutMs: z.number().int().positive().optional(),
});
export type DatadogConfig = z.infer<typeof DatadogConfigSchema>;

/** Per-call handles: one set per tool call, so the Retry-After it saw is its own. */
export interface DatadogApis {
  metrics: v1.MetricsApi;
  logs: v2.LogsApi;
  spans: v2.SpansApi;
  events: v1.EventsApi;
  monitors: v1.MonitorsApi;
  /**
   * GET a JSON endpoint the official client does not cover (service dependencies, public beta, not
   * in the OpenAPI spec), with the same keys, deadline and Retry-After capture. Non-2xx responses
   * throw an error shaped like the client's ApiException ({code, body}) so mapVendorError reads it.
   */
  getJson(path: string, query: Record<string, string | undefined>): Promise<unknown>;
  /** Retry-After (seconds) of the last 429 this set received; the client's exceptions drop headers. */
  retryAfterSeconds(): number | undefined;
}

export interface DatadogClient {
  baseUrl: string;
  timeoutMs: number;
  open(): DatadogApis;
}

// The client logs transport failures to the console; we map and log them ourselves (pino, stderr),
// and stdout must stay clean for the stdio transport.
datadogLogger.setLevel('silent');

export function createDatadogClient(config: DatadogConfig): DatadogClient {
  const parsed = DatadogConfigSchema.parse(config);
  const baseUrl = parsed.baseUrl.replace(/\/+$/, '');
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_DATADOG_TIMEOUT_MS;
  return {
    baseUrl,
    timeoutMs,
    open(): DatadogApis {
      let retryAfter: number | undefined;
      // Node's fetch with a per-request deadline; the default cross-fetch has no timeout at all.
      const fetchWithDeadline = async (url: string, init: RequestInit): Promise<Response> => {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
        if (response.status === 429) {
          const raw = response.headers.get('retry-after') ?? response.headers.get('x-ratelimit-reset');
          const seconds = raw === null ? Number.NaN : Number(raw);
          retryAfter = Number.isFinite(seconds) ? Math.max(0, Math.ceil(seconds)) : undefined;
        }
        return response;
      };
      const configuration = client.createConfiguration({
        baseServer: new client.BaseServerConfiguration(baseUrl, {}),
        authMethods: { apiKeyAuth: parsed.apiKey, appKeyAuth: parsed.appKey },
        fetch: fetchWithDeadline,
        enableRetry: false,
      });
      const getJson = async (path: string, query: Record<string, string | undefined>): Promise<unknown> => {
        const url = new URL(`${baseUrl}${path}`);
        for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
        const response = await fetchWithDeadline(url.toString(), {
          method: 'GET',
          headers: { accept: 'application/json', 'DD-API-KEY': parsed.apiKey, 'DD-APPLICATION-KEY': parsed.appKey },
        });
        const text = await response.text();
        if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { code: response.status, body: text });
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw Object.assign(new Error(`Datadog answered ${path} with a body that is not JSON`), { body: text.slice(0, 200) });
        }
      };
      return {
        metrics: new v1.MetricsApi(configuration),
        logs: new v2.LogsApi(configuration),
        spans: new v2.SpansApi(configuration),
        events: new v1.EventsApi(configuration),
        monitors: new v1.MonitorsApi(configuration),
        getJson,
        retryAfterSeconds: () => retryAfter,
      };
    },
  };
}

/** Reads DD_API_KEY, DD_APP_KEY and DD_SITE_URL (or DD_SITE); undefined when the keys are not set. */
export function datadogConfigFromEnv(env: Readonly<Record<string, unknown>>): DatadogConfig | undefined {
  const read = (key: string): string | undefined => {
    const value = env[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const apiKey = read('DD_API_KEY');
  const appKey = read('DD_APP_KEY');
  if (!apiKey || !appKey) return undefined;
  const site = read('DD_SITE');
  const baseUrl = read('DD_SITE_URL') ?? (site ? `https://api.${site}` : 'https://api.datadoghq.com');
  const timeout = read('DD_TIMEOUT_MS') ? Number(read('DD_TIMEOUT_MS')) : undefined;
  return { baseUrl, apiKey, appKey, ...(timeout && Number.isFinite(timeout) ? { timeoutMs: timeout } : {}) };
}
