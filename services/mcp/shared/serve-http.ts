// Stateless Streamable HTTP for one MCP server factory: a fresh server and transport per request
// (the SDK's simpleStatelessStreamableHttp pattern), plain node:http, loopback by default with
// Host-header checks against DNS rebinding.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { silentLogger, type Logger } from './logger.ts';

export const MCP_PATH = '/mcp';
const MAX_BODY_BYTES = 1_000_000;

export interface ServeHttpOptions {
  host?: string;
  port?: number;
  logger?: Logger;
  /** Host headers to accept; defaults to 127.0.0.1/localhost on the bound port when bound to loopback. */
  allowedHosts?: string[];
}

export interface RunningHttpServer {
  /** Full URL of the MCP endpoint, e.g. http://127.0.0.1:41234/mcp */
  url: string;
  close(): Promise<void>;
}

function jsonRpcError(res: ServerResponse, httpStatus: number, code: number, message: string): void {
  res.writeHead(httpStatus, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readJsonBody(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, message: `request body is larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, message: 'request body is not valid JSON' };
  }
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1';
}

export async function serveMcpOverHttp(
  factory: () => { server: McpServer; cleanup(): Promise<void> },
  options: ServeHttpOptions = {},
): Promise<RunningHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  let allowedHosts: string[] | undefined = options.allowedHosts;

  const httpServer = createHttpServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'mcp http request failed');
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal server error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path !== MCP_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: the MCP endpoint is ${MCP_PATH}`);
      return;
    }
    // Stateless: no sessions, so no server-initiated GET stream and nothing to DELETE.
    if (req.method !== 'POST') {
      jsonRpcError(res, 405, -32000, 'Method not allowed: this server is stateless; use POST.');
      return;
    }
    const parsed = await readJsonBody(req);
    if (!parsed.ok) {
      jsonRpcError(res, 400, -32700, `Parse error: ${parsed.message}`);
      return;
    }
    const { server, cleanup } = factory();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
      ...(allowedHosts ? { enableDnsRebindingProtection: true, allowedHosts } : {}),
    });
    res.on('close', () => {
      void transport.close();
      void cleanup();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, parsed.body);
  }

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 0, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  if (!allowedHosts && isLoopback(host)) allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  const urlHost = host.includes(':') ? `[${host}]` : host;
  logger.info({ url: `http://${urlHost}:${port}${MCP_PATH}` }, 'mcp http server listening');
  return {
    url: `http://${urlHost}:${port}${MCP_PATH}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.closeAllConnections();
        httpServer.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
