// Every Datadog tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { getServiceDependenciesTool, registerGetServiceDependenciesTool } from './get-service-dependencies.ts';
import { listChangeEventsTool, registerListChangeEventsTool } from './list-change-events.ts';
import { listServiceMonitorsTool, registerListServiceMonitorsTool } from './list-service-monitors.ts';
import { queryServiceMetricsTool, registerQueryServiceMetricsTool, type DatadogToolDeps } from './query-service-metrics.ts';
import { registerSearchServiceLogsTool, searchServiceLogsTool } from './search-service-logs.ts';
import { registerSearchServiceTracesTool, searchServiceTracesTool } from './search-service-traces.ts';

export type { DatadogToolDeps };

export const datadogTools: readonly ToolDefinition[] = [
  queryServiceMetricsTool,
  searchServiceLogsTool,
  searchServiceTracesTool,
  listChangeEventsTool,
  listServiceMonitorsTool,
  getServiceDependenciesTool,
];

export function registerDatadogTools(server: McpServer, deps: DatadogToolDeps): void {
  registerQueryServiceMetricsTool(server, deps);
  registerSearchServiceLogsTool(server, deps);
  registerSearchServiceTracesTool(server, deps);
  registerListChangeEventsTool(server, deps);
  registerListServiceMonitorsTool(server, deps);
  registerGetServiceDependenciesTool(server, deps);
}
