// Entry point for MCP clients that spawn the server (Claude Desktop, Claude Code):
//   DD_API_KEY=... DD_APP_KEY=... DD_SITE_URL=https://api.datadoghq.eu node services/mcp/datadog/stdio.ts
// stdout carries the protocol; logs go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createStderrLogger } from '../shared/logger.ts';
import { datadogConfigFromEnv } from './client.ts';
import { createServer } from './server.ts';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-datadog');
  const config = datadogConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-datadog: DD_API_KEY and DD_APP_KEY must be set (DD_SITE_URL optional, default https://api.datadoghq.com)\n');
    process.exit(2);
  }
  const { server, cleanup } = createServer({ datadog: config, logger });
  await server.connect(new StdioServerTransport());
  logger.info({ baseUrl: config.baseUrl }, 'datadog mcp server ready on stdio');
  const stop = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
