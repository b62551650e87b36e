// Scenarios x variants x runs. Results come back in a fixed order (scenario, variant, run) whatever
// order they finished in, so the same seed and scenarios give the same results.json, timings aside.
// With parallel > 1 the jobs run on worker threads, so the machine's cores are used; a custom
// planner (a function, which cannot cross threads) runs them inline instead.
import { Worker } from 'node:worker_threads';
import { runScenario, type RunScenarioOptions, type ScenarioRun } from './run-scenario.ts';

export interface EvalPlan {
  scenarios: string[];
  runs: number;
  variants: number[];
  seed: number;
  parallel: number;
  planner?: RunScenarioOptions['planner'];
}

export interface EvalProgress {
  done: number;
  total: number;
  last: ScenarioRun;
}

export async function runEval(plan: EvalPlan, onProgress?: (progress: EvalProgress) => void): Promise<ScenarioRun[]> {
  const jobs: RunScenarioOptions[] = plan.scenarios.flatMap((scenarioId) =>
    plan.variants.flatMap((variant) => Array.from({ length: plan.runs }, (_, run) => ({ scenarioId, variant, run, seed: plan.seed + run }))),
  );
  const results: ScenarioRun[] = new Array(jobs.length);
  let done = 0;
  const record = (index: number, result: ScenarioRun) => {
    results[index] = result;
    done += 1;
    onProgress?.({ done, total: jobs.length, last: result });
  };
  const workers = Math.max(1, Math.min(plan.parallel, jobs.length));
  if (workers === 1 || plan.planner) {
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < jobs.length; index = next++) record(index, await runScenario({ ...jobs[index]!, planner: plan.planner }));
    };
    await Promise.all(Array.from({ length: workers }, lane));
  } else {
    await onThreads(jobs, workers, record);
  }
  return results;
}

async function onThreads(jobs: RunScenarioOptions[], count: number, record: (index: number, result: ScenarioRun) => void): Promise<void> {
  let next = 0;
  const threads = Array.from({ length: count }, () => new Worker(new URL('./eval-worker.ts', import.meta.url)));
  try {
    await Promise.all(
      threads.map(
        (thread) =>
          new Promise<void>((resolve, reject) => {
            const feed = () => {
              if (next >= jobs.length) return resolve();
              const index = next++;
              thread.postMessage({ index, job: jobs[index] });
            };
            thread.on('message', ({ index, result }: { index: number; result: ScenarioRun }) => {
              record(index, result);
              feed();
            });
            thread.on('error', reject);
            thread.on('exit', (code) => (next < jobs.length || code !== 0 ? reject(new Error(`an eval worker thread exited with code ${code}`)) : resolve()));
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((thread) => thread.terminate()));
  }
}
