// Entry point for a long-running Kubernetes MCP server over stateless Streamable HTTP:
//   KUBERNETES_SERVER=https://... KUBERNETES_TOKEN=... MCP_HTTP_PORT=8812 node services/mcp/kubernetes/http.ts
// Binds 127.0.0.1 unless MCP_HTTP_HOST says otherwise.
import { createStderrLogger } from '../shared/logger.ts';
import { serveMcpOverHttp, type RunningHttpServer, type ServeHttpOptions } from '../shared/serve-http.ts';
import { kubernetesConfigFromEnv } from './client.ts';
import { createServer, type KubernetesServerDeps } from './server.ts';

export function startKubernetesHttpServer(deps: KubernetesServerDeps, options: ServeHttpOptions = {}): Promise<RunningHttpServer> {
  return serveMcpOverHttp(() => createServer(deps), { ...options, ...(deps.logger ? { logger: deps.logger } : {}) });
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<void> {
  const logger = createStderrLogger('mcp-kubernetes');
  const config = kubernetesConfigFromEnv(env);
  if (!config) {
    process.stderr.write('mcp-kubernetes: KUBERNETES_SERVER and KUBERNETES_TOKEN must be set (KUBERNETES_CA_DATA optional)\n');
    process.exit(2);
  }
  const port = env['MCP_HTTP_PORT'] ? Number(env['MCP_HTTP_PORT']) : 0;
  const running = await startKubernetesHttpServer({ kubernetes: config, logger }, { host: env['MCP_HTTP_HOST'] ?? '127.0.0.1', port });
  process.stderr.write(`mcp-kubernetes listening on ${running.url}\n`);
  const stop = (): void => {
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.main) await main();
