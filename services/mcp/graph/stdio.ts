// Entry point for MCP clients that spawn the server (Claude Desktop, Claude Code):
//   ARIADNE_CATALOG=catalog.yaml node services/mcp/graph/stdio.ts
// stdout carries the protocol; logs go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createStderrLogger } from '../shared/logger.ts';
import { graphOrExit } from './graph-from-env.ts';
import { createServer } from './server.ts';

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-graph');
  const graph = await graphOrExit(env);
  const { server, cleanup } = createServer({ graph, logger });
  await server.connect(new StdioServerTransport());
  logger.info({ catalog: env['ARIADNE_CATALOG'] }, 'graph mcp server ready on stdio');
  const stop = (): void => {
    void cleanup()
      .then(() => graph.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
