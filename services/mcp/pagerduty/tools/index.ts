// Every PagerDuty tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { getIncidentTool, registerGetIncidentTool, type PagerDutyToolDeps } from './get-incident.ts';
import { listRecentIncidentsTool, registerListRecentIncidentsTool } from './list-recent-incidents.ts';

export type { PagerDutyToolDeps };

export const pagerDutyTools: readonly ToolDefinition[] = [getIncidentTool, listRecentIncidentsTool];

export function registerPagerDutyTools(server: McpServer, deps: PagerDutyToolDeps): void {
  registerGetIncidentTool(server, deps);
  registerListRecentIncidentsTool(server, deps);
}
