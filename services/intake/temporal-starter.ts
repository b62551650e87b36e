// Starts (or joins) the investigation for an incident. The workflow id is derived from the
// incident, and signalWithStart makes a redelivered webhook a signal to the running investigation
// instead of a second one; once it has finished, the id-reuse policy turns a late redelivery into a
// duplicate too.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { investigationIdFor, type Alert } from '../agent/types.ts';
import { alertDeliveredSignal, TASK_QUEUE } from '../../workflows/messages.ts';
import type { investigateAlert } from '../../workflows/investigate-alert.ts';
import type { StartInvestigation } from './server.ts';

export function createTemporalStarter(client: Client, taskQueue = TASK_QUEUE): StartInvestigation {
  return async (alert: Alert, { webhookId }) => {
    const investigationId = investigationIdFor(alert.incidentId);
    const running = await isRunning(client, investigationId);
    if (running) {
      await client.workflow.getHandle(investigationId).signal(alertDeliveredSignal, { webhookId });
      return { status: 'duplicate', investigationId };
    }
    try {
      await client.workflow.signalWithStart<typeof investigateAlert, [{ webhookId: string }]>('investigateAlert', {
        workflowId: investigationId,
        taskQueue,
        args: [{ investigationId, alert, webhookId }],
        signal: alertDeliveredSignal,
        signalArgs: [{ webhookId }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      return { status: 'started', investigationId };
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return { status: 'duplicate', investigationId };
      throw error;
    }
  };
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch (error) {
    if ((error as Error).name === 'WorkflowNotFoundError') return false;
    throw error;
  }
}
