// The Kubernetes MCP server: read-only workload tools over the official Kubernetes client.
// Transports (stdio.ts, http.ts, the gateway's in-memory pair) are chosen by the caller.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { createKubernetesClient, type KubernetesClient, type KubernetesConfig } from './client.ts';
import { registerKubernetesTools } from './tools/index.ts';

export const SERVER_NAME = 'ariadne-kubernetes';
export const SERVER_VERSION = '0.1.0';

export interface KubernetesServerDeps {
  /** A ready client, or the configuration to build one. */
  kubernetes: KubernetesClient | KubernetesConfig;
  logger?: Logger;
}

function isClient(value: KubernetesClient | KubernetesConfig): value is KubernetesClient {
  return typeof (value as KubernetesClient).callOptions === 'function';
}

export function createServer(deps: KubernetesServerDeps): { server: McpServer; cleanup(): Promise<void> } {
  const kubernetes = isClient(deps.kubernetes) ? deps.kubernetes : createKubernetesClient(deps.kubernetes);
  const logger = deps.logger ?? silentLogger;
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: {} },
      instructions:
        'Read-only Kubernetes tools for investigating an alert on one service: its pods (health, restarts, images), its events (rollouts, restarts, OOM kills, warnings) over an ISO 8601 window of at most 24 h, the logs of its pods in trouble, and its rollout history.',
    },
  );
  registerKubernetesTools(server, { kubernetes, logger });
  return {
    server,
    // The client keeps no state worth tearing down per server, so closing the server is enough.
    cleanup: async () => {
      await server.close();
    },
  };
}
