// Every planner step and tool call of an investigation as a span, recorded by wrapping the host
// (in-process) or the activities (through Temporal), so the loop itself stays unaware of tracing and
// both give the same spans. The evals cluster these spans into tasks.
import { failedCall, type InvestigationHost, type PlanDecision } from '../../services/agent/loop.ts';
import type { ToolResult } from '../../services/agent/types.ts';
import type { Activities } from '../../services/worker/activities/index.ts';

export interface Span {
  kind: 'plan' | 'tool';
  step: number;
  /** `plan`, or `server/tool`. */
  name: string;
  /** The service a tool call was about, when it named one. */
  service?: string;
  status: 'ok' | 'no_data' | 'error';
  startMs: number;
  durationMs: number;
  summary: string;
}

export interface Traced {
  host: InvestigationHost;
  spans: Span[];
  /** The planner's last ranked candidates, kept even when the report abstains. */
  lastDecision(): PlanDecision | undefined;
}

export function traceHost(inner: InvestigationHost, clock: () => number = () => performance.now()): Traced {
  const spans: Span[] = [];
  const origin = clock();
  let step = 0;
  let decision: PlanDecision | undefined;
  const host: InvestigationHost = {
    ...inner,
    async plan(state) {
      const started = clock();
      step = state.step;
      decision = await inner.plan(state);
      spans.push({ kind: 'plan', step, name: 'plan', status: 'ok', startMs: started - origin, durationMs: clock() - started, summary: decision.rationale });
      return decision;
    },
    async callTools(calls) {
      const started = clock();
      const results = await inner.callTools(calls);
      for (const result of results) {
        const service = typeof result.arguments.service === 'string' ? result.arguments.service : undefined;
        spans.push({
          kind: 'tool',
          step,
          name: `${result.server}/${result.tool}`,
          service,
          status: result.status,
          startMs: started - origin,
          durationMs: result.durationMs,
          summary: result.summary,
        });
      }
      return results;
    },
  };
  return { host, spans, lastDecision: () => decision };
}

export interface TracedActivities {
  activities: Activities;
  /** The spans so far, in the order the in-process trace has them: each plan, then the calls it decided. */
  spans(): Span[];
  /** The planner's decision at its last step. */
  lastDecision(): PlanDecision | undefined;
}

/**
 * The same trace, recorded by wrapping one investigation's activities instead of the host, for runs
 * through Temporal. Activities may finish in any order and be retried, so spans are kept per step
 * and per call and put in order when read: a retried plan keeps its last answer; a call keeps its
 * result, or, while it fails, the failed-call result the workflow turns it into once retries are
 * spent. Calls are numbered by the step planned last: the loop plans, calls, then plans again.
 */
export function traceActivities(inner: Activities, clock: () => number = () => performance.now()): TracedActivities {
  const origin = clock();
  const plans = new Map<number, { span: Span; decision: PlanDecision }>();
  const calls = new Map<string, Span>();
  let step = 0;
  const toolSpan = (result: ToolResult, callStep: number, started: number): Span => ({
    kind: 'tool',
    step: callStep,
    name: `${result.server}/${result.tool}`,
    service: typeof result.arguments?.service === 'string' ? result.arguments.service : undefined,
    status: result.status,
    startMs: started - origin,
    durationMs: result.durationMs,
    summary: result.summary,
  });
  const activities: Activities = {
    ...inner,
    async plan(state) {
      const started = clock();
      const decision = await inner.plan(state);
      step = state.step;
      plans.set(state.step, { decision, span: { kind: 'plan', step: state.step, name: 'plan', status: 'ok', startMs: started - origin, durationMs: clock() - started, summary: decision.rationale } });
      return decision;
    },
    async callTool(input) {
      const callStep = step;
      const key = `${callStep}/${input.call?.id}`;
      const started = clock();
      const firstStarted = calls.has(key) ? calls.get(key)!.startMs + origin : started;
      try {
        const result = await inner.callTool(input);
        calls.set(key, toolSpan(result, callStep, firstStarted));
        return result;
      } catch (error) {
        calls.set(key, toolSpan(failedCall(input.call, error instanceof Error ? error.message : String(error)), callStep, firstStarted));
        throw error;
      }
    },
  };
  return {
    activities,
    spans() {
      const spans: Span[] = [];
      for (const planned of [...plans.keys()].sort((a, b) => a - b)) {
        const { span, decision } = plans.get(planned)!;
        spans.push(span);
        if (decision.kind !== 'call') continue;
        for (const call of decision.calls) {
          const called = calls.get(`${planned}/${call.id}`);
          if (called) spans.push(called);
        }
      }
      return spans;
    },
    lastDecision() {
      const last = Math.max(...plans.keys());
      return plans.get(last)?.decision;
    },
  };
}
