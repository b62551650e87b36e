// Deterministic graders against ground truth. Definitions follow the RCA literature (AC@k, Avg@k)
// and tau-bench (pass^k); every rate is reported with a Wilson interval, never bare.
import type { ScenarioRun } from '../runner/run-scenario.ts';

export function acAtK(run: ScenarioRun, k: number): number {
  const truth = run.groundTruth?.rootCauseService;
  if (!truth) return 0;
  return run.ranked.slice(0, k).some((c) => c.service === truth) ? 1 : 0;
}

export function avgAtK(run: ScenarioRun, k = 5): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += acAtK(run, i);
  return sum / k;
}

export function faultTypeCorrect(run: ScenarioRun): number {
  const top = run.ranked[0];
  return top && run.groundTruth && top.service === run.groundTruth.rootCauseService && top.faultType === run.groundTruth.faultType ? 1 : 0;
}

/** Quiet on unsolvable scenarios, not quiet on solvable ones. */
export function abstainedCorrectly(run: ScenarioRun): number {
  const abstained = run.outcome !== 'found';
  return run.groundTruth ? (abstained ? 0 : 1) : abstained ? 1 : 0;
}

/** A run passes when it answers a solvable scenario right at rank 1, or abstains on an unsolvable one. */
export function passed(run: ScenarioRun): boolean {
  if (!run.groundTruth) return run.outcome !== 'found';
  return run.outcome === 'found' && acAtK(run, 1) === 1;
}

/** tau-bench pass^k: the chance that k runs drawn from n all pass, C(c, k) / C(n, k). */
export function passHatK(successes: number, runs: number, k: number): number {
  if (k > runs) throw new Error(`pass^${k} needs at least ${k} runs, got ${runs}`);
  return choose(successes, k) / choose(runs, k);
}

function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}

export interface Rate {
  rate: number;
  low: number;
  high: number;
  n: number;
}

/** Wilson score interval at 95%: honest at small n and near 0 or 1, where the normal one is not. */
export function wilson(successes: number, n: number, z = 1.96): Rate {
  if (n === 0) return { rate: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const margin = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { rate: p, low: Math.max(0, centre - margin), high: Math.min(1, centre + margin), n };
}
