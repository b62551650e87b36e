// Scenario-runs per minute, in-process with the deterministic planner, at 1 and 2 investigations
// in flight, over the library three times (as `make eval` runs it): with 2, each worker thread
// spends ~3 s loading the product before its first run, which a single pass over 63 runs would
// mostly measure. Prints figures; asserts nothing (targets are judged by people, not by a flaky timer).
import { runEval } from '../runner/run-eval.ts';
import { libraryScenarioIds } from '../../simulator/index.ts';

const scenarios = libraryScenarioIds();
// One warm-up pass so the first measurement does not pay for module loading and JIT.
await runEval({ scenarios: scenarios.slice(0, 4), runs: 1, variants: [0], seed: 1, parallel: 1 });
for (const parallel of [1, 2]) {
  const started = performance.now();
  const runs = await runEval({ scenarios, runs: 3, variants: [0], seed: 1, parallel });
  const ms = performance.now() - started;
  const sorted = runs.map((r) => r.durationMs).sort((a, b) => a - b);
  console.log(
    `eval throughput, parallel ${parallel}: ${runs.length} scenario-runs in ${(ms / 1000).toFixed(1)} s = ${((runs.length / ms) * 60_000).toFixed(0)} per minute; ` +
      `median investigation ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, p90 ${sorted[Math.floor(sorted.length * 0.9)]!.toFixed(0)} ms`,
  );
}
