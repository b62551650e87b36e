// What each `/ariadne` subcommand handler receives: the parsed command, who typed it, and the deps.
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { GuidanceRule } from '../../../agent/guidance.ts';
import type { InvestigationStore } from '../../../store/index.ts';

export interface CommandDeps {
  store: InvestigationStore;
  logger: Logger;
  now?: () => Date;
  /** User ids and user groups (id or handle) allowed to add and remove guidance. */
  guidanceEditors: readonly string[];
  /** Guidance from the YAML files, shown beside the Slack-added rules. */
  fileGuidance: readonly GuidanceRule[];
}

export interface CommandContext {
  deps: CommandDeps;
  client: WebClient;
  userId: string;
  at: string;
  log: Logger;
  alertClasses: readonly string[];
}
