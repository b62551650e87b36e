import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parse-timestamp.ts';

const AT = Date.parse('2026-11-20T13:30:00Z');

describe('parseTimestamp', () => {
  it('reads ISO 8601 with a zone, and epoch seconds, milliseconds, microseconds and nanoseconds', () => {
    expect(parseTimestamp('2026-11-20T13:30:00Z')).toBe(AT);
    expect(parseTimestamp('2026-11-20T15:30:00.000+02:00')).toBe(AT);
    expect(parseTimestamp(AT / 1000)).toBe(AT);
    expect(parseTimestamp(String(AT / 1000))).toBe(AT);
    expect(parseTimestamp(AT)).toBe(AT);
    expect(parseTimestamp(AT * 1000)).toBe(AT);
    expect(parseTimestamp(`${AT}000000`)).toBe(AT);
    expect(parseTimestamp(`${AT}120000`)).toBe(AT + 0.12);
    expect(parseTimestamp(`${AT}278`)).toBe(AT + 0.278);
  });

  it('rejects text without a zone, garbage and non-finite numbers', () => {
    expect(parseTimestamp('2026-11-20T13:30:00')).toBeUndefined();
    expect(parseTimestamp('yesterday')).toBeUndefined();
    expect(parseTimestamp('2026-13-45T99:00:00Z')).toBeUndefined();
    expect(parseTimestamp(Number.NaN)).toBeUndefined();
    expect(parseTimestamp(null)).toBeUndefined();
  });
});
