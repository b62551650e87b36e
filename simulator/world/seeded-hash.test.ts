import { describe, expect, it } from 'vitest';
import { hash32, hexString, intBetween, kubeSuffix, unitInterval, uuidFrom } from './seeded-hash.ts';

describe('seeded hash', () => {
  it('gives the same value for the same parts and different values for different parts', () => {
    expect(hash32(1, 'inventory-service', 'rps', 42)).toBe(hash32(1, 'inventory-service', 'rps', 42));
    expect(hash32(1, 'inventory-service', 'rps', 42)).not.toBe(hash32(2, 'inventory-service', 'rps', 42));
    // Joining must not make ('ab','c') and ('a','bc') collide.
    expect(hash32('ab', 'c')).not.toBe(hash32('a', 'bc'));
  });

  it('spreads unit values evenly enough for noise', () => {
    const buckets = new Array(10).fill(0);
    for (let i = 0; i < 10_000; i++) buckets[Math.floor(unitInterval('noise', i) * 10)]++;
    for (const count of buckets) expect(count).toBeGreaterThan(850);
    for (const count of buckets) expect(count).toBeLessThan(1150);
  });

  it('keeps integers within bounds', () => {
    for (let i = 0; i < 500; i++) {
      const value = intBetween(3, 6, 'n', i);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(6);
    }
  });

  it('builds Kubernetes-style suffixes, hex strings and uuids of the right shape', () => {
    expect(kubeSuffix(5, 'pod', 1)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(hexString(32, 'trace', 1)).toMatch(/^[0-9a-f]{32}$/);
    expect(uuidFrom('webhook')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
