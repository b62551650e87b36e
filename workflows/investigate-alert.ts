// The durable host of the investigation loop: planning and tool calls are activities, so a worker
// crash resumes mid-investigation, and failed tool calls are retried by Temporal's retry policy.
import { ActivityFailure, ApplicationFailure, proxyActivities, setHandler } from '@temporalio/workflow';
import { runInvestigation, type Budget, type InvestigationHost, type InvestigationInput, type Progress } from '../services/agent/loop.ts';
import type { Report, ToolCall, ToolResult } from '../services/agent/types.ts';
import type { Activities } from '../services/worker/activities/index.ts';
import { alertDeliveredSignal, progressQuery } from './messages.ts';

const { loadContext, plan, postReport } = proxyActivities<Activities>({
  startToCloseTimeout: '60s',
  retry: { maximumAttempts: 5, initialInterval: '1s', backoffCoefficient: 2, nonRetryableErrorTypes: ['BadInput'] },
});

const { callTool } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 3, initialInterval: '500ms', backoffCoefficient: 2, nonRetryableErrorTypes: ['BadInput'] },
});

export interface InvestigateAlertInput extends InvestigationInput {
  webhookId: string;
  budget?: Budget;
}

export async function investigateAlert(input: InvestigateAlertInput): Promise<Report> {
  const deliveries = new Set([input.webhookId]);
  let progress: Progress = { step: 0, toolCalls: 0, lastRationale: 'starting' };
  setHandler(alertDeliveredSignal, ({ webhookId }) => void deliveries.add(webhookId));
  setHandler(progressQuery, () => ({ ...progress, deliveries: deliveries.size }));

  const host: InvestigationHost = {
    loadContext: (i) => loadContext(i),
    plan: (state) => plan(state),
    callTools: (calls) => Promise.all(calls.map(callOrRecordFailure)),
    post: async (report) => void (await postReport({ report })),
    now: () => Date.now(),
    onProgress: (p) => void (progress = p),
  };
  const { webhookId: _webhookId, budget, ...investigation } = input;
  return runInvestigation(investigation, host, budget);
}

/** After Temporal's retries are spent, a failed tool call becomes a result the planner can reason about. */
async function callOrRecordFailure(call: ToolCall): Promise<ToolResult> {
  try {
    return await callTool(call);
  } catch (error) {
    const cause = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause : error;
    return {
      callId: call.id,
      server: call.server,
      tool: call.tool,
      arguments: call.arguments,
      status: 'error',
      summary: `${call.server}/${call.tool} ${JSON.stringify(call.arguments)}`,
      error: cause instanceof Error ? cause.message : String(cause),
      retryable: false,
      durationMs: 0,
    };
  }
}
