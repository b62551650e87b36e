// Creates and starts the Bolt app; listeners live in listeners/, blocks in render/.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Logger } from 'pino';
import type { InvestigationStore } from '../store/index.ts';
import { boltLevelFor, boltLogger } from './bolt-logger.ts';
import { registerListeners } from './listeners/index.ts';

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
    logger: boltLogger(deps.logger),
    logLevel: boltLevelFor(deps.logger),
    clientOptions: { slackApiUrl: deps.slackApiUrl, ...(deps.retryConfig ? { retryConfig: deps.retryConfig } : {}) },
    // auth.test runs in start(), where a bad token fails loudly, not in the constructor.
    deferInitialization: true,
  });
  registerListeners(app, { store: deps.store, logger: deps.logger });
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
