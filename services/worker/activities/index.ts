// Activities: the investigation's I/O, built from injected dependencies so the worker, the tests
// and the in-process eval host all run the same functions. Each takes one JSON object; bad input
// fails non-retryably, transient vendor failures retryably.
import { ApplicationFailure } from '@temporalio/activity';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { deriveAlertClass } from '../../agent/alert-class.ts';
import { guidanceFor, type GuidanceRule } from '../../agent/guidance.ts';
import type { InvestigationContext, InvestigationInput, PlanDecision, PlannerState } from '../../agent/loop.ts';
import { planNext } from '../../agent/planners/deterministic.ts';
import { AlertSchema, ReportSchema, ToolCallSchema, type Report, type ToolCall, type ToolResult } from '../../agent/types.ts';
import type { ServiceGraph } from '../../graph/service-graph.ts';
import type { ToolGateway } from '../../mcp/gateway.ts';
import { postReport as postReportToSlack } from '../../slack/post-report.ts';
import type { InvestigationStore } from '../../store/index.ts';

/** How far before the alert the agent looks, and how far after (data that arrived since). */
export const LOOKBACK_MS = 60 * 60_000;
export const LOOKAHEAD_MS = 5 * 60_000;
export const GRAPH_HOPS = 3;

export type Planner = (state: PlannerState) => Promise<PlanDecision>;

export interface ActivityDeps {
  tools: ToolGateway;
  /** Decides the next step; the deterministic planner when absent. */
  planner?: Planner;
  guidance?: GuidanceRule[];
  graph: ServiceGraph;
  store: InvestigationStore;
  slack: WebClient;
  defaultChannel: string;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  return {
    async loadContext(input: InvestigationInput): Promise<InvestigationContext> {
      const alert = parseOrFail(AlertSchema, input.alert, 'alert');
      const triggered = Date.parse(alert.triggeredAt);
      const tools = await deps.tools.listTools();
      const alertClass = deriveAlertClass(alert);
      return {
        alertClass,
        window: { from: new Date(triggered - LOOKBACK_MS).toISOString(), to: new Date(triggered + LOOKAHEAD_MS).toISOString() },
        neighbourhood: await deps.graph.neighbourhood(alert.service, GRAPH_HOPS),
        tools: tools.map((t) => `${t.server}/${t.name}`).sort(),
        guidance: guidanceFor(deps.guidance ?? [], alert, alertClass).map(({ id, text, alsoCheck }) => ({ id, text, alsoCheck })),
      };
    },

    async plan(state: PlannerState): Promise<PlanDecision> {
      return deps.planner ? deps.planner(state) : planNext(state);
    },

    async callTool(input: ToolCall): Promise<ToolResult> {
      const call = parseOrFail(ToolCallSchema, input, 'tool call');
      const result = await deps.tools.call(call);
      if (result.status === 'error' && result.retryable) {
        // Thrown so that Temporal's retry policy spaces the retries; the workflow records the
        // failure as a result once the attempts are spent.
        throw ApplicationFailure.retryable(result.error ?? 'tool call failed', 'ToolUnavailable');
      }
      return result;
    },

    async postReport(input: { report: Report }): Promise<{ channel: string; ts: string }> {
      const report = parseOrFail(ReportSchema, input.report, 'report');
      const owner = await deps.graph.getService(report.alert.service);
      const channel = owner?.channel ?? deps.defaultChannel;
      const posted = await postReportToSlack({ client: deps.slack, store: deps.store }, { report, revision: 1, channel });
      deps.logger.info({ investigationId: report.investigationId, outcome: report.outcome, ...posted }, 'report posted');
      return { channel: posted.channel, ts: posted.ts };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

function parseOrFail<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw ApplicationFailure.nonRetryable(`invalid ${what} at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`, 'BadInput');
}
