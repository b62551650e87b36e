// Every service-graph tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { findDependencyPathsTool, registerFindDependencyPathsTool } from './find-dependency-paths.ts';
import { getBlastRadiusTool, registerGetBlastRadiusTool } from './get-blast-radius.ts';
import { getServiceNeighboursTool, registerGetServiceNeighboursTool, type GraphToolDeps } from './get-service-neighbours.ts';

export type { GraphToolDeps };

export const graphTools: readonly ToolDefinition[] = [getServiceNeighboursTool, findDependencyPathsTool, getBlastRadiusTool];

export function registerGraphTools(server: McpServer, deps: GraphToolDeps): void {
  registerGetServiceNeighboursTool(server, deps);
  registerFindDependencyPathsTool(server, deps);
  registerGetBlastRadiusTool(server, deps);
}
