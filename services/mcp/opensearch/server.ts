// The OpenSearch MCP server: read-only log tools over the official OpenSearch client.
// Transports (stdio.ts, http.ts, the gateway's in-memory pair) are chosen by the caller.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { createOpenSearchClient, type OpenSearchClient, type OpenSearchConfig } from './client.ts';
import { registerOpenSearchTools } from './tools/index.ts';

export const SERVER_NAME = 'ariadne-opensearch';
export const SERVER_VERSION = '0.1.0';

export interface OpenSearchServerDeps {
  /** A ready client (shared, closed by its owner), or the configuration to build one (closed with the server). */
  opensearch: OpenSearchClient | OpenSearchConfig;
  logger?: Logger;
}

function isClient(value: OpenSearchClient | OpenSearchConfig): value is OpenSearchClient {
  return typeof (value as OpenSearchClient).search === 'function';
}

export function createServer(deps: OpenSearchServerDeps): { server: McpServer; cleanup(): Promise<void> } {
  const owned = !isClient(deps.opensearch);
  const opensearch = isClient(deps.opensearch) ? deps.opensearch : createOpenSearchClient(deps.opensearch);
  const logger = deps.logger ?? silentLogger;
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Read-only OpenSearch log tools for investigating an alert on one service over an ISO 8601 window of at most 24 h: error/warning log signatures and the log volume per level over time.',
    },
  );
  registerOpenSearchTools(server, { opensearch, logger });
  return {
    server,
    cleanup: async () => {
      await server.close();
      // The client keeps a connection pool; close it only when this server made it.
      if (owned) await opensearch.close();
    },
  };
}
