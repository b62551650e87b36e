// Scenarios x variants x runs. Results come back in a fixed order (scenario, variant, run) whatever
// order they finished in, so the same seed and scenarios give the same results.json, timings aside.
// With parallel > 1 the jobs run on worker threads, so the machine's cores are used; a custom
// planner (a function, which cannot cross threads) runs them inline instead. With `temporal`, every
// investigation runs through the workflow on one Temporal dev server started for the whole eval
// (temporal-host.ts); up to `parallel` workflows are in flight, all in this process, no threads.
import { Worker } from 'node:worker_threads';
import { runScenario, type RunScenarioOptions, type ScenarioRun } from './run-scenario.ts';
import type { TemporalHost } from './temporal-host.ts';

export interface EvalPlan {
  scenarios: string[];
  runs: number;
  variants: number[];
  seed: number;
  parallel: number;
  planner?: RunScenarioOptions['planner'];
  /** Run every investigation through the investigateAlert workflow on a Temporal dev server. */
  temporal?: boolean;
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
  const inLanes = async (run: (job: RunScenarioOptions) => Promise<ScenarioRun>, stopped: () => boolean = () => false) => {
    let next = 0;
    const lane = async () => {
      for (let index = next++; index < jobs.length && !stopped(); index = next++) {
        const result = await run({ ...jobs[index]!, planner: plan.planner });
        // Runs cut short by Ctrl-C are not results.
        if (!stopped()) record(index, result);
      }
    };
    await Promise.all(Array.from({ length: workers }, lane));
  };
  if (plan.temporal) {
    await withTemporalHost((host, stopped) => inLanes((job) => host.run(job), stopped));
  } else if (workers === 1 || plan.planner) {
    await inLanes(runScenario);
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

/**
 * Starts the Temporal host for the duration of `body` and always stops it: after the body, when it
 * throws, and on Ctrl-C or SIGTERM (then the process exits once the worker and dev server are down).
 */
async function withTemporalHost(body: (host: TemporalHost, stopped: () => boolean) => Promise<void>): Promise<void> {
  // Loaded only here: it needs @temporalio/testing (a dev dependency) for the dev server.
  const starting = import('./temporal-host.ts').then(({ startTemporalHost }) => startTemporalHost());
  const stop = () => starting.then((host) => host.close(), () => undefined);
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? 130 : 143;
    if (interrupted) process.exit(code); // a second Ctrl-C: do not wait any longer
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping the Temporal worker and dev server\n`);
    setTimeout(() => process.exit(code), 15_000).unref();
    void stop().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await body(await starting, () => interrupted);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stop();
  }
}
