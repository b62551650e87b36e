// The eval host: the same activity functions the Temporal worker registers, called directly, so an
// investigation runs in-process in milliseconds with the very code the workflow runs.
import { failedCall, type InvestigationHost } from '../../services/agent/loop.ts';
import type { ToolCall, ToolResult } from '../../services/agent/types.ts';
import type { Activities } from '../../services/worker/activities/index.ts';

export function createInProcessHost(activities: Activities, investigationId: string, options: { now?: () => number; maxAttempts?: number } = {}): InvestigationHost {
  const attempts = options.maxAttempts ?? 3;
  const callWithRetries = async (call: ToolCall): Promise<ToolResult> => {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        return await activities.callTool({ investigationId, call });
      } catch (error) {
        lastError = error;
      }
    }
    return failedCall(call, lastError instanceof Error ? lastError.message : String(lastError));
  };
  return {
    loadContext: (input) => activities.loadContext(input),
    plan: (state) => activities.plan(state),
    callTools: (calls) => Promise.all(calls.map(callWithRetries)),
    post: async (report) => void (await activities.postReport({ report })),
    now: options.now ?? (() => performance.now()),
  };
}
