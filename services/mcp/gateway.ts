// The agent's one door to every tool: each configured MCP server runs in-process and is reached
// through a real MCP Client over an in-memory transport, so the agent exercises the same protocol
// path (input validation, output schemas, isError) as Claude Desktop would, without sockets.
// `call` never throws: every failure is a ToolResult with status "error" and a message.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import type { ToolCall, ToolResult } from '../agent/types.ts';
import type { ServiceGraph } from '../graph/service-graph.ts';
import { datadogConfigFromEnv, type DatadogConfig } from './datadog/client.ts';
import { createServer as createDatadogServer } from './datadog/server.ts';
import { datadogTools } from './datadog/tools/index.ts';
import { kubernetesConfigFromEnv, type KubernetesConfig } from './kubernetes/client.ts';
import { createServer as createKubernetesServer } from './kubernetes/server.ts';
import { kubernetesTools } from './kubernetes/tools/index.ts';
import { createServer as createGraphServer } from './graph/server.ts';
import { graphTools } from './graph/tools/index.ts';
import { openSearchConfigFromEnv, type OpenSearchConfig } from './opensearch/client.ts';
import { createServer as createOpenSearchServer } from './opensearch/server.ts';
import { openSearchTools } from './opensearch/tools/index.ts';
import { pagerDutyConfigFromEnv, type PagerDutyConfig } from './pagerduty/client.ts';
import { createServer as createPagerDutyServer } from './pagerduty/server.ts';
import { pagerDutyTools } from './pagerduty/tools/index.ts';
import { slackConfigFromEnv, type SlackConfig } from './slack/client.ts';
import { createServer as createSlackServer } from './slack/server.ts';
import { slackTools } from './slack/tools/index.ts';
import { silentLogger, type Logger } from './shared/logger.ts';
import type { ToolDefinition } from './shared/tool-definition.ts';

export interface ToolGatewayConfig {
  datadog?: DatadogConfig;
  kubernetes?: KubernetesConfig;
  opensearch?: OpenSearchConfig;
  pagerduty?: PagerDutyConfig;
  slack?: SlackConfig;
  /** The service graph the graph tools walk; owned by the caller (the gateway does not close it). */
  graph?: ServiceGraph;
  logger?: Logger;
}

export interface ToolInfo {
  server: string;
  name: string;
  description: string;
  /** From the tool's annotations; every Ariadne tool is read-only. */
  readOnlyHint: boolean;
  /** The tool's JSON Schema for its input, as MCP lists it (a model-driven planner passes it on). */
  inputSchema: Record<string, unknown>;
}

export interface ToolGateway {
  call(call: ToolCall): Promise<ToolResult>;
  listTools(): Promise<ToolInfo[]>;
  close(): Promise<void>;
}

interface Connected {
  name: string;
  client: Client;
  definitions: ReadonlyMap<string, ToolDefinition>;
  tools: ToolInfo[];
  cleanup(): Promise<void>;
}

/** Which env vars configure each server, for the "not configured" message. */
const SERVER_ENV: Record<string, string> = {
  datadog: 'DD_API_KEY and DD_APP_KEY (and DD_SITE_URL)',
  kubernetes: 'KUBERNETES_SERVER and KUBERNETES_TOKEN',
  opensearch: 'OPENSEARCH_URL (and OPENSEARCH_USERNAME, OPENSEARCH_PASSWORD, OPENSEARCH_INDEX)',
  pagerduty: 'PAGERDUTY_TOKEN (and PAGERDUTY_API_URL)',
  slack: 'SLACK_BOT_TOKEN (and SLACK_API_URL)',
  graph: 'a service graph (ARIADNE_CATALOG for the worker)',
};

// Output schemas are the same for every gateway a process builds (the eval runner builds one per
// investigation), and the SDK's Ajv validator caches a compiled schema only by its $id, which ours
// do not carry: compiling each one once per process, not once per client, saves ~10 ms a gateway.
const ajv = new AjvJsonSchemaValidator();
const compiled = new Map<string, JsonSchemaValidator<unknown>>();
const sharedValidator: jsonSchemaValidator = {
  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    const key = JSON.stringify(schema);
    let validator = compiled.get(key);
    if (!validator) compiled.set(key, (validator = ajv.getValidator<unknown>(schema)));
    return validator as JsonSchemaValidator<T>;
  },
};

async function connect(
  name: string,
  created: { server: McpServer; cleanup(): Promise<void> },
  definitions: readonly ToolDefinition[],
): Promise<Connected> {
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await created.server.connect(serverTransport);
  const client = new Client({ name: 'ariadne-tool-gateway', version: '0.1.0' }, { jsonSchemaValidator: sharedValidator });
  await client.connect(clientTransport);
  // Listing once also primes the client's output-schema validators for callTool.
  const listed = await client.listTools();
  return {
    name,
    client,
    definitions: new Map(definitions.map((d) => [d.name, d])),
    tools: listed.tools.map((t) => ({ server: name, name: t.name, description: t.description ?? '', readOnlyHint: t.annotations?.readOnlyHint === true, inputSchema: t.inputSchema })),
    cleanup: async () => {
      await client.close();
      await created.cleanup();
    },
  };
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => (typeof part === 'object' && part !== null && (part as { type?: unknown }).type === 'text' ? String((part as { text?: unknown }).text ?? '') : ''))
    .filter(Boolean)
    .join('\n');
}

function fallbackSummary(call: ToolCall): string {
  const args = JSON.stringify(call.arguments);
  return `${call.server}/${call.tool} ${args.length > 160 ? `${args.slice(0, 159)}…` : args}`;
}

