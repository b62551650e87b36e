// Entry point for a long-running Slack MCP server over stateless Streamable HTTP:
//   SLACK_BOT_TOKEN=xoxb-... MCP_HTTP_PORT=8815 node services/mcp/slack/http.ts
// Binds 127.0.0.1 unless MCP_HTTP_HOST says otherwise.
import { createStderrLogger } from '../shared/logger.ts';
import { serveMcpOverHttp, type RunningHttpServer, type ServeHttpOptions } from '../shared/serve-http.ts';
import { slackConfigFromEnv } from './client.ts';
import { createServer, type SlackServerDeps } from './server.ts';

export function startSlackHttpServer(deps: SlackServerDeps, options: ServeHttpOptions = {}): Promise<RunningHttpServer> {
  return serveMcpOverHttp(() => createServer(deps), { ...options, ...(deps.logger ? { logger: deps.logger } : {}) });
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-slack');
  const config = slackConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-slack: SLACK_BOT_TOKEN must be set (SLACK_API_URL optional, default https://slack.com/api/)\n');
    process.exit(2);
  }
  const port = env['MCP_HTTP_PORT'] ? Number(env['MCP_HTTP_PORT']) : 0;
  const running = await startSlackHttpServer({ slack: config, logger }, { host: env['MCP_HTTP_HOST'] ?? '127.0.0.1', port });
  process.stderr.write(`mcp-slack listening on ${running.url}\n`);
  const stop = (): void => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
