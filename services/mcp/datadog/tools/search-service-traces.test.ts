import type { v2 } from '@datadog/datadog-api-client';
import { describe, expect, it } from 'vitest';
import { readPath } from '../../shared/objects.ts';
import { describeCall, SearchServiceTracesInputSchema, summarize, toSpanLite, type SpanLite } from './search-service-traces.ts';

const input = SearchServiceTracesInputSchema.parse({ service: 'checkout-api', window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' } });
const at = (hhmmss: string): number => Date.parse(`2026-11-20T${hhmmss}Z`);

// A span as the official client deserializes a /api/v2/spans/events/search answer: custom
// attributes nested the way Datadog stores them, duration in nanoseconds.
function vendorSpan(overrides: { resource?: string; durationMs?: number; status?: string; error?: { type: string; message: string }; peer?: string; start?: string } = {}): v2.Span {
  const start = new Date(`2026-11-20T${overrides.start ?? '13:21:00'}Z`);
  return {
    id: 'AYkGxUNAAACwbKvWE7Iew35s',
    type: 'spans',
    attributes: {
      service: 'checkout-api',
      resourceName: overrides.resource ?? 'POST /api/v1/orders',
      startTimestamp: start,
      endTimestamp: new Date(start.getTime() + (overrides.durationMs ?? 12)),
      spanId: '3601830290946202752',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      tags: ['env:prod', 'service:checkout-api'],
      custom: {
        duration: (overrides.durationMs ?? 12) * 1_000_000,
        http: { status_code: overrides.error ? '500' : '200', method: 'POST' },
        ...(overrides.error ? { error: overrides.error } : {}),
        ...(overrides.peer ? { peer: { service: overrides.peer } } : {}),
        ...(overrides.status ? { status: overrides.status } : {}),
      },
    },
  } as v2.Span;
}

describe('toSpanLite', () => {
  it('reads nested custom attributes, nanosecond durations and the error', () => {
    const lite = toSpanLite(vendorSpan({ durationMs: 250, error: { type: 'KeyError', message: "'warehouse_id'" }, peer: 'inventory-service' }));
    expect(lite).toEqual({
      at: at('13:21:00'),
      resource: 'POST /api/v1/orders',
      durationMs: 250,
      error: true,
      errorType: 'KeyError',
      errorMessage: "'warehouse_id'",
      statusCode: 500,
      peer: 'inventory-service',
    });
  });

  it('treats an ok span as ok and reads flat dotted keys too', () => {
    expect(toSpanLite(vendorSpan())!.error).toBe(false);
    expect(readPath({ 'peer.service': 'orders-db' }, 'peer.service')).toBe('orders-db');
    expect(readPath({ peer: { service: 'orders-db' } }, 'peer.service')).toBe('orders-db');
  });

  it('redacts error messages', () => {
    const lite = toSpanLite(vendorSpan({ error: { type: 'AuthError', message: 'login failed password=hunter2' } }));
    expect(lite!.errorMessage).not.toContain('hunter2');
  });
});

function lite(resource: string, overrides: Partial<SpanLite> = {}): SpanLite {
  return { at: at('13:10:00'), resource, durationMs: 10, error: false, ...overrides };
}

describe('summarize', () => {
  const errors = Array.from({ length: 30 }, (_, i) =>
    lite('POST /v1/reservations', { at: at(`13:2${i % 10}:00`), error: true, errorType: 'KeyError', errorMessage: "'warehouse_id'", peer: 'inventory-service', durationMs: 40 }),
  );
  const ok = Array.from({ length: 70 }, (_, i) => lite(`GET /v1/stock/SKU-${1000 + i}`, { durationMs: 5 + (i % 7), peer: 'orders-db' }));

  it('groups errors by normalized resource and type, with onset and a typed sample', () => {
    const out = summarize({ spans: [...errors, ...ok], errorSpans: errors, more: false }, input);
    expect(out.status).toBe('ok');
    expect(out.errors[0]).toMatchObject({ resource: 'POST /v1/reservations', errorType: 'KeyError', count: 30, firstSeen: '2026-11-20T13:20:00Z', sample: "KeyError: 'warehouse_id'" });
    expect(out.onsetAt).toBe('2026-11-20T13:20:00Z');
    expect(out.errorRatePct).toBe(30);
  });

  it('folds ids in resource names into one row and ranks the slowest by p99', () => {
    const out = summarize({ spans: [...errors, ...ok], errorSpans: errors, more: false }, input);
    const stock = out.slowest.find((r) => r.resource === 'GET /v1/stock/SKU-<num>');
    expect(stock).toMatchObject({ count: 70, errors: 0, p50Ms: 8, p99Ms: 11 });
    expect(out.slowest[0]!.resource).toBe('POST /v1/reservations');
  });

  it('ranks failing peers first and names them in a hint', () => {
    const out = summarize({ spans: [...errors, ...ok], errorSpans: errors, more: false }, input);
    expect(out.peers.map((p) => [p.service, p.errors, p.calls])).toEqual([
      ['inventory-service', 30, 30],
      ['orders-db', 0, 70],
    ]);
    expect(out.hints.join(' ')).toContain('Calls to inventory-service fail');
  });

  it('caps each section and marks a partial scan as truncated', () => {
    const many = Array.from({ length: 12 }, (_, i) => lite(`GET /r${'abcdefghijkl'[i]}`, { error: true, errorType: `E${'abcdefghijkl'[i]}` }));
    const out = summarize({ spans: many, errorSpans: many, more: true }, { ...input, limit: 3 });
    expect(out.errors).toHaveLength(3);
    expect(out.slowest).toHaveLength(3);
    expect(out.truncated).toBe(true);
    expect(out.hints.join(' ')).toContain('lower bounds');
  });

  it('is no_data with a hint when the service has no spans', () => {
    const out = summarize({ spans: [], errorSpans: [], more: false }, input);
    expect(out).toMatchObject({ status: 'no_data', errorRatePct: null, onsetAt: null });
    expect(out.hints[0]).toContain('service:checkout-api');
  });

  it('rejects a limit above 20 and describes a call in one line', () => {
    expect(SearchServiceTracesInputSchema.safeParse({ ...input, limit: 21 }).error!.issues[0]!.message).toBe('limit must be at most 20');
    expect(describeCall(input)).toBe('Datadog APM spans for checkout-api, 2026-11-20 13:00-13:35Z');
  });
});

describe('redaction', () => {
  it('redacts secrets in resource names', () => {
    const lite = toSpanLite(vendorSpan({ resource: 'GET /callback?api_key=abc123secret&user=jane@example.com' }));
    expect(lite!.resource).not.toContain('abc123secret');
    expect(lite!.resource).not.toContain('jane@example.com');
  });
});
