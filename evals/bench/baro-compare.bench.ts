// Side by side on the same scenarios: Ariadne's deterministic planner and BARO (Pham et al., FSE
// 2024; the implementation published in the PyPI package rcaeval), a classical metric-based RCA
// method. BARO is fed the same telemetry the world serves: every canonical metric, per service
// (pods averaged), per minute, over the agent's window. It is also given the true fault start as
// its inject time, which is generous: the agent has to find the onset itself. Prints a table; run
// `bash scripts/install-baro.sh` first (make bench does).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acAtK } from '../graders/metrics.ts';
import { runEval } from '../runner/run-eval.ts';
import { libraryScenarioIds } from '../../simulator/index.ts';
import { createWorld } from '../../simulator/world/create-world.ts';
import { loadLibraryScenario } from '../../simulator/world/library.ts';
import { CANONICAL_METRICS } from '../../simulator/world/telemetry.ts';

const PYTHON = '.tools/baro/bin/python';
const MINUTE = 60_000;
const LOOKBACK = 60 * MINUTE;
const LOOKAHEAD = 5 * MINUTE;

const solvable = libraryScenarioIds().filter((id) => loadLibraryScenario(id).scenario.groundTruth);
const dir = mkdtempSync(join(tmpdir(), 'baro-'));
const truth = new Map<string, string>();
const manifest: { id: string; csv: string; injectTime: number }[] = [];
const exportStarted = performance.now();
for (const id of solvable) {
  const entry = loadLibraryScenario(id);
  const world = createWorld({ ...entry, seed: 1 });
  truth.set(id, entry.scenario.groundTruth!.rootCauseService);
  const start = Math.min(...entry.scenario.faults.map((f) => Date.parse(f.start)));
  // BARO needs normal data before the inject time: at least 20 minutes of it, even for slow faults.
  const from = Math.floor(Math.min(world.clock.alertAt - LOOKBACK, start - 20 * MINUTE) / MINUTE) * MINUTE;
  const to = Math.min(world.clock.now, world.clock.alertAt + LOOKAHEAD);
  const columns = new Map<string, (number | undefined)[]>();
  const minutes: number[] = [];
  for (let t = from; t < to; t += MINUTE) minutes.push(t);
  const bySource = world.telemetry.sources();
  for (const metric of CANONICAL_METRICS) {
    const services = new Set(bySource.map((s) => s.service));
    for (const service of services) {
      const sources = bySource.filter((s) => s.service === service);
      const series = minutes.map((t) => {
        const values = sources.map((s) => world.telemetry.value(s, metric, t)).filter((v): v is number => v !== undefined);
        return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
      });
      if (series.some((v) => v !== undefined)) columns.set(`${service}__${metric}`, series);
    }
  }
  const names = [...columns.keys()];
  const rows = minutes.map((t, i) => [String(t / 1000), ...names.map((n) => String(columns.get(n)![i] ?? ''))].join(','));
  const csv = join(dir, `${id}.csv`);
  writeFileSync(csv, `time,${names.join(',')}\n${rows.join('\n')}\n`);
  manifest.push({ id, csv, injectTime: start / 1000 });
}
const exportMs = performance.now() - exportStarted;

const baro = spawnSync(PYTHON, ['evals/bench/baro/run_baro.py'], { input: JSON.stringify(manifest), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
rmSync(dir, { recursive: true, force: true });
if (baro.status !== 0) {
  console.error(`BARO failed (did you run scripts/install-baro.sh?): ${baro.stderr || baro.error?.message}`);
  process.exit(1);
}
const baroRuns = baro.stdout
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as { id: string; services: string[]; ms: number });

const ours = await runEval({ scenarios: solvable, runs: 1, variants: [0], seed: 1, parallel: 1 });

const rate = (hits: number) => `${((hits / solvable.length) * 100).toFixed(0)}%`;
const baroAt = (k: number) => baroRuns.filter((r) => r.services.slice(0, k).includes(truth.get(r.id)!)).length;
const oursAt = (k: number) => ours.reduce((sum, r) => sum + acAtK(r, k), 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${solvable.length} solvable scenarios, seed 1, one run each`);
console.log('method                     AC@1   AC@3   median ms per scenario');
console.log(`Ariadne deterministic      ${rate(oursAt(1)).padEnd(6)} ${rate(oursAt(3)).padEnd(6)} ${median(ours.map((r) => r.durationMs)).toFixed(0)} (whole investigation through the vendor APIs)`);
console.log(`BARO (rcaeval 1.8.1)       ${rate(baroAt(1)).padEnd(6)} ${rate(baroAt(3)).padEnd(6)} ${median(baroRuns.map((r) => r.ms)).toFixed(0)} (ranking only, data handed over; export took ${(exportMs / solvable.length).toFixed(0)} ms per scenario)`);
