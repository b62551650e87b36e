// Every Kubernetes tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { getPodLogsTool, registerGetPodLogsTool } from './get-pod-logs.ts';
import { getRolloutHistoryTool, registerGetRolloutHistoryTool } from './get-rollout-history.ts';
import { listServiceEventsTool, registerListServiceEventsTool } from './list-service-events.ts';
import { listServicePodsTool, registerListServicePodsTool, type KubernetesToolDeps } from './list-service-pods.ts';

export type { KubernetesToolDeps };

export const kubernetesTools: readonly ToolDefinition[] = [listServicePodsTool, listServiceEventsTool, getPodLogsTool, getRolloutHistoryTool];

export function registerKubernetesTools(server: McpServer, deps: KubernetesToolDeps): void {
  registerListServicePodsTool(server, deps);
  registerListServiceEventsTool(server, deps);
  registerGetPodLogsTool(server, deps);
  registerGetRolloutHistoryTool(server, deps);
}
