import { describe, expect, it } from 'vitest';
import {
  MAX_POINTS,
  QueryServiceMetricsInputSchema,
  SIGNALS,
  describeCall,
  signalQueries,
  resolveMetricNames,
  namesUsedBy,
  summarize,
  summarizeSignal,
  type MetricsRaw,
  type QueryServiceMetricsInput,
  type RawSignal,
} from './query-service-metrics.ts';

const START = Date.parse('2026-11-20T13:00:00Z');
const input: QueryServiceMetricsInput = QueryServiceMetricsInputSchema.parse({
  service: 'inventory-service',
  window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' },
});

function wobble(i: number, amplitude: number): number {
  return Math.sin(i * 1.7) * amplitude;
}

/** One point per minute from START. */
function series(values: number[]): Array<[number, number | null]> {
  return values.map((v, i) => [START + i * 60_000, v]);
}

function errorsSignal(rate: (i: number) => number, n = 36, hits = 600): RawSignal {
  const [errorsQuery, hitsQuery] = signalQueries('errors', 'inventory-service').fetch as [string, string];
  return {
    signal: 'errors',
    results: [
      { query: errorsQuery, pointlist: series(Array.from({ length: n }, (_, i) => (hits * rate(i)) / 100)) },
      { query: hitsQuery, pointlist: series(Array.from({ length: n }, () => hits)) },
    ],
  };
}

