// Names both sides of the workflows share: intake and the Slack app (clients) and the worker.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Progress } from '../services/agent/loop.ts';
import type { Report } from '../services/agent/types.ts';

export const TASK_QUEUE = 'ariadne-investigations';

/** Sent by intake with every delivery of the same incident; a re-delivery never starts a second run. */
export const alertDeliveredSignal = defineSignal<[{ webhookId: string }]>('alertDelivered');

export const progressQuery = defineQuery<Progress & { deliveries: number }>('progress');

/** The report once the investigation has concluded; null before. */
export const reportQuery = defineQuery<Report | null>('report');

/**
 * "Search further" on one finding: starts a child investigation focused on it. Rejected (by the
 * validator) before the report exists or for a rank the report does not have; a second request
 * for a rank already searched answers started: false.
 */
export const searchFurtherUpdate = defineUpdate<{ started: boolean; workflowId: string }, [{ rank: number; userId: string }]>('searchFurther');

export function followUpWorkflowId(investigationId: string, rank: number): string {
  return `${investigationId}-further-${rank}`;
}
