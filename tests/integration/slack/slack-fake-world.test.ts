// The Slack fake inside a running simulator: the alert channel already holds what people and bots
// said around the incident (conversations.history / replies through the official WebClient),
// users.info and conversations.info describe them, views.open records modals, and submitView sends
// the app a signed view_submission as Slack does.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackChannelsFor, startSimulator, type RunningSimulator } from '../../../simulator/index.ts';
import { servedWorld, type ServedWorld } from '../../../simulator/fakes/shared/served-world.ts';
import { contractWorld } from '../simulator/contract-world.ts';
import { silentSlackLogger } from './start-slack-fake.ts';

const BOT_TOKEN = 'xoxb-300000000001-400000000002-abcdefabcdefabcdefabcdef';
const SIGNING_SECRET = 'world-signing-secret';

let sim: RunningSimulator;
let world: ServedWorld;
let client: WebClient;
let alertChannel: { id: string; name: string };
let receiver: Server;
let receiverUrl: string;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

beforeAll(async () => {
  const raw = contractWorld();
  world = servedWorld(raw);
  sim = await startSimulator({ world: raw, pagerdutyWebhookSecret: 'x', slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET } });
  client = new WebClient(BOT_TOKEN, { slackApiUrl: `${sim.urls.slack}/api/`, retryConfig: { retries: 0 }, logger: silentSlackLogger });
  const name = (world.topology.alertChannel ?? '').replace(/^#/, '');
  alertChannel = slackChannelsFor(world).find((channel) => channel.name === name)!;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"response_action":"clear"}');
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await sim?.close();
  await new Promise<void>((done) => (receiver ? receiver.close(() => done()) : done()));
});

describe('channel history from the world', () => {
  it('serves the chatter in the alert channel, newest first, with authors and threads', async () => {
    const expected = world.chatter.filter((message) => message.channel.replace(/^#/, '') === alertChannel.name && message.at <= world.clock.now);
    expect(expected.length).toBeGreaterThan(0);
    const history = await client.conversations.history({ channel: alertChannel.id, limit: 200 });
    const topLevel = expected.filter((message) => message.threadOfIndex === undefined);
    expect(history.messages?.map((message) => message.text)).toEqual([...topLevel].sort((a, b) => b.at - a.at).map((message) => message.text));
    for (const message of history.messages ?? []) expect(world.users.map((user) => user.id)).toContain(message.user);
    const replied = world.chatter.findIndex((message, index) => world.chatter.some((reply) => reply.threadOfIndex === index) && message.channel.replace(/^#/, '') === alertChannel.name);
    expect(replied).toBeGreaterThanOrEqual(0);
    {
      const parent = history.messages!.find((message) => message.text === world.chatter[replied]!.text)!;
      expect(parent.reply_count).toBe(world.chatter.filter((reply) => reply.threadOfIndex === replied).length);
      const thread = await client.conversations.replies({ channel: alertChannel.id, ts: parent.ts! });
      expect(thread.messages?.map((message) => message.text)).toEqual([world.chatter[replied]!, ...world.chatter.filter((reply) => reply.threadOfIndex === replied).sort((a, b) => a.at - b.at)].map((message) => message.text));
    }
  });

  it('puts the app\'s own posts after the chatter and keeps people\'s messages read-only', async () => {
    const posted = await client.chat.postMessage({ channel: alertChannel.id, text: 'Looking into it' });
    const history = await client.conversations.history({ channel: alertChannel.id, limit: 1 });
    expect(history.messages?.[0]?.ts).toBe(posted.ts);
    const someone = (await client.conversations.history({ channel: alertChannel.id, limit: 200 })).messages!.find((message) => message.user !== undefined && message.bot_profile === undefined)!;
    const refused = (await client.chat.update({ channel: alertChannel.id, ts: someone.ts!, text: 'edited' }).catch((e: unknown) => e)) as { data: { error: string } };
    expect(refused.data.error).toBe('cant_update_message');
  });

  it('describes users and channels', async () => {
    const human = world.users.find((user) => !user.isBot)!;
    const info = await client.users.info({ user: human.id });
    expect(info.user).toMatchObject({ id: human.id, name: human.name, real_name: human.realName, is_bot: false });
    expect(info.user?.profile?.title).toBe(human.title);
    const missing = (await client.users.info({ user: 'U0NOBODY00' }).catch((e: unknown) => e)) as { data: { error: string } };
    expect(missing.data.error).toBe('user_not_found');
    const channel = await client.conversations.info({ channel: alertChannel.id });
    expect(channel.channel?.name).toBe(alertChannel.name);
  });
});

describe('modals', () => {
  it('records views.open and sends a signed view_submission with the entered values', async () => {
    const view = {
      type: 'modal' as const,
      callback_id: 'feedback',
      private_metadata: '{"investigationId":"investigate-Q1"}',
      title: { type: 'plain_text' as const, text: 'Feedback' },
      submit: { type: 'plain_text' as const, text: 'Send' },
      blocks: [{ type: 'input', block_id: 'comment', label: { type: 'plain_text', text: 'What was wrong?' }, element: { type: 'plain_text_input', action_id: 'text', multiline: true } }],
    };
    const opened = await client.views.open({ trigger_id: '123.456.abc', view });
    expect(opened.view?.id).toMatch(/^V0[A-Z0-9]{9}$/);
    expect(sim.slack.views().map((v) => v.id)).toEqual([opened.view!.id]);
    const result = await sim.slack.submitView({ viewId: opened.view!.id!, values: { comment: { text: { type: 'plain_text_input', value: 'the deploy was innocent' } } }, appUrl: receiverUrl });
    expect(result.status).toBe(200);
    const delivery = received.at(-1)!;
    const timestamp = String(delivery.headers['x-slack-request-timestamp']);
    expect(delivery.headers['x-slack-signature']).toBe(`v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${delivery.body}`).digest('hex')}`);
    const payload = JSON.parse(new URLSearchParams(delivery.body).get('payload')!) as { type: string; view: { id: string; callback_id: string; private_metadata: string; state: { values: Record<string, Record<string, { value: string }>> } } };
    expect(payload.type).toBe('view_submission');
    expect(payload.view).toMatchObject({ id: opened.view!.id, callback_id: 'feedback', private_metadata: view.private_metadata });
    expect(payload.view.state.values.comment!.text!.value).toBe('the deploy was innocent');
    const bad = (await client.views.open({ trigger_id: '1', view: { ...view, type: 'home' } as never }).catch((e: unknown) => e)) as { data: { error: string } };
    expect(bad.data.error).toBe('invalid_arguments');
    await expect(sim.slack.submitView({ viewId: 'V0NOPE', values: {}, appUrl: receiverUrl })).rejects.toThrow('submitView: no view V0NOPE');
  });
});
