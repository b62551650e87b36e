// Finds the one step in a metric series that best explains it (an incident is usually a level
// shift: a deploy, a dependency failing), and scores it robustly so that noisy series and flat
// ones (error rate 0 for an hour) are judged on the same scale.
import { mean } from './stats.ts';

export const MIN_SEGMENT = 3;

export interface ChangePoint {
  /** Index of the first point after the change. */
  index: number;
  before: number;
  after: number;
  /** |after - before| divided by the before-segment's robust sigma (MAD-based, floored). */
  score: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Robust sigma of a segment: 1.4826 * MAD (consistent with the standard deviation for normal
 * noise). Floored so a perfectly flat baseline does not make every wiggle infinitely significant:
 * at least 5% of the baseline level, and at least `minSigma`.
 */
export function robustSigma(values: readonly number[], minSigma: number): number {
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  return Math.max(1.4826 * mad, 0.05 * Math.abs(m), minSigma);
}

/**
 * Best single split by least squares (minimum total within-segment squared error), with at least
 * `minSegment` points on each side. Returns null when the series is too short to split.
 */
export function detectChangePoint(
  values: readonly number[],
  options: { minSegment?: number; minSigma?: number } = {},
): ChangePoint | null {
  const minSegment = Math.max(1, options.minSegment ?? MIN_SEGMENT);
  const minSigma = options.minSigma ?? 1e-6;
  const n = values.length;
  if (n < 2 * minSegment) return null;

  // Prefix sums make each candidate split O(1).
  const sum: number[] = [0];
  const sumSq: number[] = [0];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    sum.push((sum[i] as number) + v);
    sumSq.push((sumSq[i] as number) + v * v);
  }
  const sse = (start: number, end: number): number => {
    const count = end - start;
    const s = (sum[end] as number) - (sum[start] as number);
    const sq = (sumSq[end] as number) - (sumSq[start] as number);
    return sq - (s * s) / count;
  };

  let bestIndex = -1;
  let bestCost = Number.POSITIVE_INFINITY;
  for (let k = minSegment; k <= n - minSegment; k++) {
    const cost = sse(0, k) + sse(k, n);
    // Strictly smaller keeps the earliest split on ties: onset time matters more than its end.
    if (cost < bestCost - 1e-12) {
      bestCost = cost;
      bestIndex = k;
    }
  }
  const beforeValues = values.slice(0, bestIndex);
  const afterValues = values.slice(bestIndex);
  const before = mean(beforeValues);
  const after = mean(afterValues);
  const score = Math.abs(after - before) / robustSigma(beforeValues, minSigma);
  return { index: bestIndex, before, after, score };
}
