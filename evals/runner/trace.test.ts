import { describe, expect, it } from 'vitest';
import { failedCall, type PlanDecision, type PlannerState } from '../../services/agent/loop.ts';
import type { ToolCall, ToolResult } from '../../services/agent/types.ts';
import type { Activities } from '../../services/worker/activities/index.ts';
import { traceActivities, traceHost, type Span } from './trace.ts';

const call = (id: string, service: string): ToolCall => ({ id, server: 'datadog', tool: 'query_metrics', arguments: { service } });
const ok = (c: ToolCall): ToolResult => ({ callId: c.id, server: c.server, tool: c.tool, arguments: c.arguments, status: 'ok', summary: `metrics of ${String(c.arguments.service)}`, durationMs: 5 });
const calls = [call('a', 'checkout'), call('b', 'payments'), call('c', 'ledger')];
const decisions: PlanDecision[] = [
  { kind: 'call', calls, rationale: 'look at the callees' },
  { kind: 'conclude', findings: [], rationale: 'payments dominates' },
];
const state = (step: number) => ({ step }) as PlannerState;
const untimed = (spans: Span[]) => spans.map(({ startMs: _s, durationMs: _d, ...rest }) => rest);

describe('tracing the activities of an investigation run through Temporal', () => {
  it('gives the spans the in-process host trace gives, whatever order calls finish in and however often they are retried', async () => {
    // `c` always fails (its retries are spent); `a` fails once, then answers; `b` answers first.
    const attempts = new Map<string, number>();
    const inner = {
      plan: async (s: PlannerState) => decisions[s.step]!,
      callTool: async ({ call: c }: { investigationId: string; call: ToolCall }) => {
        attempts.set(c.id, (attempts.get(c.id) ?? 0) + 1);
        if (c.id === 'c' || (c.id === 'a' && attempts.get('a') === 1)) throw new Error(`${c.id} unavailable`);
        return ok(c);
      },
    } as unknown as Activities;
    const traced = traceActivities(inner);
    const { plan, callTool } = traced.activities;
    await plan(state(0));
    await plan(state(0)); // a plan activity retried after its answer was lost
    await callTool({ investigationId: 'i', call: calls[1]! });
    for (const c of [calls[0]!, calls[0]!, calls[2]!, calls[2]!, calls[2]!]) await callTool({ investigationId: 'i', call: c }).catch(() => undefined);
    await plan(state(1));

    const host = traceHost({
      loadContext: async () => ({}) as never,
      plan: async (s) => decisions[s.step]!,
      callTools: async (cs) => cs.map((c) => (c.id === 'c' ? failedCall(c, 'c unavailable') : ok(c))),
      post: async () => undefined,
      now: () => 0,
    });
    await host.host.plan(state(0));
    await host.host.callTools(calls);
    await host.host.plan(state(1));

    expect(untimed(traced.spans())).toEqual(untimed(host.spans));
    expect(traced.spans().map((s) => `${s.kind}:${s.step}:${s.service ?? ''}:${s.status}`)).toEqual(['plan:0::ok', 'tool:0:checkout:ok', 'tool:0:payments:ok', 'tool:0:ledger:error', 'plan:1::ok']);
    expect(traced.lastDecision()).toEqual(decisions[1]);
  });

  it('numbers calls by the step planned last, so a call id reused at a later step is a span of its own', async () => {
    const again: PlanDecision[] = [
      { kind: 'call', calls: [calls[0]!], rationale: 'first look' },
      { kind: 'call', calls: [calls[0]!], rationale: 'look again' },
      { kind: 'conclude', findings: [], rationale: 'done' },
    ];
    const traced = traceActivities({ plan: async (s: PlannerState) => again[s.step]!, callTool: async ({ call: c }: { call: ToolCall }) => ok(c) } as unknown as Activities);
    for (const step of [0, 1, 2]) {
      await traced.activities.plan(state(step));
      if (step < 2) await traced.activities.callTool({ investigationId: 'i', call: calls[0]! });
    }
    expect(traced.spans().map((s) => `${s.kind}:${s.step}`)).toEqual(['plan:0', 'tool:0', 'plan:1', 'tool:1', 'plan:2']);
  });
});
