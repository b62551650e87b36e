import { describe, expect, it } from 'vitest';
import type { GuidanceRule } from '../agent/guidance.ts';
import { mergeGuidance, rulesFor } from './guidance-catalog.ts';

const yaml: GuidanceRule[] = [
  { id: 'checkout-payments', alertClass: 'slo-burn-rate', service: 'checkout-api', text: 'check payments', alsoCheck: ['payments-service'] },
  { id: 'deploys-first', alertClass: '*', text: 'check the last deploy', alsoCheck: [] },
];
const by = { createdBy: 'U05QJ8R2M7K', createdAt: '2026-11-20T13:40:00.000Z' };

describe('mergeGuidance', () => {
  it('keeps both sources, marking where each rule comes from', () => {
    const merged = mergeGuidance(yaml, [{ id: 'slack-error-rate-abc123', alertClass: 'error-rate', text: 'look at 5xx by route', alsoCheck: [], ...by }]);
    expect(merged.map((m) => [m.rule.id, m.source])).toEqual([
      ['checkout-payments', 'yaml'],
      ['deploys-first', 'yaml'],
      ['slack-error-rate-abc123', 'slack'],
    ]);
    expect(merged[2]).toMatchObject({ createdBy: 'U05QJ8R2M7K', conflictsWith: [] });
    expect(merged.every((m) => m.conflictsWith.length === 0)).toBe(true);
  });

  it('marks two rules for the same alert class and service as conflicting, both ways', () => {
    const merged = mergeGuidance(yaml, [{ id: 'slack-slo-burn-rate-def456', alertClass: 'slo-burn-rate', service: 'checkout-api', text: 'ignore payments', alsoCheck: [], ...by }]);
    expect(merged.find((m) => m.rule.id === 'checkout-payments')?.conflictsWith).toEqual(['slack-slo-burn-rate-def456']);
    expect(merged.find((m) => m.rule.id === 'slack-slo-burn-rate-def456')?.conflictsWith).toEqual(['checkout-payments']);
    expect(merged.find((m) => m.rule.id === 'deploys-first')?.conflictsWith).toEqual([]);
  });

  it('does not call rules for the same class but different services a conflict', () => {
    const merged = mergeGuidance(yaml, [{ id: 'slack-x', alertClass: 'slo-burn-rate', service: 'cart-service', text: 't', alsoCheck: [], ...by }]);
    expect(merged.every((m) => m.conflictsWith.length === 0)).toBe(true);
  });

  it('filters to a class plus the global rules', () => {
    const merged = mergeGuidance(yaml, []);
    expect(rulesFor(merged, 'error-rate').map((m) => m.rule.id)).toEqual(['deploys-first']);
    expect(rulesFor(merged, 'slo-burn-rate').map((m) => m.rule.id)).toEqual(['checkout-payments', 'deploys-first']);
    expect(rulesFor(merged, undefined)).toHaveLength(2);
  });
});
