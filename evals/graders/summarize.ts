// Turns runs into the tables people read: overall and per scenario class, every rate with its
// Wilson interval, plus pass^k and consistency across terminology variants per scenario.
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { evidenceHits } from './evidence-recall.ts';
import { abstainedCorrectly, acAtK, avgAtK, faultTypeCorrect, passed, passHatK, wilson, type Rate } from './metrics.ts';

export interface ClassSummary {
  key: string;
  runs: number;
  solvableRuns: number;
  ac1: Rate;
  ac3: Rate;
  avg5: number;
  faultType: Rate;
  abstention: Rate;
  /** Expected evidence kinds cited by the finding on the true root cause, pooled over runs. */
  evidenceRecall: Rate;
  medianMs: number;
  meanToolCalls: number;
  meanTokens: number;
}

export interface ScenarioSummary {
  scenarioId: string;
  solvable: boolean;
  passHatK: number;
  k: number;
  /** Share of variant runs whose top-1 service matches the canonical rendering's with the same seed. */
  variantConsistency: number | null;
  top1: string | null;
}

export function summarizeClass(key: string, runs: ScenarioRun[]): ClassSummary {
  const solvable = runs.filter((r) => r.groundTruth);
  const count = (f: (r: ScenarioRun) => number, of: ScenarioRun[]) => of.reduce((s, r) => s + f(r), 0);
  const durations = runs.map((r) => r.durationMs).sort((a, b) => a - b);
  const evidence = solvable.map(evidenceHits).filter((e) => e !== undefined);
  return {
    key,
    runs: runs.length,
    solvableRuns: solvable.length,
    ac1: wilson(count((r) => acAtK(r, 1), solvable), solvable.length),
    ac3: wilson(count((r) => acAtK(r, 3), solvable), solvable.length),
    avg5: solvable.length ? count((r) => avgAtK(r, 5), solvable) / solvable.length : Number.NaN,
    faultType: wilson(count(faultTypeCorrect, solvable), solvable.length),
    abstention: wilson(count(abstainedCorrectly, runs), runs.length),
    evidenceRecall: wilson(
      evidence.reduce((s, e) => s + e.hits, 0),
      evidence.reduce((s, e) => s + e.expected, 0),
    ),
    medianMs: durations[Math.floor(durations.length / 2)] ?? Number.NaN,
    meanToolCalls: runs.length ? count((r) => r.toolCalls, runs) / runs.length : Number.NaN,
    meanTokens: runs.length ? count((r) => r.tokens, runs) / runs.length : Number.NaN,
  };
}

export function summarizeScenarios(runs: ScenarioRun[]): ScenarioSummary[] {
  const byScenario = groupBy(runs, (r) => r.scenarioId);
  return [...byScenario].map(([scenarioId, scenarioRuns]) => {
    const canonical = scenarioRuns.filter((r) => r.variant === 0);
    const k = canonical.length;
    const canonicalTop = canonical[0]?.ranked[0]?.service ?? null;
    // Each variant run against the canonical run with the same seed: only the wording differs.
    const topBySeed = new Map(canonical.map((r) => [r.seed, r.ranked[0]?.service ?? null]));
    const variantRuns = scenarioRuns.filter((r) => r.variant !== 0 && topBySeed.has(r.seed));
    const consistent = variantRuns.filter((r) => (r.ranked[0]?.service ?? null) === topBySeed.get(r.seed));
    return {
      scenarioId,
      solvable: Boolean(scenarioRuns[0]?.groundTruth),
      passHatK: k > 0 ? passHatK(canonical.filter(passed).length, k, k) : Number.NaN,
      k,
      variantConsistency: variantRuns.length ? consistent.length / variantRuns.length : null,
      top1: canonicalTop,
    };
  });
}

export function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}
