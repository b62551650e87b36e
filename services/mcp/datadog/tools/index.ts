// Every Datadog tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { queryServiceMetricsTool, registerQueryServiceMetricsTool, type DatadogToolDeps } from './query-service-metrics.ts';
import { registerSearchServiceLogsTool, searchServiceLogsTool } from './search-service-logs.ts';

export type { DatadogToolDeps };

export const datadogTools: readonly ToolDefinition[] = [queryServiceMetricsTool, searchServiceLogsTool];

export function registerDatadogTools(server: McpServer, deps: DatadogToolDeps): void {
  registerQueryServiceMetricsTool(server, deps);
  registerSearchServiceLogsTool(server, deps);
}
