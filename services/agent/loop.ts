// The one investigation loop. It is plain TypeScript with no I/O, no clock and no randomness of its
// own: everything comes through the host, so the same code runs inside the Temporal workflow
// sandbox (host = activities) and in-process in the eval runner (host = direct calls).
import type { AlertClass } from './alert-class.ts';
import type { Neighbourhood } from '../graph/service-graph.ts';
import type { Alert, Finding, Report, TimeWindow, ToolCall, ToolResult } from './types.ts';

export interface Budget {
  maxSteps: number;
  maxToolCalls: number;
  maxWallMs: number;
  /** Below this top confidence the outcome is "inconclusive". */
  confidenceThreshold: number;
}

export const DEFAULT_BUDGET: Budget = { maxSteps: 6, maxToolCalls: 40, maxWallMs: 120_000, confidenceThreshold: 0.5 };

export interface InvestigationContext {
  alertClass: AlertClass;
  window: TimeWindow;
  neighbourhood: Neighbourhood;
  /** `server/tool` names the planner may call. */
  tools: string[];
  guidance: string[];
}

export interface PlannerState {
  investigationId: string;
  alert: Alert;
  context: InvestigationContext;
  step: number;
  observations: ToolResult[];
  /** Set when the budget is spent: the planner must conclude with what it has. */
  mustConclude: boolean;
}

export type PlanDecision =
  | { kind: 'call'; calls: ToolCall[]; rationale: string }
  | { kind: 'conclude'; findings: Finding[]; rationale: string };

export interface InvestigationInput {
  investigationId: string;
  alert: Alert;
}

export interface InvestigationHost {
  loadContext(input: InvestigationInput): Promise<InvestigationContext>;
  plan(state: PlannerState): Promise<PlanDecision>;
  /** Runs calls in parallel; returns one result per call and never throws (failures are results). */
  callTools(calls: ToolCall[]): Promise<ToolResult[]>;
  post(report: Report): Promise<void>;
  now(): number;
  /** Optional progress hook (a workflow query, a progress bar). */
  onProgress?(progress: Progress): void;
}

export interface Progress {
  step: number;
  toolCalls: number;
  lastRationale: string;
}

export async function runInvestigation(input: InvestigationInput, host: InvestigationHost, budget: Budget = DEFAULT_BUDGET): Promise<Report> {
  const startedAt = host.now();
  const context = await host.loadContext(input);
  let observations: ToolResult[] = [];
  let step = 0;
  let findings: Finding[] = [];

  for (;;) {
    const overBudget = step >= budget.maxSteps || observations.length >= budget.maxToolCalls || host.now() - startedAt >= budget.maxWallMs;
    const decision = await host.plan({ ...input, context, step, observations, mustConclude: overBudget });
    host.onProgress?.({ step, toolCalls: observations.length, lastRationale: decision.rationale });
    if (decision.kind === 'conclude' || overBudget) {
      findings = decision.kind === 'conclude' ? decision.findings : [];
      break;
    }
    const room = budget.maxToolCalls - observations.length;
    const results = await host.callTools(decision.calls.slice(0, room));
    // A new array each step: an in-process planner may keep the state it was given.
    observations = [...observations, ...results];
    step += 1;
  }

  const report = buildReport(input, findings, observations, step, budget.confidenceThreshold);
  await host.post(report);
  return report;
}

export function buildReport(input: InvestigationInput, findings: Finding[], observations: ToolResult[], steps: number, threshold: number): Report {
  const ranked = [...findings].sort((a, b) => a.rank - b.rank).slice(0, 3);
  const top = ranked[0];
  const found = top !== undefined && top.confidence >= threshold;
  const checked = observations.map((o) => (o.status === 'error' ? `${o.summary} (failed: ${o.error ?? 'unknown error'})` : o.summary));
  const summary = found
    ? `Most likely ${top.service} (${top.faultType.replaceAll('_', ' ')}), ${Math.round(top.confidence * 100)}% confident: ${top.summary}`
    : `Inconclusive: no cause stood out after ${observations.length} checks.`;
  return {
    investigationId: input.investigationId,
    alert: input.alert,
    outcome: found ? 'found' : 'inconclusive',
    summary,
    findings: found ? ranked : [],
    checked,
    steps,
    toolCalls: observations.length,
  };
}
