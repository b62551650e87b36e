// `ariadne eval gate`: the CI gate. Runs the critical set and fails when AC@1 drops below the
// committed baseline or a scenario that passed there fails now. `--update` records a new baseline
// (deterministic content, no timestamps, so it only changes when results do).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { acAtK } from '../graders/metrics.ts';
import { passingScenarios } from '../compare/compare-runs.ts';
import { runEval } from '../runner/run-eval.ts';
import { selectScenarios } from '../runner/select-scenarios.ts';
import { createProgress } from './progress.ts';

export const DEFAULT_BASELINE = 'evals/baseline.json';

const BaselineSchema = z.object({
  tag: z.string(),
  seed: z.number().int(),
  ac1: z.number().min(0).max(1),
  scenarios: z.record(z.string(), z.object({ pass: z.boolean(), top1: z.string() })),
});
type Baseline = z.infer<typeof BaselineSchema>;

/** `temporal`: run the set through the investigateAlert workflow on a Temporal dev server (make test does). */
export async function gate(options: { baseline: string; tag: string; update?: boolean; parallel: number; temporal?: boolean }): Promise<boolean> {
  const scenarios = selectScenarios({ tags: [options.tag] });
  if (scenarios.length === 0) throw new Error(`--tag: no scenario is tagged ${options.tag}`);
  const seed = 1;
  const progress = createProgress();
  const runs = await runEval({ scenarios: scenarios.map((s) => s.id), runs: 1, variants: [0], seed, parallel: options.parallel, temporal: options.temporal }, progress);
  progress.finish();
  const solvable = runs.filter((r) => r.groundTruth);
  const ac1 = solvable.length ? solvable.reduce((sum, r) => sum + acAtK(r, 1), 0) / solvable.length : 0;
  const current: Baseline = { tag: options.tag, seed, ac1: Math.round(ac1 * 1000) / 1000, scenarios: Object.fromEntries([...passingScenarios(runs)].sort(([a], [b]) => a.localeCompare(b))) };

  if (options.update) {
    writeFileSync(options.baseline, `${JSON.stringify(current, null, 2)}\n`);
    process.stdout.write(`gate: baseline written to ${options.baseline} (AC@1 ${current.ac1} over ${solvable.length} solvable of ${runs.length} critical scenarios)\n`);
    return true;
  }
  if (!existsSync(options.baseline)) throw new Error(`--baseline: ${options.baseline} does not exist; create it with 'ariadne eval gate --update'`);
  const parsed = BaselineSchema.safeParse(JSON.parse(readFileSync(options.baseline, 'utf8')));
  if (!parsed.success) throw new Error(`${options.baseline}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const baseline = parsed.data;

  const broken = Object.entries(current.scenarios).filter(([id, now]) => baseline.scenarios[id]?.pass && !now.pass);
  const unknown = Object.keys(current.scenarios).filter((id) => !(id in baseline.scenarios));
  const dropped = current.ac1 < baseline.ac1;
  process.stdout.write(`gate: AC@1 ${current.ac1} (baseline ${baseline.ac1}) over ${solvable.length} solvable critical scenarios${options.temporal ? ', run through Temporal' : ', run in-process'}\n`);
  for (const [id, now] of broken) process.stdout.write(`gate: ${id} flipped to wrong: top-1 was ${baseline.scenarios[id]!.top1}, now ${now.top1}\n`);
  if (unknown.length) process.stdout.write(`gate: not in the baseline yet (not gating): ${unknown.join(', ')}\n`);
  const ok = !dropped && broken.length === 0;
  process.stdout.write(ok ? 'gate: passed\n' : `gate: FAILED${dropped ? ' (AC@1 dropped)' : ''}${broken.length ? ` (${broken.length} critical scenario(s) flipped to wrong)` : ''}\n`);
  return ok;
}
