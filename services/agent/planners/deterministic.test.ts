import { describe, expect, it } from 'vitest';
import type { PlannerState } from '../loop.ts';
import { planNext } from './deterministic.ts';

const TOOLS = ['datadog/query_service_metrics', 'datadog/search_service_logs', 'kubernetes/list_service_pods', 'kubernetes/list_service_events'];

function state(overrides: Partial<PlannerState> = {}): PlannerState {
  return {
    investigationId: 'i',
    alert: { incidentId: 'P', title: 'High error rate on web', service: 'web', severity: 'critical', triggeredAt: '2026-11-20T13:30:00Z', source: 'pagerduty' },
    context: {
      alertClass: 'error-rate',
      window: { from: '2026-11-20T12:30:00Z', to: '2026-11-20T13:35:00Z' },
      neighbourhood: {
        services: [
          { name: 'web', kind: 'service', dependsOn: ['api'] },
          { name: 'api', kind: 'service', dependsOn: ['stripe'] },
          { name: 'stripe', kind: 'external', dependsOn: [] },
        ],
        edges: [
          { from: 'web', to: 'api' },
          { from: 'api', to: 'stripe' },
        ],
      },
      tools: TOOLS,
      guidance: [],
    },
    step: 0,
    observations: [],
    history: [],
    tokens: 0,
    mustConclude: false,
    ...overrides,
  };
}

describe('deterministic planner', () => {
  it('starts with every probe of the alerting service, in parallel', () => {
    const decision = planNext(state());
    expect(decision.kind).toBe('call');
    if (decision.kind !== 'call') return;
    expect(decision.calls.map((c) => `${c.server}/${c.tool}`).sort()).toEqual([...TOOLS].sort());
    expect(new Set(decision.calls.map((c) => c.arguments.service))).toEqual(new Set(['web']));
  });

  it('also probes the services guidance names, from the first step', () => {
    const decision = planNext(state({ context: { ...state().context, guidance: [{ id: 'g', text: 'always check stripe', alsoCheck: ['stripe'] }] } }));
    if (decision.kind !== 'call') throw new Error('expected calls');
    expect(new Set(decision.calls.map((c) => c.arguments.service))).toEqual(new Set(['web', 'stripe']));
    // An external provider has no pods or Kubernetes events to read.
    expect(decision.calls.filter((c) => c.arguments.service === 'stripe').map((c) => c.tool).sort()).toEqual(['query_service_metrics', 'search_service_logs']);
  });

  it('only calls tools that are available', () => {
    const decision = planNext(state({ context: { ...state().context, tools: ['datadog/query_service_metrics'] } }));
    if (decision.kind !== 'call') throw new Error('expected calls');
    expect(decision.calls.map((c) => c.tool)).toEqual(['query_service_metrics']);
  });

  it('concludes with no candidate when it must and has seen nothing', () => {
    const decision = planNext(state({ mustConclude: true }));
    expect(decision).toMatchObject({ kind: 'conclude', findings: [] });
  });
});
