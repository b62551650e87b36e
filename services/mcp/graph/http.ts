// Entry point for a long-running service-graph MCP server over stateless Streamable HTTP:
//   ARIADNE_CATALOG=catalog.yaml MCP_HTTP_PORT=8816 node services/mcp/graph/http.ts
// Binds 127.0.0.1 unless MCP_HTTP_HOST says otherwise.
import { createStderrLogger } from '../shared/logger.ts';
import { serveMcpOverHttp, type RunningHttpServer, type ServeHttpOptions } from '../shared/serve-http.ts';
import { graphOrExit } from './graph-from-env.ts';
import { createServer, type GraphServerDeps } from './server.ts';

export function startGraphHttpServer(deps: GraphServerDeps, options: ServeHttpOptions = {}): Promise<RunningHttpServer> {
  return serveMcpOverHttp(() => createServer(deps), { ...options, ...(deps.logger ? { logger: deps.logger } : {}) });
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-graph');
  const graph = await graphOrExit(env);
  const port = env['MCP_HTTP_PORT'] ? Number(env['MCP_HTTP_PORT']) : 0;
  const running = await startGraphHttpServer({ graph, logger }, { host: env['MCP_HTTP_HOST'] ?? '127.0.0.1', port });
  process.stderr.write(`mcp-graph listening on ${running.url}\n`);
  const stop = (): void => {
    void running
      .close()
      .then(() => graph.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
