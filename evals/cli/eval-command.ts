// `ariadne eval`: run simulated incidents against the agent and write results.json and summary.md
// under evals/out/<run-id>/ (evals/out/latest points at the newest).
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { runEval } from '../runner/run-eval.ts';
import { selectScenarios, type ScenarioInfo } from '../runner/select-scenarios.ts';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import { bucketsByAlertClass } from '../graders/buckets.ts';
import { bucketTable, classTable, pct, scenarioTable } from '../graders/summary-markdown.ts';
import { groupBy, summarizeClass, summarizeScenarios } from '../graders/summarize.ts';
import { classHeatmap, taskHeatmap, weakestTasks } from '../report/build-heatmaps.ts';
import { heatmapHtml, pageHtml } from '../report/heatmap.ts';
import { heatmapPng } from '../report/heatmap-png.ts';
import type { OpenStore } from '../../services/store/cli.ts';
import { registerAddCommand } from './add-command.ts';
import { compareRuns } from './compare-command.ts';
import { DEFAULT_BASELINE, gate } from './gate-command.ts';
import { createProgress } from './progress.ts';
import { evalPlanner, parsePlanner, type PlannerCliOptions } from './planner-option.ts';

export const DEFAULT_OUT = 'evals/out';

interface EvalCliOptions extends PlannerCliOptions {
  scenario: string[];
  tag: string[];
  fault: string[];
  topology: string[];
  runs: number;
  variants: number;
  seed: number;
  parallel: number;
  out: string;
  temporal?: boolean;
  usdPerMtok: number;
}

/** What a million model tokens cost, for the cost column; the deterministic planner uses none. */
export const DEFAULT_USD_PER_MTOK = 3;

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return n;
};
const collect = (value: string, previous: string[]) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

export function registerEvalCommands(program: Command, openStore: OpenStore): void {
  const evalCommand = program.command('eval').description('Run simulated incidents against the agent, grade them, compare runs, gate on a baseline');
  evalCommand
    .command('run', { isDefault: true })
    .description('Run scenarios and write results.json, summary.md, report.html and heatmap PNGs')
    .option('--scenario <ids>', 'scenario ids (comma-separated, repeatable); default all', collect, [])
    .option('--tag <tags>', 'only scenarios with every one of these tags', collect, [])
    .option('--fault <types>', 'only scenarios with these ground-truth fault types', collect, [])
    .option('--topology <names>', 'only scenarios on these topologies', collect, [])
    .option('--runs <k>', 'runs per scenario (each with the next seed)', positiveInt('--runs'), 1)
    .option('--variants <n>', 'also render each scenario with terminology variants 1..n', positiveInt('--variants'), 0)
    .option('--seed <n>', 'base seed', positiveInt('--seed'), 1)
    .option('--parallel <n>', 'investigations in flight at once', positiveInt('--parallel'), 2)
    .option('--temporal', 'run every investigation end to end through the investigateAlert workflow on a Temporal dev server started for this eval (slower; the same results); --parallel then sets the workflows in flight, all in this process, no worker threads')
    .option('--out <dir>', 'output directory root', DEFAULT_OUT)
    .option('--usd-per-mtok <usd>', 'price of a million model tokens, for the cost figures', (value: string) => {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`--usd-per-mtok must be a non-negative number, got ${JSON.stringify(value)}`);
      return n;
    }, DEFAULT_USD_PER_MTOK)
    .option('--planner <name>', 'deterministic or claude (ANTHROPIC_API_KEY, ANTHROPIC_MODEL)', parsePlanner, 'deterministic')
    .option('--record-cassettes <dir>', 'with --planner claude: write each investigation\'s Messages API exchanges to DIR')
    .option('--replay-cassettes <dir>', 'with --planner claude: replay recorded exchanges from DIR, no API key needed')
    .action(async (options: EvalCliOptions) => {
      const scenarios = selectScenarios({ ids: options.scenario, tags: options.tag, faults: options.fault, topologies: options.topology });
      if (scenarios.length === 0) throw new InvalidArgumentError('no scenario matches the filters given');
      if (options.runs < 1) throw new InvalidArgumentError('--runs must be at least 1');
      const dir = await evaluate(scenarios, options);
      process.stdout.write(`results in ${dir}\n`);
    });
  evalCommand
    .command('compare <a> <b>')
    .description('Compare two runs (run directories or results.json files): flipped scenarios, a diff heatmap, traces side by side')
    .option('--out <dir>', 'where to write compare.html and the diff heatmap PNG (default: beside B)')
    .action(async (a: string, b: string, options: { out?: string }) => {
      const dir = compareRuns(a, b, options.out);
      process.stdout.write(`comparison in ${dir}\n`);
    });
  evalCommand
    .command('gate')
    .description('Run the critical set and fail when AC@1 drops below the committed baseline or a critical scenario flips to wrong')
    .option('--baseline <file>', 'baseline file', DEFAULT_BASELINE)
    .option('--tag <tag>', 'which scenarios form the critical set', 'critical')
    .option('--update', 'write the current results as the new baseline instead of checking')
    .option('--parallel <n>', 'investigations in flight at once', positiveInt('--parallel'), 2)
    .option('--temporal', 'run the critical set through the investigateAlert workflow on a Temporal dev server (what make test does)')
    .action(async (options: { baseline: string; tag: string; update?: boolean; parallel: number; temporal?: boolean }) => {
      const ok = await gate(options);
      if (!ok) process.exitCode = 1;
    });
  registerAddCommand(evalCommand, openStore);
}

