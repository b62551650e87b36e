// How long building a world takes: a 40-component scenario (the generated `platform` topology) and the
// 49-component `fintech` one, cold and warm, plus the first minute of logs and spans across every
// service (the lazy part a fake computes on its first request). Prints figures; asserts nothing.
// Run: node simulator/bench/world-build.bench.ts
import { createWorld } from '../world/create-world.ts';
import { loadLibraryScenario } from '../world/library.ts';

const RUNS = 30;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

for (const id of ['code-exception-platform', 'cert-expired-fintech', 'inventory-bad-deploy']) {
  const entry = loadLibraryScenario(id);
  const t0 = performance.now();
  createWorld({ ...entry, seed: 1 });
  const cold = performance.now() - t0;
  const builds: number[] = [];
  const minutes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const world = createWorld({ ...entry, seed: 1 + run, variant: run % 4 });
    builds.push(performance.now() - start);
    const queryStart = performance.now();
    for (const service of world.topology.services) {
      world.logs.minute(service.name, world.clock.alertAt - 60_000);
      world.spans.minute(service.name, world.clock.alertAt - 60_000);
    }
    minutes.push(performance.now() - queryStart);
  }
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  process.stdout.write(
    `${id} (${entry.topology.services.length} components): build cold ${f(cold)}, warm p50 ${f(percentile(builds, 50))} p95 ${f(percentile(builds, 95))}; ` +
      `first minute of logs+spans for every service p50 ${f(percentile(minutes, 50))} p95 ${f(percentile(minutes, 95))}\n`,
  );
}