export async function createToolGateway(config: ToolGatewayConfig): Promise<ToolGateway> {
  const logger = config.logger ?? silentLogger;
  const servers = new Map<string, Connected>();
  try {
    if (config.datadog) {
      servers.set('datadog', await connect('datadog', createDatadogServer({ datadog: config.datadog, logger }), datadogTools));
    }
    if (config.kubernetes) {
      servers.set('kubernetes', await connect('kubernetes', createKubernetesServer({ kubernetes: config.kubernetes, logger }), kubernetesTools));
    }
    if (config.opensearch) {
      servers.set('opensearch', await connect('opensearch', createOpenSearchServer({ opensearch: config.opensearch, logger }), openSearchTools));
    }
    if (config.pagerduty) {
      servers.set('pagerduty', await connect('pagerduty', createPagerDutyServer({ pagerduty: config.pagerduty, logger }), pagerDutyTools));
    }
    if (config.slack) {
      servers.set('slack', await connect('slack', createSlackServer({ slack: config.slack, logger }), slackTools));
    }
    if (config.graph) {
      servers.set('graph', await connect('graph', createGraphServer({ graph: config.graph, logger }), graphTools));
    }
  } catch (error) {
    await Promise.allSettled([...servers.values()].map((s) => s.cleanup()));
    throw error;
  }
  logger.info({ servers: [...servers.keys()] }, 'tool gateway ready');

  async function call(request: ToolCall): Promise<ToolResult> {
    const started = performance.now();
    const base = { callId: request.id, server: request.server, tool: request.tool, arguments: request.arguments };
    const finish = (rest: Omit<ToolResult, keyof typeof base | 'durationMs'>): ToolResult => ({
      ...base,
      ...rest,
      durationMs: Math.max(0, Math.round((performance.now() - started) * 10) / 10),
    });

    const server = servers.get(request.server);
    if (!server) {
      const configured = [...servers.keys()];
      const how = SERVER_ENV[request.server] ? ` (configure it with ${SERVER_ENV[request.server]})` : '';
      return finish({
        status: 'error',
        summary: fallbackSummary(request),
        error: `MCP server "${request.server}" is not available${how}; available servers: ${configured.length > 0 ? configured.join(', ') : 'none'}.`,
        retryable: false,
      });
    }
    const definition = server.definitions.get(request.tool);
    if (!definition || !server.tools.some((t) => t.name === request.tool)) {
      return finish({
        status: 'error',
        summary: fallbackSummary(request),
        error: `Unknown tool "${request.tool}" on server "${request.server}"; its tools are: ${server.tools.map((t) => t.name).join(', ')}.`,
        retryable: false,
      });
    }

    const input = definition.inputSchema.safeParse(request.arguments);
    const summary = input.success ? definition.describeCall(input.data) : fallbackSummary(request);
    try {
      // The raw arguments go to the server, which validates them itself and explains what is wrong.
      const result = await server.client.callTool({ name: request.tool, arguments: request.arguments });
      if (result.isError) {
        return finish({ status: 'error', summary, error: textOf(result.content) || 'the tool reported an error without a message', retryable: false });
      }
      const output = definition.outputSchema.safeParse(result.structuredContent);
      if (!output.success) {
        logger.error({ server: request.server, tool: request.tool, issues: output.error.issues }, 'tool output does not match its schema');
        return finish({ status: 'error', summary, error: `The tool's output did not match its schema: ${output.error.issues[0]?.message ?? 'invalid'}.`, retryable: false });
      }
      const structured = output.data as { status: ToolResult['status']; error?: { message: string; retryable: boolean } };
      if (structured.status === 'error') {
        return finish({
          status: 'error',
          summary,
          error: structured.error?.message ?? 'the tool failed without a message',
          retryable: structured.error?.retryable ?? false,
        });
      }
      return finish({ status: structured.status, structured, summary });
    } catch (error) {
      // A closed connection or a request timeout may pass on retry; any other protocol error
      // (an invalid request, output the client rejected) will fail the same way again.
      const message = error instanceof Error ? error.message : String(error);
      const retryable = error instanceof McpError && (error.code === ErrorCode.ConnectionClosed || error.code === ErrorCode.RequestTimeout);
      logger.warn({ server: request.server, tool: request.tool, err: error }, 'mcp call failed');
      return finish({ status: 'error', summary, error: `MCP call failed: ${message}`, retryable });
    }
  }

  return {
    call,
    listTools: async () => [...servers.values()].flatMap((s) => s.tools),
    close: async () => {
      await Promise.allSettled([...servers.values()].map((s) => s.cleanup()));
      servers.clear();
    },
  };
}

/**
 * Gateway configuration from environment variables (or the parsed app config, same names). The
 * service graph is not an env value: pass the graph the caller built (from ARIADNE_CATALOG, Neo4j).
 */
export function configFromEnv(env: Readonly<Record<string, unknown>>, extra: { graph?: ServiceGraph } = {}): ToolGatewayConfig {
  const datadog = datadogConfigFromEnv(env);
  const kubernetes = kubernetesConfigFromEnv(env);
  const opensearch = openSearchConfigFromEnv(env);
  const pagerduty = pagerDutyConfigFromEnv(env);
  const slack = slackConfigFromEnv(env);
  return {
    ...(datadog ? { datadog } : {}),
    ...(kubernetes ? { kubernetes } : {}),
    ...(opensearch ? { opensearch } : {}),
    ...(pagerduty ? { pagerduty } : {}),
    ...(slack ? { slack } : {}),
    ...(extra.graph ? { graph: extra.graph } : {}),
  };
}
