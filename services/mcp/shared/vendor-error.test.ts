import { describe, expect, it } from 'vitest';
import { mapVendorError, type VendorErrorContext } from './vendor-error.ts';

const context: VendorErrorContext = {
  vendor: 'Datadog',
  doing: 'querying metrics',
  credentials: 'DD_API_KEY and DD_APP_KEY',
  endpoint: 'DD_SITE_URL',
  timeoutMs: 10_000,
};

// The shape both official clients throw: ApiException with a numeric code, a body and maybe headers.
function apiException(code: number, body: unknown, headers?: Record<string, string>): Error {
  return Object.assign(new Error(`HTTP-Code: ${code}`), { code, body, ...(headers ? { headers } : {}) });
}

describe('mapVendorError', () => {
  it('treats a 400 as a non-retryable input problem and quotes the vendor', () => {
    const failure = mapVendorError(apiException(400, { errors: ['Error parsing query: unexpected }'] }), context);
    expect(failure.retryable).toBe(false);
    expect(failure.httpStatus).toBe(400);
    expect(failure.message).toContain('Error parsing query: unexpected }');
  });

  it.each([401, 403])('points at the credentials on %i', (code) => {
    const failure = mapVendorError(apiException(code, { errors: ['Forbidden'] }), context);
    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain('DD_API_KEY and DD_APP_KEY');
  });

  it('reports Retry-After on a 429 and marks it retryable', () => {
    const failure = mapVendorError(apiException(429, 'Too many requests', { 'Retry-After': '17' }), context);
    expect(failure).toMatchObject({ retryable: true, httpStatus: 429 });
    expect(failure.message).toContain('retry after 17 s');
  });

  it('uses a Retry-After captured outside the exception', () => {
    const failure = mapVendorError(apiException(429, {}), { ...context, retryAfterSeconds: 3 });
    expect(failure.message).toContain('retry after 3 s');
  });

  it.each([500, 502, 503])('marks %i retryable', (code) => {
    expect(mapVendorError(apiException(code, 'Unknown API Status Code!\nBody: "boom"'), context).retryable).toBe(true);
  });

  it('recognizes a timeout', () => {
    const error = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const failure = mapVendorError(error, context);
    expect(failure.retryable).toBe(true);
    expect(failure.message).toContain('did not answer within 10 s');
  });

  it('recognizes an unreachable endpoint through the cause chain', () => {
    const error = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    const failure = mapVendorError(error, context);
    expect(failure.retryable).toBe(true);
    expect(failure.message).toContain('ECONNREFUSED');
    expect(failure.message).toContain('DD_SITE_URL');
  });

  it('redacts secrets the vendor echoes back', () => {
    const failure = mapVendorError(apiException(400, { errors: ['bad key password=hunter2'] }), context);
    expect(failure.message).not.toContain('hunter2');
  });

  it('makes every message one sentence', () => {
    for (const error of [apiException(404, {}), apiException(418, 'teapot'), new Error('weird')]) {
      const { message } = mapVendorError(error, context);
      expect(message.trim().endsWith('.')).toBe(true);
    }
  });
});

describe('mapVendorError on uncoded transport failures', () => {
  it('quotes the cause of a bare "fetch failed" and points at the endpoint', () => {
    const failure = mapVendorError(new TypeError('fetch failed', { cause: new Error('unable to verify the first certificate') }), context);
    expect(failure.retryable).toBe(false);
    expect(failure.message).toBe('Could not reach Datadog (unable to verify the first certificate) while querying metrics; check that DD_SITE_URL is right and reachable.');
  });
});
