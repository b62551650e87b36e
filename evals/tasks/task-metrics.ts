// Per-task metrics computed from traces alone (no human labels), over many runs. Each is a rate
// or a mean over the task's calls, so tasks with few calls show as wide, not as extreme.
import type { ScenarioRun } from '../runner/run-scenario.ts';
import type { Span } from '../runner/trace.ts';
import { taskOf } from './cluster-tasks.ts';

export interface TaskMetrics {
  task: string;
  calls: number;
  /** Calls that did not fail (no vendor or validation error). */
  apiSuccess: number;
  /** Calls repeating an identical earlier call in the same investigation. */
  loopRate: number;
  /** Calls about services off the causal path (alerting service to root cause); null for planning. */
  distraction: number | null;
  /** Calls that returned data about a service on the causal path; null for planning. */
  evidenceYield: number | null;
  /** Calls the investigation had made before this task first returned data on the root cause (mean over runs where it did). */
  callsToEvidence: number | null;
  meanLatencyMs: number;
}

export const TASK_METRIC_NAMES = ['apiSuccess', 'loopRate', 'distraction', 'evidenceYield', 'callsToEvidence', 'meanLatencyMs'] as const;
export type TaskMetricName = (typeof TASK_METRIC_NAMES)[number];

/** Higher is better for these; the heatmap colours the others inverted. */
export const HIGHER_IS_BETTER: Record<TaskMetricName, boolean> = {
  apiSuccess: true,
  loopRate: false,
  distraction: false,
  evidenceYield: true,
  callsToEvidence: false,
  meanLatencyMs: false,
};

interface Acc {
  calls: number;
  toolCalls: number;
  ok: number;
  loops: number;
  offPath: number;
  onPathData: number;
  latency: number;
  toEvidence: number[];
}

export function taskMetrics(runs: ScenarioRun[]): TaskMetrics[] {
  const acc = new Map<string, Acc>();
  const get = (task: string) => {
    let a = acc.get(task);
    if (!a) acc.set(task, (a = { calls: 0, toolCalls: 0, ok: 0, loops: 0, offPath: 0, onPathData: 0, latency: 0, toEvidence: [] }));
    return a;
  };
  for (const run of runs) {
    const path = new Set(run.causalPath ?? []);
    const root = run.groundTruth?.rootCauseService;
    const seen = new Set<string>();
    const firstEvidence = new Map<string, number>();
    let index = 0;
    for (const span of run.trace) {
      const task = taskOf(span);
      const a = get(task);
      a.calls += 1;
      a.latency += span.durationMs;
      if (span.status !== 'error') a.ok += 1;
      if (span.kind === 'tool') {
        a.toolCalls += 1;
        const key = `${span.name}|${span.summary}`;
        if (seen.has(key)) a.loops += 1;
        seen.add(key);
        if (span.service && path.size > 0 && !path.has(span.service)) a.offPath += 1;
        if (span.service && path.has(span.service) && span.status === 'ok') a.onPathData += 1;
        if (root && span.service === root && span.status === 'ok' && !firstEvidence.has(task)) firstEvidence.set(task, index);
        index += 1;
      }
    }
    for (const [task, at] of firstEvidence) get(task).toEvidence.push(at);
  }
  return [...acc]
    .map(([task, a]) => ({
      task,
      calls: a.calls,
      apiSuccess: a.ok / a.calls,
      loopRate: a.loops / a.calls,
      distraction: a.toolCalls ? a.offPath / a.toolCalls : null,
      evidenceYield: a.toolCalls ? a.onPathData / a.toolCalls : null,
      callsToEvidence: a.toEvidence.length ? a.toEvidence.reduce((s, v) => s + v, 0) / a.toEvidence.length : null,
      meanLatencyMs: a.latency / a.calls,
    }))
    .sort((x, y) => x.task.localeCompare(y.task));
}
