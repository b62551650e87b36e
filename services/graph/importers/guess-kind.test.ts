import { describe, expect, it } from 'vitest';
import { guessKind, guessKindFromImage } from './guess-kind.ts';

describe('guessKind', () => {
  it('recognises datastore products anywhere in the name and generic words only at the end', () => {
    expect(guessKind('orders-db')).toBe('database');
    expect(guessKind('postgres-orders')).toBe('database');
    expect(guessKind('redis-cart')).toBe('cache');
    expect(guessKind('session-cache')).toBe('cache');
    expect(guessKind('cache-warmer')).toBeUndefined();
    expect(guessKind('kafka')).toBe('queue');
    expect(guessKind('checkout')).toBeUndefined();
  });

  it('reads the repository name of an image, without registry, tag or digest', () => {
    expect(guessKindFromImage('docker.io/bitnami/postgresql:16.2.0')).toBe('database');
    expect(guessKindFromImage('registry.local:5000/redis@sha256:abc')).toBe('cache');
    expect(guessKindFromImage('ghcr.io/shop/checkout-service:1.4.2')).toBeUndefined();
  });
});
