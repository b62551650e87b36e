// Every Slack tool, registered in one place; the gateway reads the same list for call summaries.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolDefinition } from '../../shared/tool-definition.ts';
import { readChannelMessagesTool, registerReadChannelMessagesTool, type SlackToolDeps } from './read-channel-messages.ts';

export type { SlackToolDeps };

export const slackTools: readonly ToolDefinition[] = [readChannelMessagesTool];

export function registerSlackTools(server: McpServer, deps: SlackToolDeps): void {
  registerReadChannelMessagesTool(server, deps);
}
