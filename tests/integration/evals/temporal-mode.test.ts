// `ariadne eval --temporal` against the in-process default: the same scenarios, seed and planner must
// give the same record through the investigateAlert workflow on a real Temporal dev server as
// in-process, timings aside. The scenarios are picked for what differs most between the hosts:
// injected API faults (Datadog rate limits, a Kubernetes 503) and a long investigation that walks
// the graph and ranks several candidates, whose order and confidences must match too.
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { runEval } from '../../../evals/runner/run-eval.ts';
import type { ScenarioRun } from '../../../evals/runner/run-scenario.ts';

const SCENARIOS = ['slow-query-marketplace', 'crash-loop-shop', 'dependency-outage-platform'];

const untimed = (run: ScenarioRun) => ({ ...run, durationMs: 0, trace: run.trace.map((span) => ({ ...span, startMs: 0, durationMs: 0 })) });

describe('eval runs through Temporal', () => {
  it('rank the same candidates with the same outcome, counts and trace as in-process', { timeout: 180_000 }, async () => {
    const plan = { scenarios: SCENARIOS, runs: 1, variants: [0], seed: 1, parallel: 2 };
    const inProcess = await runEval(plan);
    const temporal = await runEval({ ...plan, temporal: true });

    expect(temporal.map((r) => r.scenarioId)).toEqual(SCENARIOS);
    for (const [i, run] of temporal.entries()) {
      const expected = inProcess[i]!;
      // Not vacuous: both hosts completed and ranked something, and the trace has tool spans.
      expect(run.error).toBeUndefined();
      expect(expected.error).toBeUndefined();
      expect(run.ranked.length).toBeGreaterThan(0);
      expect(run.trace.some((s) => s.kind === 'tool')).toBe(true);

      expect({ scenario: run.scenarioId, outcome: run.outcome, ranked: run.ranked }).toEqual({ scenario: expected.scenarioId, outcome: expected.outcome, ranked: expected.ranked });
      expect(untimed(run)).toEqual(untimed(expected));
    }
    // More than a top-1 was compared: at least one run ranked several candidates over several steps.
    expect(temporal.some((r) => r.ranked.length >= 2 && r.steps >= 3)).toBe(true);
  });

  it('records a failed workflow as an error run, as in-process records a failed investigation', { timeout: 120_000 }, async () => {
    const broken = () => async () => {
      throw ApplicationFailure.nonRetryable('the planner broke', 'BadInput');
    };
    const plan = { scenarios: ['crash-loop-shop'], runs: 1, variants: [0], seed: 1, parallel: 1, planner: broken };
    const [inProcess] = await runEval(plan);
    const [temporal] = await runEval({ ...plan, temporal: true });
    for (const run of [inProcess!, temporal!]) {
      expect(run.outcome).toBe('error');
      expect(run.error).toContain('the planner broke');
      expect(run.ranked).toEqual([]);
    }
  });
});
