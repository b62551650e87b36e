// Creates and starts the Bolt app; listeners live in listeners/, blocks in render/.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { GuidanceRule } from '../agent/guidance.ts';
import type { InvestigationStore } from '../store/index.ts';
import { boltLevelFor, boltLogger } from './bolt-logger.ts';
import { channelMembership } from './channel-membership.ts';
import { chartRoute } from './charts/chart-route.ts';
import { clickGuard } from './finding-click.ts';
import type { Investigations } from './listeners/actions/search-further.ts';
import { registerListeners } from './listeners/index.ts';

export type { Investigations, SearchFurtherRequest } from './listeners/actions/search-further.ts';

export const EVENTS_PATH = '/slack/events';

export interface SlackAppDeps {
  signingSecret: string;
  botToken: string;
  /** Web API base, e.g. https://slack.com/api/ or the simulator's `<url>/api/`. */
  slackApiUrl: string;
  store: InvestigationStore;
  logger: Logger;
  /** WebClient retries; Slack's default (ten retries over about 30 minutes) suits production. */
  retryConfig?: RetryOptions;
  /** Where Slack can reach this app from outside (chart images); without it no charts are shown. */
  publicUrl?: string;
  /** User ids (U…) and user groups (S… or handle) allowed to add and remove guidance. */
  guidanceEditors?: string[];
  /** Guidance from the YAML files, listed beside the Slack-added rules. */
  fileGuidance?: GuidanceRule[];
  /** Starts "search further" child investigations (Temporal in production). */
  investigations?: Investigations;
  /** How long a channel's member list is trusted; default one minute. */
  membershipTtlMs?: number;
  /** Clock for recorded interactions and guidance changes; tests pin it. */
  now?: () => Date;
}

export interface SlackApp {
  app: App;
  /** Verifies the token (auth.test), then listens; host defaults to 127.0.0.1. */
  start(port: number, host?: string): Promise<{ url: string }>;
  stop(): Promise<void>;
}

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const app = new App({
    token: deps.botToken,
    signingSecret: deps.signingSecret,
    endpoints: EVENTS_PATH,
    customRoutes: [chartRoute({ store: deps.store, logger: deps.logger })],
    logger: boltLogger(deps.logger),
    logLevel: boltLevelFor(deps.logger),
    clientOptions: { slackApiUrl: deps.slackApiUrl, ...(deps.retryConfig ? { retryConfig: deps.retryConfig } : {}) },
    // auth.test runs in start(), where a bad token fails loudly, not in the constructor.
    deferInitialization: true,
  });
  registerListeners(app, {
    store: deps.store,
    logger: deps.logger,
    membership: channelMembership({
      ...(deps.membershipTtlMs !== undefined ? { ttlMs: deps.membershipTtlMs } : {}),
    }),
    guard: clickGuard(),
    publicUrl: deps.publicUrl,
    investigations: deps.investigations,
    guidanceEditors: deps.guidanceEditors ?? [],
    fileGuidance: deps.fileGuidance ?? [],
    ...(deps.now ? { now: deps.now } : {}),
  });
  app.error(async (error) => {
    deps.logger.error({ err: error.original ?? error, code: error.code }, 'Slack listener failed');
  });

  let started = false;
  return {
    app,
    async start(port, host = '127.0.0.1') {
      await app.init();
      const server = (await app.start({ port, host })) as Server;
      started = true;
      const { port: bound } = server.address() as AddressInfo;
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      return { url: `http://${shown}:${bound}${EVENTS_PATH}` };
    },
    async stop() {
      if (!started) return;
      started = false;
      await app.stop();
    },
  };
}
