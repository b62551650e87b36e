// The Slack fake through the official WebClient: what Ariadne's code will see from real Slack.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { BOT_TOKEN, CHANNELS, SIGNING_SECRET, startSlackFake, VIRTUAL_NOW, webClient, type RunningSlackFake } from './start-slack-fake.ts';

let slack: RunningSlackFake;
beforeEach(async () => {
  slack = await startSlackFake();
});
afterEach(async () => {
  await slack.close();
});

async function slackError(call: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  try {
    await call;
  } catch (error) {
    const e = error as WebAPIPlatformError;
    expect(e.code).toBe(ErrorCode.PlatformError);
    return e.data;
  }
  throw new Error('expected the Slack call to fail');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const metadata = { event_type: 'ariadne_investigation', event_payload: { investigation_id: 'investigate-Q1', revision: 1 } };

describe('Slack Web API fake', () => {
  it('answers auth.test with the bot identity', async () => {
    const auth = await slack.client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: expect.stringMatching(/^U/), bot_id: expect.stringMatching(/^B/), team_id: expect.stringMatching(/^T/) });
  });

  it('rejects a wrong or missing token with invalid_auth', async () => {
    expect((await slackError(webClient(slack.apiUrl, 'xoxb-wrong').auth.test())).error).toBe('invalid_auth');
    const raw = await fetch(`${slack.apiUrl}chat.postMessage`, { method: 'POST', body: 'channel=C0ALERTS01&text=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({ ok: false, error: 'invalid_auth' });
    expect(slack.fake.messages()).toEqual([]);
  });

  it('posts by channel id or #name, with blocks and metadata, and returns Slack\'s shape', async () => {
    const posted = await slack.client.chat.postMessage({ channel: '#alerts-shop', text: 'fallback', blocks: [section('hello')], metadata });
    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe('C0ALERTS01');
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({ type: 'message', ts: posted.ts, text: 'fallback', bot_id: expect.any(String) });
    expect(posted.message?.blocks?.[0]).toMatchObject({ type: 'section', block_id: expect.any(String) });

    const [stored] = slack.fake.messages('C0ALERTS01');
    expect(stored).toMatchObject({ channel: 'C0ALERTS01', ts: posted.ts, text: 'fallback', metadata, updates: 0, history: [] });
    expect(stored?.blocks[0]).toMatchObject(section('hello'));
  });

  it('derives ts from the virtual clock, strictly increasing even when the clock stands still', async () => {
    const a = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'a' });
    const b = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'b' });
    slack.clock.now = VIRTUAL_NOW + 60_000;
    const c = await slack.client.chat.postMessage({ channel: 'C0INVENT02', text: 'c' });
    expect(a.ts).toBe(`${VIRTUAL_NOW / 1000}.000100`);
    expect(b.ts).toBe(`${VIRTUAL_NOW / 1000}.000200`);
    expect(c.ts).toBe(`${VIRTUAL_NOW / 1000 + 60}.000100`);
  });

  it('accepts JSON bodies as well as form-encoded ones', async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0ALERTS01', text: 'json', blocks: [section('from json')], metadata }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: 'C0ALERTS01' });
    expect(slack.fake.messages()[0]).toMatchObject({ text: 'json', metadata });
  });

  it('updates a message in place, keeping its previous versions', async () => {
    const posted = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'v1', blocks: [section('one')] });
    const updated = await slack.client.chat.update({ channel: 'C0ALERTS01', ts: posted.ts!, text: 'v2', blocks: [section('two')] });
    expect(updated).toMatchObject({ ok: true, channel: 'C0ALERTS01', ts: posted.ts, text: 'v2' });
    const [m] = slack.fake.messages();
    expect(m).toMatchObject({ text: 'v2', updates: 1 });
    expect(m?.blocks[0]).toMatchObject(section('two'));
    expect(m?.history).toHaveLength(1);
    expect(m?.history[0]?.text).toBe('v1');
  });

  it('answers message_not_found, channel_not_found and invalid_arguments as Slack does', async () => {
    expect((await slackError(slack.client.chat.update({ channel: 'C0ALERTS01', ts: '1795181400.000900', text: 'x' }))).error).toBe('message_not_found');
    expect((await slackError(slack.client.chat.postMessage({ channel: '#nope', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(slack.client.conversations.history({ channel: 'C0NOPE0000' }))).error).toBe('channel_not_found');
    // Only posting takes a channel name; reading history needs the id, as in Slack.
    expect((await slackError(slack.client.conversations.history({ channel: '#alerts-shop' }))).error).toBe('channel_not_found');
    expect((await slackError(slack.client.apiCall('conversations.history', {}))).error).toBe('invalid_arguments');
    expect((await slackError(slack.client.apiCall('chat.update', { channel: 'C0ALERTS01', text: 'x' }))).error).toBe('invalid_arguments');
    expect((await slackError(slack.client.apiCall('chat.postMessage', { channel: 'C0ALERTS01' }))).error).toBe('no_text');
    const unknown = await slackError(slack.client.apiCall('chat.scheduleMessage', { channel: 'C0ALERTS01', text: 'x' }));
    expect(unknown.error).toBe('unknown_method');
  });

  it('rejects blocks Slack would reject, naming the problem', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`b${i}`));
    const data = await slackError(slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'x', blocks: tooMany }));
    expect(data.error).toBe('invalid_blocks');
    expect(JSON.stringify(data)).toContain('must be less than 51 items');
    const longText = await slackError(slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'x', blocks: [section('a'.repeat(3001))] }));
    expect(JSON.stringify(longText)).toContain('/blocks/0/text/text');
    expect(slack.fake.messages()).toEqual([]);
  });

  it('lists history newest first, pages with limit and cursor, and shows metadata only when asked', async () => {
    for (const text of ['first', 'second', 'third']) {
      await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text, metadata });
      slack.clock.now += 1000;
    }
    await slack.client.chat.postMessage({ channel: 'C0INVENT02', text: 'elsewhere' });
    const page1 = await slack.client.conversations.history({ channel: 'C0ALERTS01', limit: 2 });
    expect(page1.messages?.map((m) => m.text)).toEqual(['third', 'second']);
    expect(page1.has_more).toBe(true);
    expect(page1.messages?.[0]).not.toHaveProperty('metadata');
    const page2 = await slack.client.conversations.history({ channel: 'C0ALERTS01', limit: 2, cursor: page1.response_metadata?.next_cursor, include_all_metadata: true });
    expect(page2.messages?.map((m) => m.text)).toEqual(['first']);
    expect(page2.has_more).toBe(false);
    expect(page2.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('keeps thread replies out of history and returns them from conversations.replies', async () => {
    const parent = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'alert' });
    await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'reply 1', thread_ts: parent.ts! });
    await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'reply 2', thread_ts: parent.ts!, metadata });
    const history = await slack.client.conversations.history({ channel: 'C0ALERTS01' });
    expect(history.messages?.map((m) => m.text)).toEqual(['alert']);
    expect(history.messages?.[0]).toMatchObject({ reply_count: 2, thread_ts: parent.ts });
    const replies = await slack.client.conversations.replies({ channel: 'C0ALERTS01', ts: parent.ts!, include_all_metadata: true });
    expect(replies.messages?.map((m) => m.text)).toEqual(['alert', 'reply 1', 'reply 2']);
    expect(replies.messages?.[2]).toMatchObject({ thread_ts: parent.ts, metadata });
    expect(slack.fake.messages().find((m) => m.text === 'reply 1')?.threadTs).toBe(parent.ts);
  });

  it('lists its channels for name lookups', async () => {
    const list = await slack.client.conversations.list({ types: 'public_channel' });
    expect(list.channels?.map((c) => [c.id, c.name])).toEqual(CHANNELS.map((c) => [c.id, c.name.slice(1)]));
  });

  it('waitForMessage resolves on a later update and times out with what it saw', async () => {
    const posted = await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'v1' });
    const waiting = slack.fake.waitForMessage((m) => m.ts === posted.ts && m.updates >= 1, 2000);
    await slack.client.chat.update({ channel: 'C0ALERTS01', ts: posted.ts!, text: 'v2' });
    expect((await waiting).text).toBe('v2');
    await expect(slack.fake.waitForMessage((m) => m.text === 'never', 50)).rejects.toThrow(/no Slack message matched within 50 ms; messages: C0ALERTS01\//);
  });

  it('returns copies, so a test cannot change what the fake serves', async () => {
    await slack.client.chat.postMessage({ channel: 'C0ALERTS01', text: 'original' });
    const [copy] = slack.fake.messages();
    copy!.text = 'mutated';
    expect(slack.fake.messages()[0]?.text).toBe('original');
  });

  it('clickButton sends a signed block_actions payload for the button, as Slack does', async () => {
    const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
    const app = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    try {
      const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
      const button = (rank: number) => ({ type: 'button' as const, action_id: 'expand_finding', text: { type: 'plain_text' as const, text: 'Expand' }, value: `{"rank":${rank}}` });
      const posted = await slack.client.chat.postMessage({
        channel: 'C0ALERTS01',
        text: 'findings',
        blocks: [
          { type: 'section', block_id: 'f1', text: { type: 'mrkdwn', text: 'one' }, accessory: button(1) },
          { type: 'section', block_id: 'f2', text: { type: 'mrkdwn', text: 'two' }, accessory: button(2) },
        ],
      });
      const before = Math.floor(Date.now() / 1000);
      const result = await slack.fake.clickButton({ channel: '#alerts-shop', ts: posted.ts!, actionId: 'expand_finding', blockId: 'f2', appUrl, userId: 'U0DDDDDDD4' });
      expect(result.status).toBe(200);

      const [request] = received;
      const timestamp = String(request?.headers['x-slack-request-timestamp']);
      expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
      const expected = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${request?.body}`).digest('hex')}`;
      expect(request?.headers['x-slack-signature']).toBe(expected);
      expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');

      const payload = JSON.parse(new URLSearchParams(request?.body).get('payload') ?? '{}');
      expect(payload).toMatchObject({
        type: 'block_actions',
        user: { id: 'U0DDDDDDD4' },
        container: { type: 'message', message_ts: posted.ts, channel_id: 'C0ALERTS01', is_ephemeral: false },
        channel: { id: 'C0ALERTS01', name: 'alerts-shop' },
        enterprise: null,
        is_enterprise_install: false,
        state: { values: {} },
        message: { ts: posted.ts, text: 'findings' },
        actions: [{ action_id: 'expand_finding', block_id: 'f2', value: '{"rank":2}', type: 'button', text: { type: 'plain_text', text: 'Expand' } }],
      });
      expect(payload.trigger_id).toMatch(/^\d+\.\d+\.[0-9a-f]{32}$/);
      expect(payload.message.blocks).toHaveLength(2);

      await expect(slack.fake.clickButton({ channel: 'C0ALERTS01', ts: posted.ts!, actionId: 'vote_up', appUrl })).rejects.toThrow(/no button vote_up .*f1\/expand_finding, f2\/expand_finding/);
    } finally {
      await new Promise<void>((resolve) => app.close(() => resolve()));
    }
  });
});
