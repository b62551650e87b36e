// Activities: the investigation's I/O, built from injected dependencies so the worker, the tests
// and the in-process eval host all run the same functions. Each takes one JSON object; bad input
// fails non-retryably, transient vendor failures retryably.
import { ApplicationFailure } from '@temporalio/activity';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { deriveAlertClass } from '../../agent/alert-class.ts';
import { guidanceFor, type GuidanceRule } from '../../agent/guidance.ts';
import type { InvestigationContext, InvestigationInput, PlanDecision, PlannerState, Progress } from '../../agent/loop.ts';
import { planNext } from '../../agent/planners/deterministic.ts';
import { AlertSchema, ReportSchema, ToolCallSchema, type Alert, type Report, type ToolCall, type ToolResult } from '../../agent/types.ts';
import type { ServiceGraph } from '../../graph/service-graph.ts';
import type { ToolGateway } from '../../mcp/gateway.ts';
import { findAlertMessage } from '../../slack/find-alert-message.ts';
import { postProgress as postProgressToSlack, postReport as postReportToSlack, postSearchFurtherResult } from '../../slack/post-report.ts';
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
  /** Where the paging or monitoring integration announces alerts; its message gets the findings as a thread. */
  alertChannel?: string;
  /** Base URL of the Slack app as Slack reaches it, for chart images. */
  publicUrl?: string;
  /** Say nothing in Slack unless there is a finding: no progress line, no inconclusive note. */
  quietWhenInconclusive?: boolean;
  logger: Logger;
}

export function createActivities(deps: ActivityDeps) {
  const slackDeps = { client: deps.slack, store: deps.store, publicUrl: deps.publicUrl };
  const ownerChannel = async (alert: Alert) => (await deps.graph.getService(alert.service))?.channel ?? deps.defaultChannel;
  /** The alert's own message when it can be found (its thread), else the owner channel. Once posted, the store remembers. */
  const target = async (investigationId: string, alert: Alert): Promise<{ channel: string; threadTs?: string }> => {
    const owner = await ownerChannel(alert);
    if (await deps.store.getSlackMessage(investigationId)) return { channel: owner };
    const found = await findAlertMessage(deps.slack, [owner, ...(deps.alertChannel ? [deps.alertChannel] : [])], alert);
    return found ? { channel: found.channel, threadTs: found.ts } : { channel: owner };
  };
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
        // Guidance from the team's YAML files and from Slack (`/ariadne guidance add`), merged.
        guidance: guidanceFor([...(deps.guidance ?? []), ...(await deps.store.listGuidance())], alert, alertClass).map(({ id, text, alsoCheck }) => ({ id, text, alsoCheck })),
      };
    },

    async plan(state: PlannerState): Promise<PlanDecision> {
      return deps.planner ? deps.planner(state) : planNext(state);
    },

    async callTool(input: { investigationId: string; call: ToolCall }): Promise<ToolResult> {
      const call = parseOrFail(ToolCallSchema, input.call, 'tool call');
      const result = await deps.tools.call(call);
      // Every result is kept with its investigation: it is what "what I checked" and a bundle export are made of.
      if (result.status !== 'error' || !result.retryable) await deps.store.saveObservations(input.investigationId, [result]);
      if (result.status === 'error' && result.retryable) {
        // Thrown so that Temporal's retry policy spaces the retries; the workflow records the
        // failure as a result once the attempts are spent.
        throw ApplicationFailure.retryable(result.error ?? 'tool call failed', 'ToolUnavailable');
      }
      return result;
    },

    async postReport(input: { report: Report }): Promise<{ channel: string; ts: string }> {
      const report = parseOrFail(ReportSchema, input.report, 'report');
      if (deps.quietWhenInconclusive && report.outcome === 'inconclusive') {
        // Kept for /ariadne status and the evals, but an engineer's attention is not spent on it.
        await deps.store.saveReport(report, 1, { alertClass: deriveAlertClass(report.alert) });
        deps.logger.info({ investigationId: report.investigationId }, 'inconclusive report kept quiet');
        return { channel: '', ts: '' };
      }
      const posted = await postReportToSlack(slackDeps, { report, revision: 1, ...(await target(report.investigationId, report.alert)), alertClass: deriveAlertClass(report.alert) });
      deps.logger.info({ investigationId: report.investigationId, outcome: report.outcome, ...posted }, 'report posted');
      return { channel: posted.channel, ts: posted.ts };
    },

    /** The progress line, updated in place; it becomes the report's message when the report is posted. */
    async postProgress(input: { investigationId: string; alert: Alert; progress: Progress }): Promise<void> {
      const alert = parseOrFail(AlertSchema, input.alert, 'alert');
      // In quiet mode nothing may appear before the outcome is known to be worth it.
      if (deps.quietWhenInconclusive) return;
      const { step, checking, elapsedMs } = input.progress;
      await postProgressToSlack(slackDeps, { view: { investigationId: input.investigationId, alert, step: step + 1, checking, elapsedMs }, ...(await target(input.investigationId, alert)) });
    },

    /** A "search further" result, as a reply in the thread of the report it came from. */
    async postFollowUp(input: { parentId: string; rank: number; report: Report }): Promise<void> {
      const report = parseOrFail(ReportSchema, input.report, 'report');
      const parent = await deps.store.getSlackMessage(input.parentId);
      if (!parent) throw ApplicationFailure.nonRetryable(`no Slack message recorded for ${input.parentId}`, 'BadInput');
      // Slack threads do not nest: when the report is itself a reply, the result joins that thread.
      const threadTs = (await deps.store.getInvestigation(input.parentId))?.threadTs ?? parent.ts;
      await postSearchFurtherResult(slackDeps, { parentInvestigationId: input.parentId, rank: input.rank, report, revision: 1, channel: parent.channel, threadTs });
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
