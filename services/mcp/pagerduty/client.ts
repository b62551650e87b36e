// PagerDuty REST API v2 over Node's fetch (the official JS client adds nothing a GET needs):
// `Authorization: Token token=...`, the v2 Accept header, a per-request deadline, and errors in the
// {code, body, headers} shape mapVendorError reads. Same code path against api.pagerduty.com or a fake.
import { z } from 'zod';

export const DEFAULT_PAGERDUTY_API_URL = 'https://api.pagerduty.com';
export const DEFAULT_PAGERDUTY_TIMEOUT_MS = 10_000;

export const PagerDutyConfigSchema = z.object({
  baseUrl: z.url().default(DEFAULT_PAGERDUTY_API_URL).describe('REST API base URL, e.g. https://api.pagerduty.com or https://api.eu.pagerduty.com'),
  token: z.string().min(1),
  timeoutMs: z.number().int().positive().optional(),
});
export type PagerDutyConfig = z.input<typeof PagerDutyConfigSchema>;

export type Query = Record<string, string | number | readonly string[] | undefined>;

export interface PagerDutyClient {
  baseUrl: string;
  timeoutMs: number;
  get(path: string, query?: Query): Promise<unknown>;
}

export function createPagerDutyClient(config: PagerDutyConfig): PagerDutyClient {
  const parsed = PagerDutyConfigSchema.parse(config);
  const baseUrl = parsed.baseUrl.replace(/\/+$/, '');
  const timeoutMs = parsed.timeoutMs ?? DEFAULT_PAGERDUTY_TIMEOUT_MS;
  return {
    baseUrl,
    timeoutMs,
    async get(path, query = {}) {
      const url = new URL(`${baseUrl}${path}`);
      for (const [key, value] of Object.entries(query)) {
        if (value === undefined) continue;
        if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, String(item));
        else url.searchParams.set(key, String(value));
      }
      const response = await fetch(url, {
        headers: { accept: 'application/vnd.pagerduty+json;version=2', authorization: `Token token=${parsed.token}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) {
        throw Object.assign(new Error(`HTTP ${response.status}`), { code: response.status, body: pagerDutyDetail(text), headers: Object.fromEntries(response.headers) });
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Error(`PagerDuty answered ${path} with a body that is not JSON`);
      }
    },
  };
}

/** PagerDuty errors are {error: {message, code, errors: [...]}}; keep the words for the message. */
function pagerDutyDetail(text: string): unknown {
  try {
    const body = JSON.parse(text) as { error?: { message?: string; errors?: string[] } };
    const message = [body.error?.message, ...(body.error?.errors ?? [])].filter(Boolean).join(': ');
    return message ? { message } : body;
  } catch {
    return text.slice(0, 200);
  }
}

/** Reads PAGERDUTY_TOKEN (and PAGERDUTY_API_URL, default the public API); undefined when no token is set. */
export function pagerDutyConfigFromEnv(env: Readonly<Record<string, unknown>>): PagerDutyConfig | undefined {
  const read = (key: string): string | undefined => {
    const value = env[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  };
  const token = read('PAGERDUTY_TOKEN');
  if (!token) return undefined;
  const timeout = read('PAGERDUTY_TIMEOUT_MS') ? Number(read('PAGERDUTY_TIMEOUT_MS')) : undefined;
  return { baseUrl: read('PAGERDUTY_API_URL') ?? DEFAULT_PAGERDUTY_API_URL, token, ...(timeout && Number.isFinite(timeout) ? { timeoutMs: timeout } : {}) };
}
