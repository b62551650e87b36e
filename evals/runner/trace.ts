// Every planner step and tool call of an investigation as a span, recorded by wrapping the host, so
// the loop itself stays unaware of tracing. The evals cluster these spans into tasks.
import type { InvestigationHost, PlanDecision } from '../../services/agent/loop.ts';

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
