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
  /** Model tokens (input + output) across all planning calls; the deterministic planner spends none. */
  maxTokens: number;
  /** Below this top confidence the outcome is "inconclusive". */
  confidenceThreshold: number;
}

// The threshold sits in the gap the library shows between unsolvable scenarios (top confidence <= 0.05)
// and the weakest right answers (0.37): see evals/README.md for how it was measured.
export const DEFAULT_BUDGET: Budget = { maxSteps: 8, maxToolCalls: 80, maxWallMs: 120_000, maxTokens: 200_000, confidenceThreshold: 0.3 };

export interface InvestigationContext {
  alertClass: AlertClass;
  window: TimeWindow;
  neighbourhood: Neighbourhood;
  /** `server/tool` names the planner may call. */
  tools: string[];
  /** Guidance rules that apply to this alert (class and service), as the platform team wrote them. */
  guidance: { id: string; text: string; alsoCheck: string[] }[];
}

export interface PlannerState {
  investigationId: string;
  alert: Alert;
  context: InvestigationContext;
  step: number;
  observations: ToolResult[];
  /** The calls decided at each earlier step, in order, with the planner's reason for them. */
  history: { calls: ToolCall[]; rationale: string }[];
  /** Tokens spent by planning so far. */
  tokens: number;
  /** Set when the budget is spent: the planner must conclude with what it has. */
  mustConclude: boolean;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type PlanDecision =
  | { kind: 'call'; calls: ToolCall[]; rationale: string; usage?: TokenUsage }
  | { kind: 'conclude'; findings: Finding[]; rationale: string; usage?: TokenUsage };

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
  /** Optional progress hook (a workflow query, a progress line in Slack); awaited, so updates stay in order. */
  onProgress?(progress: Progress): Promise<void> | void;
}

export interface Progress {
  step: number;
  toolCalls: number;
  lastRationale: string;
  /** What the next batch of calls looks at, one short phrase each ("metrics of checkout-api"). */
  checking: string[];
  /** Milliseconds since the investigation started, by the host's clock. */
  elapsedMs: number;
}

export async function runInvestigation(input: InvestigationInput, host: InvestigationHost, budget: Budget = DEFAULT_BUDGET): Promise<Report> {
  const startedAt = host.now();
  const context = await host.loadContext(input);
  let observations: ToolResult[] = [];
  let history: PlannerState['history'] = [];
  let step = 0;
  let tokens = 0;
  let findings: Finding[] = [];

  for (;;) {
    const overBudget =
      step >= budget.maxSteps || observations.length >= budget.maxToolCalls || host.now() - startedAt >= budget.maxWallMs || tokens >= budget.maxTokens;
    const decision = await host.plan({ ...input, context, step, observations, history, tokens, mustConclude: overBudget });
    tokens += (decision.usage?.inputTokens ?? 0) + (decision.usage?.outputTokens ?? 0);
    const checking = decision.kind === 'call' && !overBudget ? decision.calls.map(describeCall) : [];
    await host.onProgress?.({ step, toolCalls: observations.length, lastRationale: decision.rationale, checking, elapsedMs: host.now() - startedAt });
    if (decision.kind === 'conclude' || overBudget) {
      findings = decision.kind === 'conclude' ? decision.findings : [];
      break;
    }
    const room = budget.maxToolCalls - observations.length;
    const calls = decision.calls.slice(0, room);
    const results = await host.callTools(calls);
    history = [...history, { calls, rationale: decision.rationale }];
    // A new array each step: an in-process planner may keep the state it was given.
    observations = [...observations, ...results];
    step += 1;
  }

  const guidanceApplied = context.guidance.map((g) => `${g.id}: ${g.text}`);
  const report = buildReport(input, findings, observations, { steps: step, tokens, guidanceApplied }, budget.confidenceThreshold);
  await host.post(report);
  return report;
}

/** A call whose retries are spent, as a result the planner can reason about (and "what I checked" lists). */
export function failedCall(call: ToolCall, message: string): ToolResult {
  return {
    callId: call.id,
    server: call.server,
    tool: call.tool,
    arguments: call.arguments,
    status: 'error',
    summary: `${call.server}/${call.tool} ${JSON.stringify(call.arguments)}`,
    error: message,
    retryable: false,
    durationMs: 0,
  };
}

function describeCall(call: ToolCall): string {
  const what = call.tool.replace(/^(get|list|query|search|read|find)_/, '').replaceAll('_', ' ');
  return typeof call.arguments.service === 'string' ? `${what} of ${call.arguments.service}` : what;
}

export function buildReport(
  input: InvestigationInput,
  findings: Finding[],
  observations: ToolResult[],
  spent: { steps: number; tokens: number; guidanceApplied: string[] },
  threshold: number,
): Report {
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
    steps: spent.steps,
    toolCalls: observations.length,
    tokens: spent.tokens,
    guidanceApplied: spent.guidanceApplied,
  };
}
