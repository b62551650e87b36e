// The two heatmaps of a run: tasks x trace metrics, and scenario classes x outcome metrics.
import type { ScenarioRun } from '../runner/run-scenario.ts';
import type { ScenarioInfo } from '../runner/select-scenarios.ts';
import { groupBy, summarizeClass } from '../graders/summarize.ts';
import { HIGHER_IS_BETTER, taskMetrics, type TaskMetrics } from '../tasks/task-metrics.ts';
import type { Heatmap } from './heatmap.ts';

export function taskHeatmap(runs: ScenarioRun[]): Heatmap {
  const metrics = taskMetrics(runs);
  const columns: Heatmap['columns'] = [
    { key: 'apiSuccess', label: 'API success', higherIsBetter: HIGHER_IS_BETTER.apiSuccess, format: 'pct' },
    { key: 'loopRate', label: 'loops', higherIsBetter: HIGHER_IS_BETTER.loopRate, format: 'pct' },
    { key: 'distraction', label: 'distraction', higherIsBetter: HIGHER_IS_BETTER.distraction, format: 'pct' },
    { key: 'evidenceYield', label: 'evidence yield', higherIsBetter: HIGHER_IS_BETTER.evidenceYield, format: 'pct' },
    { key: 'callsToEvidence', label: 'calls to evidence', higherIsBetter: HIGHER_IS_BETTER.callsToEvidence, format: 'num' },
    { key: 'meanLatencyMs', label: 'latency ms', higherIsBetter: HIGHER_IS_BETTER.meanLatencyMs, format: 'ms' },
  ];
  return {
    title: 'Tasks × metrics (from traces)',
    rowLabel: 'task',
    rows: metrics.map((m) => `${m.task} (${m.calls})`),
    columns,
    values: metrics.map((m) => columns.map((c) => m[c.key as keyof TaskMetrics] as number | null)),
  };
}

export function classHeatmap(runs: ScenarioRun[], info: Map<string, ScenarioInfo>, by: 'faultType' | 'topology'): Heatmap {
  const groups = [...groupBy(runs.filter((r) => r.variant === 0), (r) => info.get(r.scenarioId)?.[by] ?? '?')].map(([key, group]) => summarizeClass(key, group));
  const columns: Heatmap['columns'] = [
    { key: 'ac1', label: 'AC@1', higherIsBetter: true, format: 'pct' },
    { key: 'ac3', label: 'AC@3', higherIsBetter: true, format: 'pct' },
    { key: 'faultType', label: 'fault type', higherIsBetter: true, format: 'pct' },
    { key: 'abstention', label: 'abstention right', higherIsBetter: true, format: 'pct' },
    { key: 'evidenceRecall', label: 'evidence recall', higherIsBetter: true, format: 'pct' },
    { key: 'toolCalls', label: 'tool calls', higherIsBetter: false, format: 'num' },
    { key: 'medianMs', label: 'median ms', higherIsBetter: false, format: 'ms' },
  ];
  const rate = (r: { rate: number; n: number }) => (r.n === 0 ? null : r.rate);
  return {
    title: `${by === 'faultType' ? 'Fault types' : 'Topologies'} × metrics`,
    rowLabel: by === 'faultType' ? 'fault type' : 'topology',
    rows: groups.map((g) => `${g.key} (${g.runs})`),
    columns,
    values: groups.map((g) => [rate(g.ac1), rate(g.ac3), rate(g.faultType), rate(g.abstention), rate(g.evidenceRecall), g.meanToolCalls, g.medianMs]),
  };
}

/** The weakest tasks: lowest mean goodness across their metric cells, for the summary. */
export function weakestTasks(runs: ScenarioRun[], count = 3): TaskMetrics[] {
  const metrics = taskMetrics(runs).filter((m) => m.task !== 'plan next step');
  const score = (m: TaskMetrics) => m.apiSuccess - m.loopRate - (m.distraction ?? 0) + (m.evidenceYield ?? 0);
  return [...metrics].sort((a, b) => score(a) - score(b)).slice(0, count);
}
