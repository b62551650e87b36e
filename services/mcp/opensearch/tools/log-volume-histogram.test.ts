import { describe, expect, it } from 'vitest';
import { intervalFor, LogVolumeHistogramInputSchema, summarize, type HistogramRaw } from './log-volume-histogram.ts';

const input = LogVolumeHistogramInputSchema.parse({ service: 'inventory-service', window: { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' } });
const START = Date.parse('2026-11-20T13:00:00Z');

function buckets(errorsAt: (minute: number) => number, n = 35): HistogramRaw['buckets'] {
  return Array.from({ length: n }, (_, i) => {
    const error = errorsAt(i);
    return { at: START + i * 60_000, total: 50 + error, levels: { info: 50, ...(error > 0 ? { error } : {}) } };
  });
}

describe('intervalFor', () => {
  it('keeps a window within 60 buckets', () => {
    expect(intervalFor(input.window).label).toBe('1m');
    expect(intervalFor({ from: '2026-11-20T09:00:00Z', to: '2026-11-20T13:00:00Z' }).label).toBe('5m');
    expect(intervalFor({ from: '2026-11-19T13:00:00Z', to: '2026-11-20T13:00:00Z' }).label).toBe('30m');
  });
});

describe('summarize', () => {
  it('finds the minute errors stepped up', () => {
    const out = summarize({ buckets: buckets((m) => (m >= 20 ? 25 + (m % 3) : m % 9 === 0 ? 1 : 0)) }, input, 'logs-*');
    expect(out.status).toBe('ok');
    expect(out.errorOnset).toMatchObject({ at: '2026-11-20T13:20:00Z' });
    expect(out.errorOnset!.after).toBeGreaterThan(20);
    expect(out.firstErrorAt).toBe('2026-11-20T13:00:00Z');
    expect(out.totals['error']).toBeGreaterThan(300);
    expect(out.buckets).toHaveLength(35);
    expect(out.hints[0]).toContain('Errors stepped up at 2026-11-20T13:20:00Z');
  });

  it('reports no onset for a steady trickle of errors', () => {
    const out = summarize({ buckets: buckets((m) => (m % 4 === 0 ? 1 : 0)) }, input, 'logs-*');
    expect(out.errorOnset).toBeNull();
    expect(out.hints[0]).toContain('did not step up');
  });

  it('is no_data when the service logged nothing', () => {
    const out = summarize({ buckets: [] }, input, 'logs-*');
    expect(out.status).toBe('no_data');
    expect(out.errorOnset).toBeNull();
  });
});
