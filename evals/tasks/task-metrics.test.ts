import { describe, expect, it } from 'vitest';
import type { ScenarioRun } from '../runner/run-scenario.ts';
import type { Span } from '../runner/trace.ts';
import { sampleRun } from '../graders/sample-run.ts';
import { taskOf } from './cluster-tasks.ts';
import { taskMetrics } from './task-metrics.ts';

const span = (name: string, service: string | undefined, status: Span['status'] = 'ok', summary = `${name} ${service}`): Span => ({
  kind: name === 'plan' ? 'plan' : 'tool',
  step: 0,
  name,
  service,
  status,
  startMs: 0,
  durationMs: 10,
  summary,
});

const run = (trace: Span[]): ScenarioRun => sampleRun({ causalPath: ['web', 'api', 'db'], ranked: [], toolCalls: trace.length, trace });

describe('taskOf', () => {
  it('groups tools by what they look at and keeps unknown tools as their own task', () => {
    expect(taskOf({ name: 'datadog/query_service_metrics' })).toBe('query metrics');
    expect(taskOf({ name: 'opensearch/search_logs' })).toBe('search logs');
    expect(taskOf({ name: 'kubernetes/get_rollout_history' })).toBe('read changes & rollouts');
    expect(taskOf({ name: 'slack/read_channel_messages' })).toBe('read the alert channel');
    expect(taskOf({ name: 'graph/find_dependency_paths' })).toBe('walk the graph');
    expect(taskOf({ name: 'acme/frobnicate_widgets' })).toBe('frobnicate widgets');
  });
});

describe('taskMetrics', () => {
  it('measures loops, distraction, yield, failures and calls to evidence per task', () => {
    const metrics = taskMetrics([
      run([
        span('plan', undefined),
        span('datadog/query_service_metrics', 'web'),
        span('datadog/query_service_metrics', 'cart'),
        span('datadog/query_service_metrics', 'web'),
        span('datadog/search_service_logs', 'db', 'error'),
        span('datadog/search_service_logs', 'db'),
      ]),
    ]);
    const metricsTask = metrics.find((m) => m.task === 'query metrics')!;
    expect(metricsTask.calls).toBe(3);
    expect(metricsTask.loopRate).toBeCloseTo(1 / 3);
    expect(metricsTask.distraction).toBeCloseTo(1 / 3);
    expect(metricsTask.evidenceYield).toBeCloseTo(2 / 3);
    expect(metricsTask.callsToEvidence).toBeNull();
    const logs = metrics.find((m) => m.task === 'search logs')!;
    expect(logs.apiSuccess).toBe(0.5);
    expect(logs.callsToEvidence).toBe(4);
    const plan = metrics.find((m) => m.task === 'plan next step')!;
    expect(plan.distraction).toBeNull();
    expect(plan.evidenceYield).toBeNull();
  });
});
