import { describe, expect, it } from 'vitest';
import { detectChangePoint, robustSigma } from './change-point.ts';

// Deterministic "noise": a fixed pseudo-random sequence, so tests never flake.
function noise(n: number, amplitude: number, seed = 7): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return ((x / 2147483648) * 2 - 1) * amplitude;
  });
}

describe('detectChangePoint', () => {
  it('finds the index where a noisy series steps up', () => {
    const values = noise(40, 0.1).map((e, i) => (i < 25 ? 0.5 : 12) + e);
    const cp = detectChangePoint(values);
    expect(cp?.index).toBe(25);
    expect(cp?.before).toBeCloseTo(0.5, 1);
    expect(cp?.after).toBeCloseTo(12, 1);
    expect(cp!.score).toBeGreaterThan(20);
  });

  it('finds a step down as well', () => {
    const values = noise(30, 1).map((e, i) => (i < 10 ? 100 : 40) + e);
    const cp = detectChangePoint(values);
    expect(cp?.index).toBe(10);
    expect(cp!.after).toBeLessThan(cp!.before);
  });

  it('gives pure noise a low score', () => {
    const cp = detectChangePoint(noise(60, 1).map((e) => 50 + e));
    expect(cp).not.toBeNull();
    expect(cp!.score).toBeLessThan(3);
  });

  it('keeps at least three points on each side', () => {
    const values = [0, 0, 0, 0, 0, 0, 0, 9];
    const cp = detectChangePoint(values);
    expect(cp!.index).toBeLessThanOrEqual(values.length - 3);
    expect(cp!.index).toBeGreaterThanOrEqual(3);
  });

  it('returns null when the series is too short to split', () => {
    expect(detectChangePoint([1, 2, 3, 4, 5])).toBeNull();
    expect(detectChangePoint([])).toBeNull();
  });

  it('does not divide by zero on a perfectly flat baseline', () => {
    const cp = detectChangePoint([0, 0, 0, 0, 0, 0, 3, 3, 3, 3], { minSigma: 0.1 });
    expect(cp?.index).toBe(6);
    expect(Number.isFinite(cp!.score)).toBe(true);
    expect(cp!.score).toBeCloseTo(30, 5);
  });
});

describe('robustSigma', () => {
  it('ignores a single outlier, unlike a standard deviation', () => {
    expect(robustSigma([10, 10.1, 9.9, 10, 500], 0)).toBeLessThan(1);
  });

  it('is floored at 5% of the level', () => {
    expect(robustSigma([100, 100, 100, 100], 0)).toBe(5);
  });
});
