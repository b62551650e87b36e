// Every server kind serves its tools over Streamable HTTP (stateless, loopback) to a real MCP
// client, and one is spawned over stdio the way Claude Desktop and Claude Code run it.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphHttpServer } from '../../../services/mcp/graph/http.ts';
import { startKubernetesHttpServer } from '../../../services/mcp/kubernetes/http.ts';
import { startOpenSearchHttpServer } from '../../../services/mcp/opensearch/http.ts';
import { startPagerDutyHttpServer } from '../../../services/mcp/pagerduty/http.ts';
import type { RunningHttpServer } from '../../../services/mcp/shared/serve-http.ts';
import { startSlackHttpServer } from '../../../services/mcp/slack/http.ts';
import { gatewayConfigFor, SLACK_BOT_TOKEN, type Simulator } from './gateway-all.ts';
import { startSimulator } from '../../../simulator/index.ts';

const INCIDENT = { from: '2026-11-20T13:00:00Z', to: '2026-11-20T13:35:00Z' };

let sim: Simulator;
let config: ReturnType<typeof gatewayConfigFor>;

beforeAll(async () => {
  sim = await startSimulator({ pagerdutyWebhookSecret: 's', slack: { botToken: SLACK_BOT_TOKEN, signingSecret: 'x' } });
  config = gatewayConfigFor(sim);
});
afterAll(async () => {
  await sim?.close();
});

async function overHttp(start: () => Promise<RunningHttpServer>, expectTools: string[], call: { name: string; arguments: Record<string, unknown> }): Promise<Record<string, unknown>> {
  const running = await start();
  const client = new Client({ name: 'transport-test', version: '0.0.0' });
  try {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    await client.connect(new StreamableHTTPClientTransport(new URL(running.url)));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(expectTools);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true && t.outputSchema !== undefined)).toBe(true);
    const result = await client.callTool(call);
    expect(result.isError).toBeFalsy();
    return result.structuredContent as Record<string, unknown>;
  } finally {
    await client.close();
    await running.close();
  }
}

describe('Streamable HTTP', () => {
  it('serves the Kubernetes tools', async () => {
    const out = await overHttp(() => startKubernetesHttpServer({ kubernetes: config.kubernetes }), ['get_pod_logs', 'get_rollout_history', 'list_service_events', 'list_service_pods'], {
      name: 'get_rollout_history',
      arguments: { service: 'inventory-service' },
    });
    expect(out['status']).toBe('ok');
  });

  it('serves the OpenSearch tools', async () => {
    const out = await overHttp(() => startOpenSearchHttpServer({ opensearch: config.opensearch }), ['log_volume_histogram', 'search_logs'], {
      name: 'search_logs',
      arguments: { service: 'inventory-service', window: INCIDENT, limit: 2 },
    });
    expect(out['status']).toBe('ok');
  });

  it('serves the PagerDuty tools', async () => {
    const out = await overHttp(() => startPagerDutyHttpServer({ pagerduty: config.pagerduty }), ['get_incident', 'list_recent_incidents'], {
      name: 'list_recent_incidents',
      arguments: { service: 'storefront-web', window: { from: '2026-10-01T00:00:00Z', to: INCIDENT.to } },
    });
    expect(out['status']).toBe('ok');
  });

  it('serves the Slack tool', async () => {
    const out = await overHttp(() => startSlackHttpServer({ slack: config.slack }), ['read_channel_messages'], { name: 'read_channel_messages', arguments: { channel: '#alerts-shop', window: INCIDENT } });
    expect(out['status']).toBe('ok');
  });

  it('serves the service graph tools', async () => {
    const out = await overHttp(() => startGraphHttpServer({ graph: config.graph }), ['find_dependency_paths', 'get_blast_radius', 'get_service_neighbours'], {
      name: 'get_blast_radius',
      arguments: { service: 'orders-db' },
    });
    expect(out['entryPoints']).toEqual(['storefront-web']);
  });
});

describe('stdio', () => {
  it('spawns the graph server from a catalog file and answers a tool call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ariadne-mcp-'));
    const catalog = join(dir, 'topology.yaml');
    await writeFile(catalog, sim.topologyYaml);
    const client = new Client({ name: 'stdio-test', version: '0.0.0' });
    try {
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [join(import.meta.dirname, '../../../services/mcp/graph/stdio.ts')],
          env: { ARIADNE_CATALOG: catalog, LOG_LEVEL: 'silent', PATH: process.env['PATH'] ?? '' },
          stderr: 'ignore',
        }),
      );
      const result = await client.callTool({ name: 'find_dependency_paths', arguments: { from: 'storefront-web', to: 'orders-db' } });
      expect(result.isError).toBeFalsy();
      expect((result.structuredContent as { direction: string }).direction).toBe('from_calls_to');
    } finally {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
