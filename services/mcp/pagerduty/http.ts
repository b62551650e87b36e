// Entry point for a long-running PagerDuty MCP server over stateless Streamable HTTP:
//   PAGERDUTY_TOKEN=... MCP_HTTP_PORT=8814 node services/mcp/pagerduty/http.ts
// Binds 127.0.0.1 unless MCP_HTTP_HOST says otherwise.
import { createStderrLogger } from '../shared/logger.ts';
import { serveMcpOverHttp, type RunningHttpServer, type ServeHttpOptions } from '../shared/serve-http.ts';
import { pagerDutyConfigFromEnv } from './client.ts';
import { createServer, type PagerDutyServerDeps } from './server.ts';

export function startPagerDutyHttpServer(deps: PagerDutyServerDeps, options: ServeHttpOptions = {}): Promise<RunningHttpServer> {
  return serveMcpOverHttp(() => createServer(deps), { ...options, ...(deps.logger ? { logger: deps.logger } : {}) });
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-pagerduty');
  const config = pagerDutyConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-pagerduty: PAGERDUTY_TOKEN must be set (PAGERDUTY_API_URL optional, default https://api.pagerduty.com)\n');
    process.exit(2);
  }
  const port = env['MCP_HTTP_PORT'] ? Number(env['MCP_HTTP_PORT']) : 0;
  const running = await startPagerDutyHttpServer({ pagerduty: config, logger }, { host: env['MCP_HTTP_HOST'] ?? '127.0.0.1', port });
  process.stderr.write(`mcp-pagerduty listening on ${running.url}\n`);
  const stop = (): void => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
