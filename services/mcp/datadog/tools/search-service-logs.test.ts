import { describe, expect, it } from 'vitest';
import { buildLogQuery, describeCall, SearchServiceLogsInputSchema, summarize, type RawLog, type SearchServiceLogsInput } from './search-service-logs.ts';

const input: SearchServiceLogsInput = SearchServiceLogsInputSchema.parse({
  service: 'inventory-service',
  window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' },
});
const at = (hhmmss: string): number => Date.parse(`2026-11-20T${hhmmss}Z`);

function keyErrors(n: number, startMinute = 20): RawLog[] {
  return Array.from({ length: n }, (_, i) => ({
    timestampMs: at(`13:${String(startMinute + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`),
    level: 'error',
    message: `Unhandled exception on order ${1000 + i}: KeyError: 'warehouse_id'`,
  }));
}

describe('summarize', () => {
  it('ranks signatures by count with first/last seen and the onset of the top error', () => {
    const logs: RawLog[] = [
      ...keyErrors(40),
      { timestampMs: at('13:05:00'), level: 'warn', message: 'slow query took 1200ms' },
      { timestampMs: at('13:06:00'), level: 'warn', message: 'slow query took 900ms' },
      { timestampMs: at('13:10:00'), level: 'error', message: 'connection reset by peer 10.0.0.7' },
    ];
    const out = summarize({ logs, more: false }, input);
    expect(out.status).toBe('ok');
    expect(out.scanned).toBe(43);
    expect(out.levelCounts).toEqual({ error: 41, warn: 2 });
    expect(out.signatures.map((s) => [s.level, s.count])).toEqual([
      ['error', 40],
      ['warn', 2],
      ['error', 1],
    ]);
    const top = out.signatures[0]!;
    expect(top.signature).toContain('KeyError');
    expect(top.firstSeen).toBe('2026-11-20T13:20:00Z');
    expect(top.lastSeen).toBe('2026-11-20T13:29:39Z');
    expect(out.onsetAt).toBe('2026-11-20T13:20:00Z');
    expect(out.truncated).toBe(false);
  });

  it('caps signatures at the limit and says so', () => {
    const logs: RawLog[] = Array.from({ length: 15 }, (_, i) => ({ timestampMs: at('13:10:00'), level: 'error', message: `failure kind ${'abcdefghijklmnopq'[i]}` }));
    const out = summarize({ logs, more: false }, { ...input, limit: 5 });
    expect(out.signatures).toHaveLength(5);
    expect(out.truncated).toBe(true);
    expect(out.hints.join(' ')).toContain('5 of 15');
  });

  it('marks a scan that hit its page budget as truncated', () => {
    const out = summarize({ logs: keyErrors(3), more: true }, input);
    expect(out.truncated).toBe(true);
    expect(out.hints.join(' ')).toContain('lower bounds');
  });

  it('redacts samples', () => {
    const logs: RawLog[] = [{ timestampMs: at('13:10:00'), level: 'error', message: 'login failed for jane@example.com password=hunter2' }];
    const [signature] = summarize({ logs, more: false }, input).signatures;
    expect(signature!.sample).not.toContain('hunter2');
    expect(signature!.sample).not.toContain('jane@example.com');
  });

  it('is no_data with hints when nothing matched', () => {
    const out = summarize({ logs: [], more: false }, input);
    expect(out.status).toBe('no_data');
    expect(out.onsetAt).toBeNull();
    expect(out.hints[0]).toContain('service:inventory-service status:(error OR warn)');
  });

  it('is error with the vendor message when the search failed', () => {
    const out = summarize({ logs: [], more: false, error: { message: 'Datadog is rate limiting requests (HTTP 429).', retryable: true } }, input);
    expect(out.status).toBe('error');
    expect(out.error?.retryable).toBe(true);
  });
});

describe('query and input', () => {
  it('builds the Datadog query from levels and text', () => {
    expect(buildLogQuery(input)).toBe('service:inventory-service status:(error OR warn)');
    expect(buildLogQuery({ ...input, levels: ['error'], text: 'KeyError' })).toBe('service:inventory-service status:error KeyError');
    expect(buildLogQuery({ ...input, levels: ['error'], text: 'connection "reset"' })).toBe('service:inventory-service status:error "connection \\"reset\\""');
  });

  it('rejects a limit above the maximum, naming it', () => {
    const result = SearchServiceLogsInputSchema.safeParse({ ...input, limit: 500 });
    expect(result.error!.issues[0]).toMatchObject({ path: ['limit'], message: 'limit must be at most 50' });
  });

  it('rejects unknown arguments, naming the valid ones', () => {
    const result = SearchServiceLogsInputSchema.safeParse({ ...input, query: 'status:error' });
    expect(result.error!.issues[0]!.message).toContain('valid arguments are: service, window, levels, text, limit');
  });

  it('describes a call in one line', () => {
    expect(describeCall({ ...input, text: 'KeyError' })).toBe('Datadog error/warn logs for inventory-service matching "KeyError", 2026-11-20 13:00-13:35Z');
  });
});
