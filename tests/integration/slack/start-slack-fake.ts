// Starts the Slack Web API fake on its own node:http server (127.0.0.1, port 0), as the simulator
// mounts it, and an official WebClient pointed at it that neither retries nor logs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { createSlackFake, type SlackFake, type SlackFakeOptions } from '../../../simulator/fakes/slack/slack-fake.ts';

export const BOT_TOKEN = 'xoxb-2206410455873-7381257812420-Wk2Qe8ZKpN3sL5vT9yH1cR4d';
export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
export const CHANNELS = [
  { id: 'C0ALERTS01', name: '#alerts-shop' },
  { id: 'C0INVENT02', name: '#team-inventory' },
];
/** 2026-11-20T13:35:00Z, the virtual "now" of the skeleton scenario. */
export const VIRTUAL_NOW = Date.parse('2026-11-20T13:35:00Z');

export interface RunningSlackFake {
  fake: SlackFake;
  apiUrl: string;
  client: WebClient;
  clock: { now: number };
  close(): Promise<void>;
}

export const silentSlackLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

export function webClient(apiUrl: string, token: string = BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, logger: silentSlackLogger });
}

export async function startSlackFake(options: Partial<SlackFakeOptions> = {}): Promise<RunningSlackFake> {
  const clock = { now: VIRTUAL_NOW };
  const fake = createSlackFake({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    channels: CHANNELS,
    now: () => clock.now,
    ...options,
  });
  const server: Server = createServer(fake.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  return {
    fake,
    apiUrl,
    client: webClient(apiUrl),
    clock,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
