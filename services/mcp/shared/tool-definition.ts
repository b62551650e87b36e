// One shape for every tool, so the MCP server, the gateway (summaries, output parsing) and tests
// all read the same definition: schemas, a one-line description of a call, and the handler.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Logger } from './logger.ts';

// The `any` defaults let one list hold tools with different inputs (a function parameter type makes
// ToolDefinition<A> and ToolDefinition<B> incompatible otherwise); each tool file is fully typed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ToolDefinition<Input = any, Output extends { status: string } = any, Deps = any> {
  name: string;
  title: string;
  description: string;
  inputSchema: z.ZodType<Input>;
  outputSchema: z.ZodType<Output>;
  describeCall(input: Input): string;
  /** Vendor call, redaction and summary. Vendor failures come back as status "error", never thrown. */
  run(deps: Deps, input: Input): Promise<Output>;
}

// Every tool is read-only by construction (no mutating verb exists) and talks to a system outside
// this process.
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

export function toCallToolResult<Output extends { status: string }>(output: Output): CallToolResult {
  return {
    structuredContent: output as unknown as Record<string, unknown>,
    content: [{ type: 'text', text: JSON.stringify(output) }],
  };
}

export function registerToolDefinition<Input, Output extends { status: string }, Deps>(
  server: McpServer,
  tool: ToolDefinition<Input, Output, Deps>,
  deps: Deps,
  logger: Logger,
): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema as z.ZodType<Input> & z.ZodObject,
      outputSchema: tool.outputSchema as z.ZodType<Output> & z.ZodObject,
      annotations: { title: tool.title, ...READ_ONLY_ANNOTATIONS },
    },
    (async (input: Input): Promise<CallToolResult> => {
      const started = performance.now();
      const call = tool.describeCall(input);
      try {
        const output = await tool.run(deps, input);
        logger.info({ tool: tool.name, call, status: output.status, ms: Math.round(performance.now() - started) }, 'tool call');
        return toCallToolResult(output);
      } catch (error) {
        // Only a bug gets here (vendor failures are values); the SDK turns it into an isError result.
        logger.error({ tool: tool.name, call, err: error }, 'tool failed unexpectedly');
        throw error;
      }
      // The SDK derives the callback's argument type from the schema's type parameter; ours is already
      // the parsed Input, which the cast restates.
    }) as never,
  );
}
