import { describe, expect, it } from 'vitest';
import { deriveAlertClass, titleTemplate } from './alert-class.ts';

describe('deriveAlertClass', () => {
  it.each([
    ['High error rate on storefront-web', 'error-rate'],
    ['[P1] checkout-api p99 latency above 800ms', 'high-latency'],
    ['SLO burn rate 14.4x on checkout-api', 'slo-burn-rate'],
    ['Pods of cart-service restarting (CrashLoopBackOff)', 'pod-restarts'],
    ['orders-db CPU above 90%', 'saturation'],
    ['Something odd on cart-service', 'other'],
  ])('classifies "%s" as %s', (title, expected) => {
    expect(deriveAlertClass({ title, service: 'x' })).toBe(expected);
  });

  it('gives alerts that differ only in service and numbers the same template', () => {
    const a = titleTemplate({ title: 'checkout-api p99 latency above 800ms', service: 'checkout-api' });
    const b = titleTemplate({ title: 'cart-service p99 latency above 1200ms', service: 'cart-service' });
    expect(a).toBe(b);
    expect(a).not.toContain('checkout');
  });
});