export async function evaluate(scenarios: ScenarioInfo[], options: EvalCliOptions): Promise<string> {
  const variants = [0, ...Array.from({ length: options.variants }, (_, i) => i + 1)];
  const progress = createProgress();
  const started = performance.now();
  const claude = await evalPlanner(options);
  const runs = await runEval({ scenarios: scenarios.map((s) => s.id), runs: options.runs, variants, seed: options.seed, parallel: Math.max(1, options.parallel), temporal: options.temporal, planner: claude?.planner }, progress).finally(() => claude?.close());
  const wallMs = performance.now() - started;
  progress.finish();

  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const root = resolve(options.out);
  const dir = join(root, runId);
  mkdirSync(dir, { recursive: true });
  const info = new Map(scenarios.map((s) => [s.id, s]));
  writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ plan: { ...options, variants, scenarios: scenarios.map((s) => s.id) }, runs }, null, 2)}\n`);
  const summary = renderSummary(runs, info, wallMs, options.usdPerMtok);
  writeFileSync(join(dir, 'summary.md'), summary);
  const heatmaps = [taskHeatmap(runs), classHeatmap(runs, info, 'faultType'), classHeatmap(runs, info, 'topology')];
  for (const [name, heatmap] of [['heatmap-tasks', heatmaps[0]!], ['heatmap-fault-types', heatmaps[1]!], ['heatmap-topologies', heatmaps[2]!]] as const) {
    writeFileSync(join(dir, `${name}.png`), heatmapPng(heatmap));
  }
  writeFileSync(join(dir, 'report.html'), pageHtml(`Ariadne eval ${runId}`, [...heatmaps.map(heatmapHtml), `<section><h2>Summary</h2><pre>${summary.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</pre></section>`]));
  rmSync(join(root, 'latest'), { force: true });
  symlinkSync(runId, join(root, 'latest'));
  process.stdout.write(`\n${summary}\n`);
  return dir;
}

export function renderSummary(runs: ScenarioRun[], info: Map<string, ScenarioInfo>, wallMs: number, usdPerMtok = DEFAULT_USD_PER_MTOK): string {
  const canonical = runs.filter((r) => r.variant === 0);
  const overall = summarizeClass('all', canonical);
  const byFault = [...groupBy(canonical, (r) => info.get(r.scenarioId)?.faultType ?? '?')].map(([k, v]) => summarizeClass(k, v));
  const byTopology = [...groupBy(canonical, (r) => info.get(r.scenarioId)?.topology ?? '?')].map(([k, v]) => summarizeClass(k, v));
  const scenarios = summarizeScenarios(runs);
  const withVariants = scenarios.filter((s) => s.variantConsistency !== null && s.solvable);
  const consistency = withVariants.length ? withVariants.reduce((sum, s) => sum + (s.variantConsistency ?? 0), 0) / withVariants.length : null;
  const solvable = scenarios.filter((s) => s.solvable);
  const passK = solvable.length ? solvable.reduce((sum, s) => sum + s.passHatK, 0) / solvable.length : Number.NaN;
  const errors = runs.filter((r) => r.outcome === 'error');
  const tokens = runs.reduce((sum, r) => sum + r.tokens, 0);
  const cost = (tokens / 1e6) * usdPerMtok;
  return [
    `## Eval summary`,
    '',
    `${runs.length} investigations over ${scenarios.length} scenarios in ${(wallMs / 1000).toFixed(1)} s ` +
      `(${((runs.length / wallMs) * 60_000).toFixed(0)} per minute). Rates are shown with 95% Wilson intervals.`,
    '',
    `- AC@1 ${pct(overall.ac1)}, AC@3 ${pct(overall.ac3)}, fault type ${pct(overall.faultType)}, abstention correct ${pct(overall.abstention)}, evidence recall ${pct(overall.evidenceRecall)}`,
    `- ${tokens} model tokens in all, ${(tokens / Math.max(1, runs.length)).toFixed(0)} per investigation; cost $${cost.toFixed(2)} ($${(cost / Math.max(1, runs.length)).toFixed(4)} each) at $${usdPerMtok} per million tokens`,
    `- mean pass^k over solvable scenarios: ${Number.isNaN(passK) ? 'n/a' : passK.toFixed(2)}; top-1 consistency across variants: ${consistency === null ? 'n/a (no variants run)' : consistency.toFixed(2)}`,
    `- weakest tasks: ${weakestTasks(runs)
      .map((t) => `${t.task} (API success ${(t.apiSuccess * 100).toFixed(0)}%, loops ${(t.loopRate * 100).toFixed(0)}%, distraction ${((t.distraction ?? 0) * 100).toFixed(0)}%, evidence yield ${((t.evidenceYield ?? 0) * 100).toFixed(0)}%)`)
      .join('; ')}`,
    errors.length ? `- ${errors.length} runs failed to complete: ${errors.slice(0, 5).map((e) => `${e.scenarioId} (${e.error})`).join('; ')}` : '- every run completed',
    '',
    bucketTable(bucketsByAlertClass(canonical)),
    classTable('By fault type', byFault),
    classTable('By topology', byTopology),
    scenarioTable(scenarios),
  ].join('\n');
}
