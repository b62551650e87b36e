// The PagerDuty MCP server: read-only incident tools over the PagerDuty REST API v2.
// Transports (stdio.ts, http.ts, the gateway's in-memory pair) are chosen by the caller.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { createPagerDutyClient, type PagerDutyClient, type PagerDutyConfig } from './client.ts';
import { registerPagerDutyTools } from './tools/index.ts';

export const SERVER_NAME = 'ariadne-pagerduty';
export const SERVER_VERSION = '0.1.0';

export interface PagerDutyServerDeps {
  /** A ready client, or the configuration to build one. */
  pagerduty: PagerDutyClient | PagerDutyConfig;
  logger?: Logger;
}

function isClient(value: PagerDutyClient | PagerDutyConfig): value is PagerDutyClient {
  return typeof (value as PagerDutyClient).get === 'function';
}

export function createServer(deps: PagerDutyServerDeps): { server: McpServer; cleanup(): Promise<void> } {
  const pagerduty = isClient(deps.pagerduty) ? deps.pagerduty : createPagerDutyClient(deps.pagerduty);
  const logger = deps.logger ?? silentLogger;
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Read-only PagerDuty tools: one incident with its alerts and timeline, and the past incidents on a service (has this happened before, how long did it take to resolve).',
    },
  );
  registerPagerDutyTools(server, { pagerduty, logger });
  return {
    server,
    // fetch pools are global; closing the server is enough.
    cleanup: async () => {
      await server.close();
    },
  };
}
