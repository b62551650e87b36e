// Entry point for MCP clients that spawn the server (Claude Desktop, Claude Code):
//   KUBERNETES_SERVER=https://... KUBERNETES_TOKEN=... node services/mcp/kubernetes/stdio.ts
// stdout carries the protocol; logs go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createStderrLogger } from '../shared/logger.ts';
import { kubernetesConfigFromEnv } from './client.ts';
import { createServer } from './server.ts';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-kubernetes');
  const config = kubernetesConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-kubernetes: KUBERNETES_SERVER and KUBERNETES_TOKEN must be set (KUBERNETES_CA_DATA optional)\n');
    process.exit(2);
  }
  const { server, cleanup } = createServer({ kubernetes: config, logger });
  await server.connect(new StdioServerTransport());
  logger.info({ server: config.server }, 'kubernetes mcp server ready on stdio');
  const stop = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
