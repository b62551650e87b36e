// Client-side view of investigations running in Temporal: what intake, the Slack app, the demo and
// the tests need, in one place, so none of them hand-builds workflow ids or query names.
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Report } from './agent/types.ts';
import { reportQuery, searchFurtherUpdate } from '../workflows/messages.ts';

/** Polls the investigation until its report exists (the workflow stays open afterwards for follow-ups). */
export async function waitForReport(client: Client, investigationId: string, timeoutMs = 60_000, everyMs = 100): Promise<Report> {
  const handle = client.workflow.getHandle(investigationId);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const report = await handle.query(reportQuery);
    if (report) return report;
    if (Date.now() > deadline) throw new Error(`no report for ${investigationId} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export type SearchFurtherOutcome = { status: 'started' | 'already_running'; workflowId: string } | { status: 'rejected'; reason: string };

/** Asks the investigation to search further on one finding; a closed or unknown one is rejected with a reason. */
export async function requestSearchFurther(client: Client, investigationId: string, rank: number, userId: string): Promise<SearchFurtherOutcome> {
  try {
    const outcome = await client.workflow.getHandle(investigationId).executeUpdate(searchFurtherUpdate, { args: [{ rank, userId }] });
    return { status: outcome.started ? 'started' : 'already_running', workflowId: outcome.workflowId };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return { status: 'rejected', reason: error.cause?.message ?? error.message };
    if ((error as Error).name === 'WorkflowNotFoundError') return { status: 'rejected', reason: 'this investigation is closed; search further is no longer possible' };
    throw error;
  }
}
