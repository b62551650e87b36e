import { describe, expect, it } from 'vitest';
import { groupLogSignatures, headlineOf, MAX_SAMPLE_LENGTH, normalizeLevel, sampleOf, signatureOf } from './log-signature.ts';

describe('signatureOf', () => {
  it('groups messages that differ only in ids, numbers, quoted values and durations', () => {
    const a = signatureOf('order 8123 failed for user 550e8400-e29b-41d4-a716-446655440000 after 250ms: upstream "payments" returned 503');
    const b = signatureOf('order 77 failed for user 123e4567-e89b-12d3-a456-426614174000 after 1.5s: upstream "cart" returned 502');
    expect(a).toBe(b);
    expect(a).toBe('order <num> failed for user <uuid> after <duration>: upstream "<*>" returned <num>');
  });

  it('masks hex ids, IPs and pod names', () => {
    expect(signatureOf('span 4bf92f3577b34da6 from 10.2.3.4:8080 on inventory-service-7f9c6d8b5-x2k4q')).toBe(
      'span <hex> from <ip> on inventory-service-<pod>',
    );
  });

  it('keeps apostrophes in prose but masks single-quoted values', () => {
    expect(signatureOf("can't reserve stock: KeyError: 'warehouse_id'")).toBe("can't reserve stock: KeyError: '<*>'");
  });

  it('keeps only the first line of a multi-line message', () => {
    expect(signatureOf('java.lang.NullPointerException: null\n\tat com.shop.Cart.total(Cart.java:42)')).toBe('java.lang.NullPointerException: null');
  });

  it('names a Python traceback by its exception line', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/app/inventory/api.py", line 88, in reserve',
      '    warehouse = item["warehouse_id"]',
      "KeyError: 'warehouse_id'",
    ].join('\n');
    expect(signatureOf(traceback)).toBe("KeyError: '<*>'");
    expect(headlineOf(`Unhandled exception in POST /reserve\n${traceback}`)).toBe("Unhandled exception in POST /reserve | KeyError: 'warehouse_id'");
  });
});

describe('sampleOf', () => {
  it('keeps short messages whole and caps long ones', () => {
    expect(sampleOf('short one')).toBe('short one');
    const long = `first line ${'x'.repeat(400)}\nsecond line`;
    expect(sampleOf(long).length).toBeLessThanOrEqual(MAX_SAMPLE_LENGTH);
  });
});

describe('signatureOf on runtime log styles', () => {
  it('masks ids glued to prefixes with "_" or "-"', () => {
    expect(signatureOf('GET /api/v1/carts/c_3f9a12bc77d0 failed for ORD-3F9A12BC')).toBe('GET /api/v1/carts/c_<hex> failed for ORD-<hex>');
  });

  it('groups Flask tracebacks by their first line and exception', () => {
    const flask = (ts: string, sku: number): string =>
      [
        `[${ts}] ERROR in app: Exception on /v1/stock/SKU-${sku} [GET]`,
        'Traceback (most recent call last):',
        '  File "/app/inventory/allocation.py", line 120, in allocate',
        '    warehouse = self._pick_warehouse(item["warehouse_id"], region)',
        "KeyError: 'warehouse_id'",
      ].join('\n');
    const a = signatureOf(flask('2026-11-20 13:21:05,123', 12345));
    expect(a).toBe(signatureOf(flask('2026-11-20 13:29:59,001', 99881)));
    expect(a).toBe("[<ts>] ERROR in app: Exception on /v1/stock/SKU-<num> [GET] | KeyError: '<*>'");
  });
});

describe('signatureOf on structured text', () => {
  it('masks timestamps and values in logfmt but keeps the quoted message', () => {
    const line = (t: string, key: string, ms: number): string =>
      `time=${t} level=WARN msg="slow cache operation" op=GET key=sess:${key} duration=${ms}ms threshold=150ms trace_id=4bf92f3577b34da6a3ce929d0e0e4736`;
    const a = signatureOf(line('2026-11-20T13:21:05.674Z', '9f8e7d6c5b4a', 212));
    expect(a).toBe(signatureOf(line('2026-11-20T12:40:11.002Z', '1a2b3c4d5e6f', 377)));
    expect(a).toBe('time=<ts> level=WARN msg="slow cache operation" op=GET key=sess:<hex> duration=<duration> threshold=<duration> trace_id=<hex>');
  });

  it('masks a gunicorn timestamp with its zone', () => {
    expect(signatureOf('[2026-11-20 13:34:57 +0000] [1] [ERROR] Error handling request /v1/reservations')).toBe('[<ts>] [<num>] [ERROR] Error handling request /v1/reservations');
  });
});

describe('groupLogSignatures', () => {
  it('groups by level and signature, most frequent first, with first/last seen and the latest sample', () => {
    const { groups, levelCounts } = groupLogSignatures([
      { timestampMs: 3, level: 'ERROR', message: 'order 3 failed' },
      { timestampMs: 1, level: 'error', message: 'order 1 failed' },
      { timestampMs: 2, level: 'WARNING', message: 'slow query took 900ms' },
      { timestampMs: 5, level: 'fatal', message: 'order 5 failed' },
    ]);
    expect(levelCounts).toEqual({ error: 3, warn: 1 });
    expect(groups[0]).toMatchObject({ signature: 'order <num> failed', level: 'error', count: 3, first: 1, last: 5, sample: 'order 5 failed' });
    expect(groups[1]).toMatchObject({ level: 'warn', count: 1 });
  });

  it('does not depend on the order the vendor returned events in', () => {
    const logs = Array.from({ length: 20 }, (_, i) => ({ timestampMs: i % 7, level: i % 3 === 0 ? 'warn' : 'error', message: `job ${i % 4 === 0 ? 'a' : 'b'} failed ${i}` }));
    expect(groupLogSignatures([...logs].reverse())).toEqual(groupLogSignatures(logs));
  });

  it('normalizes level spellings', () => {
    expect(['WARNING', 'Err', 'CRITICAL', 'severe', 'info'].map(normalizeLevel)).toEqual(['warn', 'error', 'error', 'error', 'info']);
  });
});
