// Names both sides of the workflow share: the client that starts it and the worker that runs it.
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { Progress } from '../services/agent/loop.ts';

export const TASK_QUEUE = 'ariadne-investigations';

/** Sent by intake with every delivery of the same incident; a re-delivery never starts a second run. */
export const alertDeliveredSignal = defineSignal<[{ webhookId: string }]>('alertDelivered');

export const progressQuery = defineQuery<Progress & { deliveries: number }>('progress');
