import { describe, expect, it } from 'vitest';
import { encodeFindingButtonValue, parseFindingButtonValue } from './ids.ts';

describe('finding button values', () => {
  it('round-trip', () => {
    const value = { investigationId: 'investigate-Q1', rank: 2 };
    const parsed = parseFindingButtonValue(encodeFindingButtonValue(value));
    expect(parsed.success && parsed.data).toEqual(value);
  });

  it.each([undefined, '', 'not json', '{"investigationId":"x"}', '{"investigationId":"x","rank":0}', '[1,2]'])(
    'rejects %j without throwing',
    (raw) => {
      expect(parseFindingButtonValue(raw).success).toBe(false);
    },
  );
});
