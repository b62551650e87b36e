// Scenarios x variants x runs, run in-process with bounded concurrency. Results come back in a
// fixed order (scenario, variant, run) whatever order they finished in, so the same seed and
// scenarios give the same results.json, timings aside.
import { runScenario, type ScenarioRun } from './run-scenario.ts';

export interface EvalPlan {
  scenarios: string[];
  runs: number;
  variants: number[];
  seed: number;
  parallel: number;
}

export interface EvalProgress {
  done: number;
  total: number;
  last: ScenarioRun;
}

export async function runEval(plan: EvalPlan, onProgress?: (progress: EvalProgress) => void): Promise<ScenarioRun[]> {
  const jobs = plan.scenarios.flatMap((scenarioId) =>
    plan.variants.flatMap((variant) => Array.from({ length: plan.runs }, (_, run) => ({ scenarioId, variant, run, seed: plan.seed + run }))),
  );
  const results: ScenarioRun[] = new Array(jobs.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let index = next++; index < jobs.length; index = next++) {
      results[index] = await runScenario(jobs[index]!);
      done += 1;
      onProgress?.({ done, total: jobs.length, last: results[index]! });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(plan.parallel, jobs.length)) }, worker));
  return results;
}
