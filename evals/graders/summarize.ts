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
  /** Share of variant renderings whose top-1 service matches the canonical rendering's. */
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
    const variants = scenarioRuns.filter((r) => r.variant !== 0);
    const consistent = variants.filter((r) => r.run === 0 && (r.ranked[0]?.service ?? null) === canonicalTop);
    const variantFirsts = variants.filter((r) => r.run === 0);
    return {
      scenarioId,
      solvable: Boolean(scenarioRuns[0]?.groundTruth),
      passHatK: k > 0 ? passHatK(canonical.filter(passed).length, k, k) : Number.NaN,
      k,
      variantConsistency: variantFirsts.length ? consistent.length / variantFirsts.length : null,
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
