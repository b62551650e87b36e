// Entry point for MCP clients that spawn the server (Claude Desktop, Claude Code):
//   SLACK_BOT_TOKEN=xoxb-... node services/mcp/slack/stdio.ts
// stdout carries the protocol; logs go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createStderrLogger } from '../shared/logger.ts';
import { slackConfigFromEnv } from './client.ts';
import { createServer } from './server.ts';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-slack');
  const config = slackConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-slack: SLACK_BOT_TOKEN must be set (SLACK_API_URL optional, default https://slack.com/api/)\n');
    process.exit(2);
  }
  const { server, cleanup } = createServer({ slack: config, logger });
  await server.connect(new StdioServerTransport());
  logger.info({ apiUrl: config.apiUrl }, 'slack mcp server ready on stdio');
  const stop = (): void => {
    void cleanup().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
