// Vendor failures become one actionable sentence and a retryable flag (never a thrown error the
// model cannot read): bad input and auth are not worth retrying, 429/5xx/timeouts are.
import { redact } from './redact.ts';
import { asObject } from './objects.ts';

export interface VendorFailure {
  message: string;
  retryable: boolean;
  /** HTTP status when the vendor answered. */
  httpStatus?: number;
}

export interface VendorErrorContext {
  vendor: string;
  /** What the tool was doing, e.g. "querying metrics for inventory-service". */
  doing: string;
  /** What to check when credentials are refused, e.g. "DD_API_KEY and DD_APP_KEY". */
  credentials: string;
  /** What to check when the vendor cannot be reached, e.g. "DD_SITE_URL". */
  endpoint: string;
  timeoutMs: number;
  /** Retry-After captured outside the exception (some clients drop response headers). */
  retryAfterSeconds?: number;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function httpStatusOf(error: unknown): number | undefined {
  const code = asObject(error)?.['code'];
  return typeof code === 'number' && code >= 100 && code < 600 ? code : undefined;
}

/** The vendor's own words: Datadog `{errors: [...]}`, Kubernetes Status `{message}`, or text. */
function vendorDetail(body: unknown): string | undefined {
  let value = body;
  if (typeof value === 'string') {
    const text = value.trim();
    try {
      value = JSON.parse(text);
    } catch {
      return text.length > 0 ? text.replace(/^Unknown API Status Code!\s*Body:\s*/i, '').replace(/^"|"$/g, '').slice(0, 200) || undefined : undefined;
    }
  }
  const obj = asObject(value);
  if (!obj) return undefined;
  const errors = obj['errors'];
  if (Array.isArray(errors) && errors.length > 0) {
    return errors.map((e) => (typeof e === 'string' ? e : (asObject(e)?.['detail'] ?? asObject(e)?.['title'] ?? JSON.stringify(e)))).join('; ').slice(0, 200);
  }
  for (const key of ['message', 'error', 'reason']) {
    const text = obj[key];
    if (typeof text === 'string' && text.length > 0) return text.slice(0, 200);
  }
  return undefined;
}

function headerValue(error: unknown, name: string): string | undefined {
  const headers = asObject(asObject(error)?.['headers']);
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && typeof value === 'string') return value;
  }
  return undefined;
}

function retryAfterOf(error: unknown, context: VendorErrorContext): number | undefined {
  if (context.retryAfterSeconds !== undefined) return context.retryAfterSeconds;
  const raw = headerValue(error, 'retry-after') ?? headerValue(error, 'x-ratelimit-reset');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    chain.push(current);
    current = asObject(current)?.['cause'];
  }
  return chain;
}

export function mapVendorError(error: unknown, context: VendorErrorContext): VendorFailure {
  const { vendor, doing } = context;
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const detail = vendorDetail(asObject(error)?.['body']);
    const said = detail ? `: ${redact(detail)}` : '';
    if (status === 429) {
      const after = retryAfterOf(error, context);
      return {
        httpStatus: status,
        retryable: true,
        message: `${vendor} is rate limiting requests (HTTP 429) while ${doing}; retry ${after !== undefined ? `after ${after} s` : 'in a minute'}.`,
      };
    }
    if (status >= 500) {
      return { httpStatus: status, retryable: true, message: `${vendor} had a server error (HTTP ${status}${said}) while ${doing}; retry in a few seconds.` };
    }
    if (status === 401 || status === 403) {
      return {
        httpStatus: status,
        retryable: false,
        message: `${vendor} refused the credentials (HTTP ${status}${said}) while ${doing}; check ${context.credentials}.`,
      };
    }
    if (status === 404) {
      return { httpStatus: status, retryable: false, message: `${vendor} answered 404 Not Found${said} while ${doing}; check ${context.endpoint}.` };
    }
    if (status === 408) {
      return { httpStatus: status, retryable: true, message: `${vendor} timed out (HTTP 408) while ${doing}; retry, or use a shorter window.` };
    }
    return {
      httpStatus: status,
      retryable: false,
      message: `${vendor} rejected the request (HTTP ${status}${said}) while ${doing}; change the arguments, a retry will fail the same way.`,
    };
  }

  for (const link of causeChain(error)) {
    const name = asObject(link)?.['name'];
    if (name === 'TimeoutError' || name === 'AbortError') {
      return {
        retryable: true,
        message: `${vendor} did not answer within ${Math.round(context.timeoutMs / 100) / 10} s while ${doing}; retry, or use a shorter window.`,
      };
    }
    const code = asObject(link)?.['code'];
    if (typeof code === 'string' && NETWORK_CODES.has(code)) {
      return { retryable: true, message: `Could not reach ${vendor} (${code}) while ${doing}; check that ${context.endpoint} is right and reachable.` };
    }
  }

  // fetch wraps transport failures it does not code (a blocked port, a TLS failure) as "fetch failed".
  const cause = asObject(asObject(error)?.['cause']);
  if (error instanceof TypeError && error.message === 'fetch failed' && typeof cause?.['message'] === 'string') {
    return {
      retryable: false,
      message: `Could not reach ${vendor} (${redact(cause['message']).slice(0, 160)}) while ${doing}; check that ${context.endpoint} is right and reachable.`,
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { retryable: false, message: `Unexpected error from ${vendor} while ${doing}: ${redact(text).slice(0, 200)}.` };
}
