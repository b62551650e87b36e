// Every OpenSearch tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { logVolumeHistogramTool, registerLogVolumeHistogramTool } from './log-volume-histogram.ts';
import { registerSearchLogsTool, searchLogsTool, type OpenSearchToolDeps } from './search-logs.ts';

export type { OpenSearchToolDeps };

export const openSearchTools: readonly ToolDefinition[] = [searchLogsTool, logVolumeHistogramTool];

export function registerOpenSearchTools(server: McpServer, deps: OpenSearchToolDeps): void {
  registerSearchLogsTool(server, deps);
  registerLogVolumeHistogramTool(server, deps);
}
