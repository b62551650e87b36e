import { describe, expect, it } from 'vitest';
import { describeWindow, isoSeconds, WindowSchema } from './window.ts';

function messages(value: unknown): string[] {
  const result = WindowSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('WindowSchema', () => {
  it('accepts an ordered window with zones, including fractional seconds', () => {
    expect(messages({ from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00.000Z' })).toEqual([]);
    expect(messages({ from: '2026-11-20T14:00:00+01:00', to: '2026-11-20T13:35:00Z' })).toEqual([]);
  });

  it('rejects to before from, naming window.to', () => {
    expect(messages({ from: '2026-11-20T13:35:00Z', to: '2026-11-20T13:00:00Z' })).toEqual([
      'to: window.to (2026-11-20T13:00:00Z) must be after window.from (2026-11-20T13:35:00Z)',
    ]);
  });

  it('rejects windows longer than 24 hours', () => {
    const [message] = messages({ from: '2026-11-18T13:00:00Z', to: '2026-11-20T13:00:00Z' });
    expect(message).toContain('at most 24 h');
  });

  it('rejects a timestamp that is not ISO 8601, naming the field', () => {
    expect(messages({ from: 'an hour ago', to: '2026-11-20T13:00:00Z' })).toEqual([
      'from: window.from must be an ISO 8601 timestamp with a zone, e.g. 2026-11-20T13:00:00Z',
    ]);
  });

  it('rejects unknown window fields, naming the valid ones', () => {
    const [message] = messages({ from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:30:00Z', start: 'x' });
    expect(message).toContain('"start"');
    expect(message).toContain('from, to');
  });
});

describe('window labels', () => {
  it('formats instants without milliseconds', () => {
    expect(isoSeconds(Date.parse('2026-11-20T13:20:00.999Z'))).toBe('2026-11-20T13:20:00Z');
  });

  it('describes a same-day window compactly', () => {
    expect(describeWindow({ from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' })).toBe('2026-11-20 13:00-13:35Z');
  });
});

describe('missing window', () => {
  it('says the window is required and what it looks like', () => {
    expect(messages(undefined)).toEqual([': window is required: an object {from, to} of ISO 8601 timestamps']);
  });
});
