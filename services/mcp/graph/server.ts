// The service-graph MCP server: read-only walks over the ServiceGraph interface (in-memory or
// Neo4j); no vendor behind it. Transports (stdio.ts, http.ts, the gateway's in-memory pair) are
// chosen by the caller.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServiceGraph } from '../../graph/service-graph.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { registerGraphTools } from './tools/index.ts';

export const SERVER_NAME = 'ariadne-graph';
export const SERVER_VERSION = '0.1.0';

export interface GraphServerDeps {
  graph: ServiceGraph;
  logger?: Logger;
}

export function createServer(deps: GraphServerDeps): { server: McpServer; cleanup(): Promise<void> } {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Read-only service dependency graph tools: callers and dependencies of a service within k hops, call paths between two services, and the blast radius of a failing service.',
    },
  );
  registerGraphTools(server, { graph: deps.graph, logger: deps.logger ?? silentLogger });
  return {
    server,
    // The graph belongs to the caller (it may be shared); only the MCP server is closed here.
    cleanup: async () => {
      await server.close();
    },
  };
}
