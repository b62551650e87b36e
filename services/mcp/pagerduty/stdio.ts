// Entry point for MCP clients that spawn the server (Claude Desktop, Claude Code):
//   PAGERDUTY_TOKEN=... node services/mcp/pagerduty/stdio.ts
// stdout carries the protocol; logs go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createStderrLogger } from '../shared/logger.ts';
import { pagerDutyConfigFromEnv } from './client.ts';
import { createServer } from './server.ts';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-pagerduty');
  const config = pagerDutyConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-pagerduty: PAGERDUTY_TOKEN must be set (PAGERDUTY_API_URL optional, default https://api.pagerduty.com)\n');
    process.exit(2);
  }
  const { server, cleanup } = createServer({ pagerduty: config, logger });
  await server.connect(new StdioServerTransport());
  logger.info({ baseUrl: config.baseUrl }, 'pagerduty mcp server ready on stdio');
  const stop = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
