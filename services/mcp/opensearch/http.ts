// Entry point for a long-running OpenSearch MCP server over stateless Streamable HTTP:
//   OPENSEARCH_URL=https://... MCP_HTTP_PORT=8813 node services/mcp/opensearch/http.ts
// Binds 127.0.0.1 unless MCP_HTTP_HOST says otherwise.
import { createStderrLogger, type Logger } from '../shared/logger.ts';
import { serveMcpOverHttp, type RunningHttpServer, type ServeHttpOptions } from '../shared/serve-http.ts';
import { createOpenSearchClient, openSearchConfigFromEnv, type OpenSearchConfig } from './client.ts';
import { createServer } from './server.ts';

export async function startOpenSearchHttpServer(
  deps: { opensearch: OpenSearchConfig; logger?: Logger },
  options: ServeHttpOptions = {},
): Promise<RunningHttpServer> {
  // One client (one connection pool) for all requests; each request gets its own MCP server.
  const opensearch = createOpenSearchClient(deps.opensearch);
  const running = await serveMcpOverHttp(() => createServer({ opensearch, ...(deps.logger ? { logger: deps.logger } : {}) }), {
    ...options,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  return {
    url: running.url,
    close: async () => {
      await running.close();
      await opensearch.close();
    },
  };
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-opensearch');
  const config = openSearchConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-opensearch: OPENSEARCH_URL must be set (OPENSEARCH_USERNAME, OPENSEARCH_PASSWORD and OPENSEARCH_INDEX optional, index default logs-*)\n');
    process.exit(2);
  }
  const port = env['MCP_HTTP_PORT'] ? Number(env['MCP_HTTP_PORT']) : 0;
  const running = await startOpenSearchHttpServer({ opensearch: config, logger }, { host: env['MCP_HTTP_HOST'] ?? '127.0.0.1', port });
  process.stderr.write(`mcp-opensearch listening on ${running.url}\n`);
  const stop = (): void => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
