// Entry point for a long-running Datadog MCP server over stateless Streamable HTTP:
//   DD_API_KEY=... DD_APP_KEY=... MCP_HTTP_PORT=8811 node services/mcp/datadog/http.ts
// Binds 127.0.0.1 unless MCP_HTTP_HOST says otherwise.
import { createStderrLogger } from '../shared/logger.ts';
import { serveMcpOverHttp, type RunningHttpServer, type ServeHttpOptions } from '../shared/serve-http.ts';
import { datadogConfigFromEnv } from './client.ts';
import { createServer, type DatadogServerDeps } from './server.ts';

export function startDatadogHttpServer(deps: DatadogServerDeps, options: ServeHttpOptions = {}): Promise<RunningHttpServer> {
  return serveMcpOverHttp(() => createServer(deps), { ...options, ...(deps.logger ? { logger: deps.logger } : {}) });
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-datadog');
  const config = datadogConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-datadog: DD_API_KEY and DD_APP_KEY must be set (DD_SITE_URL optional, default https://api.datadoghq.com)\n');
    process.exit(2);
  }
  const port = env['MCP_HTTP_PORT'] ? Number(env['MCP_HTTP_PORT']) : 0;
  const running = await startDatadogHttpServer({ datadog: config, logger }, { host: env['MCP_HTTP_HOST'] ?? '127.0.0.1', port });
  process.stderr.write(`mcp-datadog listening on ${running.url}\n`);
  const stop = (): void => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
