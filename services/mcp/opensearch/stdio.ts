// Entry point for MCP clients that spawn the server (Claude Desktop, Claude Code):
//   OPENSEARCH_URL=https://... OPENSEARCH_USERNAME=... OPENSEARCH_PASSWORD=... node services/mcp/opensearch/stdio.ts
// stdout carries the protocol; logs go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createStderrLogger } from '../shared/logger.ts';
import { openSearchConfigFromEnv } from './client.ts';
import { createServer } from './server.ts';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-opensearch');
  const config = openSearchConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-opensearch: OPENSEARCH_URL must be set (OPENSEARCH_USERNAME, OPENSEARCH_PASSWORD and OPENSEARCH_INDEX optional, index default logs-*)\n');
    process.exit(2);
  }
  const { server, cleanup } = createServer({ opensearch: config, logger });
  await server.connect(new StdioServerTransport());
  logger.info({ url: config.url }, 'opensearch mcp server ready on stdio');
  const stop = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
