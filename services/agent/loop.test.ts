import { describe, expect, it } from 'vitest';
import { runInvestigation, type InvestigationHost, type PlanDecision, type PlannerState } from './loop.ts';
import type { Finding, Report, ToolCall, ToolResult } from './types.ts';

const alert = { incidentId: 'P1', title: 'High error rate on web', service: 'web', severity: 'critical', triggeredAt: '2026-11-20T13:30:00Z', source: 'pagerduty' } as const;

function finding(confidence: number, rank = 1): Finding {
  return { rank, service: 'api', faultType: 'bad_deploy', confidence, summary: 'deployed 2.1 before errors', evidence: [], nextStep: 'roll back' };
}

function scriptedHost(decide: (state: PlannerState) => PlanDecision, clock = { t: 0, perCall: 0 }) {
  const posted: Report[] = [];
  const states: PlannerState[] = [];
  const batches: ToolCall[][] = [];
  const host: InvestigationHost = {
    loadContext: async () => ({ alertClass: 'error-rate', window: { from: '2026-11-20T12:30:00Z', to: '2026-11-20T13:35:00Z' }, neighbourhood: { services: [], edges: [] }, tools: [], guidance: [] }),
    plan: async (state) => {
      states.push(state);
      return decide(state);
    },
    callTools: async (calls) => {
      batches.push(calls);
      clock.t += clock.perCall;
      return calls.map((c): ToolResult => ({ callId: c.id, server: c.server, tool: c.tool, arguments: c.arguments, status: 'ok', summary: `${c.tool} ${c.id}`, durationMs: 1 }));
    },
    post: async (report) => void posted.push(report),
    now: () => clock.t,
  };
  return { host, posted, states, batches };
}

const call = (id: string): ToolCall => ({ id, server: 'datadog', tool: 'query_service_metrics', arguments: { service: 'web' } });

describe('runInvestigation', () => {
  it('feeds every result back to the planner and posts one report when it concludes', async () => {
    const { host, posted, states } = scriptedHost((s) =>
      s.step < 2 ? { kind: 'call', calls: [call(`a${s.step}`), call(`b${s.step}`)], rationale: 'probe' } : { kind: 'conclude', findings: [finding(0.8)], rationale: 'done' },
    );
    const report = await runInvestigation({ investigationId: 'investigate-P1', alert }, host);
    expect(states.map((s) => s.observations.length)).toEqual([0, 2, 4]);
    expect(posted).toEqual([report]);
    expect(report).toMatchObject({ outcome: 'found', steps: 2, toolCalls: 4 });
    expect(report.checked).toHaveLength(4);
    expect(report.summary).toContain('api');
  });

  it('forces a conclusion when the step budget is spent', async () => {
    const { host, states } = scriptedHost((s) => (s.mustConclude ? { kind: 'conclude', findings: [finding(0.9)], rationale: 'forced' } : { kind: 'call', calls: [call(`c${s.step}`)], rationale: 'more' }));
    const report = await runInvestigation({ investigationId: 'i', alert }, host, { maxSteps: 3, maxToolCalls: 100, maxWallMs: 1e9, maxTokens: 1e9, confidenceThreshold: 0.5 });
    expect(report.steps).toBe(3);
    expect(states.at(-1)!.mustConclude).toBe(true);
    expect(report.outcome).toBe('found');
  });

  it('never runs more tool calls than the budget allows', async () => {
    const { host, batches } = scriptedHost((s) => (s.mustConclude ? { kind: 'conclude', findings: [], rationale: 'forced' } : { kind: 'call', calls: [call('x'), call('y'), call('z')], rationale: 'more' }));
    const report = await runInvestigation({ investigationId: 'i', alert }, host, { maxSteps: 10, maxToolCalls: 5, maxWallMs: 1e9, maxTokens: 1e9, confidenceThreshold: 0.5 });
    expect(batches.flat()).toHaveLength(5);
    expect(report.toolCalls).toBe(5);
  });

  it('stops on the wall-clock budget measured by the host clock', async () => {
    const { host } = scriptedHost((s) => (s.mustConclude ? { kind: 'conclude', findings: [], rationale: 'forced' } : { kind: 'call', calls: [call(`w${s.step}`)], rationale: 'more' }), { t: 0, perCall: 1_000 });
    const report = await runInvestigation({ investigationId: 'i', alert }, host, { maxSteps: 100, maxToolCalls: 100, maxWallMs: 2_500, maxTokens: 1e9, confidenceThreshold: 0.5 });
    expect(report.steps).toBe(3);
  });

  it('stops when planning has spent its token budget, and reports the tokens spent', async () => {
    const { host } = scriptedHost((s) =>
      s.mustConclude ? { kind: 'conclude', findings: [finding(0.9)], rationale: 'forced', usage: { inputTokens: 10, outputTokens: 5 } } : { kind: 'call', calls: [call(`t${s.step}`)], rationale: 'more', usage: { inputTokens: 900, outputTokens: 100 } },
    );
    const report = await runInvestigation({ investigationId: 'i', alert }, host, { maxSteps: 100, maxToolCalls: 100, maxWallMs: 1e9, maxTokens: 2_500, confidenceThreshold: 0.5 });
    expect(report.steps).toBe(3);
    expect(report.tokens).toBe(3 * 1_000 + 15);
  });

  it('gives the planner the calls of every earlier step', async () => {
    const { host, states } = scriptedHost((s) => (s.step < 2 ? { kind: 'call', calls: [call(`h${s.step}`)], rationale: `why ${s.step}` } : { kind: 'conclude', findings: [], rationale: 'done' }));
    await runInvestigation({ investigationId: 'i', alert }, host);
    expect(states[2]!.history.map((h) => [h.rationale, h.calls.map((c) => c.id)])).toEqual([
      ['why 0', ['h0']],
      ['why 1', ['h1']],
    ]);
  });

  it('reports inconclusive, with what it checked, when the best finding is below the threshold', async () => {
    const { host } = scriptedHost((s) => (s.step < 1 ? { kind: 'call', calls: [call('q')], rationale: 'probe' } : { kind: 'conclude', findings: [finding(0.2)], rationale: 'weak' }));
    const report = await runInvestigation({ investigationId: 'i', alert }, host);
    expect(report.outcome).toBe('inconclusive');
    expect(report.findings).toEqual([]);
    expect(report.checked).toEqual(['query_service_metrics q']);
  });

  it('keeps at most three findings, best rank first', async () => {
    const { host } = scriptedHost(() => ({ kind: 'conclude', findings: [finding(0.2, 4), finding(0.9, 1), finding(0.5, 3), finding(0.7, 2)], rationale: 'many' }));
    const report = await runInvestigation({ investigationId: 'i', alert }, host);
    expect(report.findings.map((f) => f.rank)).toEqual([1, 2, 3]);
  });
});
