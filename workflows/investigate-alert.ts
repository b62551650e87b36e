// The durable host of the investigation loop: planning and tool calls are activities, so a worker
// crash resumes mid-investigation, and failed tool calls are retried by Temporal's retry policy.
// After posting, the investigation stays open for a follow-up window, so "Search further" on a
// finding runs as a child workflow of the investigation it came from.
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { DEFAULT_BUDGET, failedCall, runInvestigation, type Budget, type InvestigationHost, type InvestigationInput, type Progress } from '../services/agent/loop.ts';
import type { Alert, Finding, Report, ToolCall, ToolResult } from '../services/agent/types.ts';
import type { Activities } from '../services/worker/activities/index.ts';
import { alertDeliveredSignal, followUpWorkflowId, progressQuery, reportQuery, searchFurtherUpdate } from './messages.ts';

const { loadContext, plan, postReport, postProgress, postFollowUp } = proxyActivities<Activities>({
  startToCloseTimeout: '60s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, nonRetryableErrorTypes: ['BadInput'] },
});

const { callTool } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '500ms', backoffCoefficient: 2, nonRetryableErrorTypes: ['BadInput'] },
});

export const DEFAULT_FOLLOW_UP_WINDOW_MS = 24 * 60 * 60_000;
export const FOLLOW_UP_BUDGET: Budget = { ...DEFAULT_BUDGET, maxSteps: 4, maxToolCalls: 24 };

export interface InvestigateAlertInput extends InvestigationInput {
  webhookId: string;
  budget?: Budget;
  /** How long "Search further" stays possible after the report is posted. */
  followUpWindowMs?: number;
}

export async function investigateAlert(input: InvestigateAlertInput): Promise<Report> {
  const deliveries = new Set([input.webhookId]);
  let progress: Progress & { deliveries: number } = { step: 0, toolCalls: 0, lastRationale: 'starting', checking: [], elapsedMs: 0, deliveries: 1 };
  let report: Report | null = null;
  const requested = new Map<number, string>();
  const queue: { rank: number; userId: string }[] = [];

  setHandler(alertDeliveredSignal, ({ webhookId }) => void deliveries.add(webhookId));
  setHandler(progressQuery, () => ({ ...progress, deliveries: deliveries.size }));
  setHandler(reportQuery, () => report);
  setHandler(
    searchFurtherUpdate,
    ({ rank, userId }) => {
      const workflowId = followUpWorkflowId(input.investigationId, rank);
      if (requested.has(rank)) return { started: false, workflowId };
      requested.set(rank, userId);
      queue.push({ rank, userId });
      return { started: true, workflowId };
    },
    {
      validator: ({ rank }) => {
        if (!report) throw new Error('the investigation has not concluded yet');
        if (!report.findings.some((f) => f.rank === rank)) throw new Error(`the report has no finding ranked ${rank}`);
      },
    },
  );

  const { webhookId: _webhookId, budget, followUpWindowMs, ...investigation } = input;
  const host = workflowHost(investigation.investigationId, {
    post: async (r) => void (await postReport({ report: r })),
    onProgress: async (p) => {
      progress = { ...p, deliveries: deliveries.size };
      if (p.checking.length > 0) await postProgress({ investigationId: investigation.investigationId, alert: investigation.alert, progress: p });
    },
  });
  report = await runInvestigation(investigation, host, budget);

  // Follow-ups: each "Search further" runs as a child; the window closes after a quiet period.
  const children: Promise<void>[] = [];
  const windowMs = followUpWindowMs ?? DEFAULT_FOLLOW_UP_WINDOW_MS;
  while (await condition(() => queue.length > 0, windowMs)) {
    const { rank } = queue.shift()!;
    const finding = report.findings.find((f) => f.rank === rank)!;
    children.push(
      executeChild(searchFurther, {
        workflowId: followUpWorkflowId(input.investigationId, rank),
        args: [{ parentId: input.investigationId, alert: investigation.alert, finding }],
      }).then(() => undefined),
    );
  }
  await Promise.all(children);
  await condition(allHandlersFinished);
  return report;
}

export interface SearchFurtherInput {
  parentId: string;
  alert: Alert;
  finding: Finding;
  budget?: Budget;
}

/** An investigation focused on one finding: it starts at the finding's service, with its own budget. */
export async function searchFurther(input: SearchFurtherInput): Promise<Report> {
  const investigationId = workflowInfo().workflowId;
  const focused: Alert = { ...input.alert, service: input.finding.service };
  const host = workflowHost(investigationId, {
    post: async (r) => void (await postFollowUp({ parentId: input.parentId, rank: input.finding.rank, report: r })),
  });
  return runInvestigation({ investigationId, alert: focused }, host, input.budget ?? FOLLOW_UP_BUDGET);
}

function workflowHost(investigationId: string, parts: Pick<InvestigationHost, 'post' | 'onProgress'>): InvestigationHost {
  return {
    loadContext: (i) => loadContext(i),
    plan: (state) => plan(state),
    callTools: (calls) => Promise.all(calls.map((call) => callOrRecordFailure(investigationId, call))),
    now: () => Date.now(),
    ...parts,
  };
}

/** After Temporal's retries are spent, a failed tool call becomes a result the planner can reason about. */
async function callOrRecordFailure(investigationId: string, call: ToolCall): Promise<ToolResult> {
  try {
    return await callTool({ investigationId, call });
  } catch (error) {
    const cause = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : error;
    return failedCall(call, cause instanceof Error ? cause.message : String(cause));
  }
}
