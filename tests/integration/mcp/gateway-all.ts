// Starts the simulator and a tool gateway with every MCP server pointed at its fakes (the service
// graph from the scenario's topology), for the integration tests in this folder.
import { startSimulator, type StartSimulatorOptions } from '../../../simulator/index.ts';
import { createInMemoryGraph } from '../../../services/graph/in-memory-graph.ts';
import { parseCatalog } from '../../../services/graph/import-catalog.ts';
import { configFromEnv, createToolGateway, type ToolGateway, type ToolGatewayConfig } from '../../../services/mcp/gateway.ts';
import { productEnvFor } from '../../../simulator/product-env.ts';

export const SLACK_BOT_TOKEN = 'xoxb-test-reader';

export type Simulator = Awaited<ReturnType<typeof startSimulator>>;

export function gatewayConfigFor(sim: Simulator): Required<Omit<ToolGatewayConfig, 'logger'>> {
  const config = configFromEnv(productEnvFor(sim, { botToken: SLACK_BOT_TOKEN }), { graph: createInMemoryGraph(parseCatalog(sim.topologyYaml)) });
  const { datadog, kubernetes, opensearch, pagerduty, slack, graph } = config;
  if (!datadog || !kubernetes || !opensearch || !pagerduty || !slack || !graph) throw new Error(`the simulator's environment left a server unconfigured: ${Object.keys(config).join(', ')}`);
  return { datadog, kubernetes, opensearch, pagerduty, slack, graph };
}

export async function startWorld(options: Partial<StartSimulatorOptions> = {}): Promise<{ sim: Simulator; gateway: ToolGateway; close(): Promise<void> }> {
  const sim = await startSimulator({ pagerdutyWebhookSecret: 's', slack: { botToken: SLACK_BOT_TOKEN, signingSecret: 'x' }, ...options });
  const gateway = await createToolGateway(gatewayConfigFor(sim));
  return {
    sim,
    gateway,
    close: async () => {
      await gateway.close();
      await sim.close();
    },
  };
}
