// The Datadog MCP server: read-only observability tools over the official Datadog client.
// Transports (stdio.ts, http.ts, the gateway's in-memory pair) are chosen by the caller.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { createDatadogClient, type DatadogClient, type DatadogConfig } from './client.ts';
import { registerDatadogTools } from './tools/index.ts';

export const SERVER_NAME = 'ariadne-datadog';
export const SERVER_VERSION = '0.1.0';

export interface DatadogServerDeps {
  /** A ready client, or the configuration to build one. */
  datadog: DatadogClient | DatadogConfig;
  logger?: Logger;
}

function isClient(value: DatadogClient | DatadogConfig): value is DatadogClient {
  return typeof (value as DatadogClient).open === 'function';
}

export function createServer(deps: DatadogServerDeps): { server: McpServer; cleanup(): Promise<void> } {
  const datadog = isClient(deps.datadog) ? deps.datadog : createDatadogClient(deps.datadog);
  const logger = deps.logger ?? silentLogger;
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Read-only Datadog tools for investigating an alert on one service over an ISO 8601 window of at most 24 h: metrics (error rate, latency, traffic, saturation, restarts), log signatures, APM traces, change events, monitors and APM service dependencies.',
    },
  );
  registerDatadogTools(server, { datadog, logger });
  return {
    server,
    // The client holds no sockets of its own (fetch pools are global), so closing the server is enough.
    cleanup: async () => {
      await server.close();
    },
  };
}