describe('summarizeSignal', () => {
  it('flags an error-rate step as anomalous up, with the change point at the step', () => {
    const raw = errorsSignal((i) => (i < 21 ? 0.4 + wobble(i, 0.05) : 15 + wobble(i, 1)));
    const s = summarizeSignal(raw, 'inventory-service')!;
    expect(s.unit).toBe('%');
    expect(s.changePoint?.at).toBe('2026-11-20T13:21:00Z');
    expect(s.changePoint!.before).toBeLessThan(1);
    expect(s.changePoint!.after).toBeGreaterThan(14);
    expect(s.anomalous).toBe(true);
    expect(s.direction).toBe('up');
    // Baseline stops at the change point; recent is the tail.
    expect(s.baseline.p95).toBeLessThan(1);
    expect(s.recent.mean).toBeGreaterThan(14);
  });

  it('does not flag a statistically clear but tiny error-rate shift (below +1 point)', () => {
    const raw = errorsSignal((i) => (i < 20 ? 0.2 : 0.6));
    const s = summarizeSignal(raw, 'inventory-service')!;
    expect(s.changePoint).not.toBeNull();
    expect(s.anomalous).toBe(false);
    expect(s.direction).toBeNull();
  });

  it('does not flag ordinary noise', () => {
    const values = Array.from({ length: 36 }, (_, i) => 0.180 + wobble(i, 0.02));
    const s = summarizeSignal({ signal: 'latency', results: [{ query: 'q', pointlist: series(values) }] }, 'x')!;
    expect(s.anomalous).toBe(false);
  });

  it('converts latency from seconds to milliseconds', () => {
    const values = Array.from({ length: 10 }, () => 0.25);
    const s = summarizeSignal({ signal: 'latency', results: [{ query: 'q', pointlist: series(values) }] }, 'x')!;
    expect(s.unit).toBe('ms');
    expect(s.recent.mean).toBe(250);
  });

  it('skips intervals without traffic instead of inventing a rate', () => {
    const raw: RawSignal = {
      signal: 'errors',
      results: [
        { query: 'e', pointlist: series([0, 1, 2, 3]) },
        { query: 'h', pointlist: series([0, 100, 100, 100]) },
      ],
    };
    const s = summarizeSignal(raw, 'x')!;
    expect(s.points.map((p) => p.value)).toEqual([1, 2, 3]);
  });

  it('ignores null points', () => {
    const raw: RawSignal = { signal: 'cpu', results: [{ query: 'q', pointlist: [[START, null], [START + 60_000, 40]] }] };
    expect(summarizeSignal(raw, 'x')!.points).toEqual([{ at: '2026-11-20T13:01:00Z', value: 40 }]);
  });

  it('caps the points returned for long windows', () => {
    const values = Array.from({ length: 24 * 60 }, (_, i) => 30 + wobble(i, 2));
    const s = summarizeSignal({ signal: 'cpu', results: [{ query: 'q', pointlist: series(values) }] }, 'x')!;
    expect(s.points.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(s.points[0]!.at).toBe('2026-11-20T13:00:00Z');
  });

  it('flags restarts appearing after a restart-free baseline', () => {
    const values = Array.from({ length: 30 }, (_, i) => (i === 27 ? 1 : 0));
    const s = summarizeSignal({ signal: 'restarts', results: [{ query: 'q', pointlist: series(values) }] }, 'x')!;
    expect(s.anomalous).toBe(true);
    expect(s.direction).toBe('up');
  });

  it('returns null when there is no series', () => {
    expect(summarizeSignal({ signal: 'cpu', results: [{ query: 'q', pointlist: null }] }, 'x')).toBeNull();
  });
});

describe('summarize', () => {
  it('is no_data with a hint naming the queries tried when nothing came back', () => {
    const raw: MetricsRaw = {
      signals: SIGNALS.map((signal) => ({
        signal,
        results: signalQueries(signal, 'ghost').fetch.map((query) => ({ query, pointlist: null })),
      })),
    };
    const out = summarize(raw, { ...input, service: 'ghost' });
    expect(out.status).toBe('no_data');
    expect(out.signals).toEqual([]);
    expect(out.noData).toEqual([...SIGNALS]);
    expect(out.hints.join(' ')).toContain('avg:container.cpu.utilization{service:ghost}');
    expect(out.hints.join(' ')).toContain('sum:trace.http.request.errors{service:ghost}.as_count()');
  });

  it('reports a vendor failure as status error and keeps what did come back', () => {
    const raw: MetricsRaw = {
      signals: [
        { signal: 'errors', results: [] },
        { signal: 'cpu', results: [{ query: 'q', pointlist: series([10, 11, 12]) }] },
      ],
      error: { message: 'Datadog had a server error (HTTP 500).', retryable: true },
    };
    const out = summarize(raw, input);
    expect(out.status).toBe('error');
    expect(out.error).toEqual({ message: 'Datadog had a server error (HTTP 500).', retryable: true });
    expect(out.signals.map((s) => s.signal)).toEqual(['cpu']);
    expect(out.noData).toEqual([]);
  });

  it('gives each signal a pasteable query', () => {
    const out = summarize({ signals: [errorsSignal(() => 1)] }, input);
    expect(out.signals[0]!.query).toBe(
      '(sum:trace.http.request.errors{service:inventory-service}.as_count() / sum:trace.http.request.hits{service:inventory-service}.as_count()) * 100',
    );
  });
});

describe('input', () => {
  it('defaults to all signals', () => {
    expect(input.signals).toEqual([...SIGNALS]);
  });

  it('rejects unknown arguments, naming the valid ones', () => {
    const result = QueryServiceMetricsInputSchema.safeParse({ ...input, metric: 'cpu' });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toContain('"metric"');
    expect(result.error!.issues[0]!.message).toContain('service, window, signals');
  });

  it('rejects an unknown signal at its path', () => {
    const result = QueryServiceMetricsInputSchema.safeParse({ ...input, signals: ['errors', 'saturation'] });
    expect(result.error!.issues[0]!.path).toEqual(['signals', 1]);
  });

  it('rejects a service name that would inject into the query', () => {
    const result = QueryServiceMetricsInputSchema.safeParse({ ...input, service: 'x} OR service:{y' });
    expect(result.error!.issues[0]!.path).toEqual(['service']);
  });

  it('describes a call in one line', () => {
    expect(describeCall(input)).toBe('Datadog metrics (all signals) for inventory-service, 2026-11-20 13:00-13:35Z');
    expect(describeCall({ ...input, signals: ['errors', 'latency'] })).toContain('(errors, latency)');
  });
});

describe('resolveMetricNames', () => {
  it('finds a runtime-specific APM prefix that has both errors and hits, and container names by suffix', () => {
    const names = resolveMetricNames([
      'trace.flask.request.duration.by.service.99p',
      'trace.flask.request.errors',
      'trace.flask.request.hits',
      'trace.requests.request.errors',
      'kubernetes.cpu.usage.pct',
      'kubernetes.memory.usage_pct',
      'kubernetes.node.cpu.usage.pct',
      'kubernetes.containers.restarts',
    ]);
    expect(names).toEqual({
      errors: 'trace.flask.request.errors',
      hits: 'trace.flask.request.hits',
      latency: 'trace.flask.request.duration.by.service.99p',
      cpu: 'kubernetes.cpu.usage.pct',
      memory: 'kubernetes.memory.usage_pct',
      restarts: 'kubernetes.containers.restarts',
    });
  });

  it('prefers server-side metrics over client-side ones', () => {
    const names = resolveMetricNames(['trace.grpc.client.errors', 'trace.grpc.client.hits', 'trace.grpc.server.errors', 'trace.grpc.server.hits']);
    expect(names).toMatchObject({ errors: 'trace.grpc.server.errors', hits: 'trace.grpc.server.hits' });
  });

  it('builds queries from resolved names and reports them in the summary', () => {
    const names = { errors: 'trace.servlet.request.errors', hits: 'trace.servlet.request.hits' };
    expect(signalQueries('errors', 'checkout-api', names).fetch).toEqual([
      'sum:trace.servlet.request.errors{service:checkout-api}.as_count()',
      'sum:trace.servlet.request.hits{service:checkout-api}.as_count()',
    ]);
    expect(namesUsedBy('traffic', names)).toEqual(['trace.servlet.request.hits']);
    const raw = errorsSignal(() => 1);
    const summary = summarizeSignal({ ...raw, names }, 'checkout-api')!;
    expect(summary.resolvedMetrics).toEqual(['trace.servlet.request.errors', 'trace.servlet.request.hits']);
    expect(summary.query).toContain('trace.servlet.request.errors');
  });

  it('finds nothing in an unrelated listing', () => {
    expect(resolveMetricNames(['system.load.1', 'jvm.heap_memory'])).toEqual({});
  });
});
