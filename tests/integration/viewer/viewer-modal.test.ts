// Modals in the viewer: a view the app opened with views.open is offered to the user, and a submit
// reaches the app as a signed view_submission; input errors keep the modal open.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackFake, type SlackFake } from '../../../simulator/fakes/slack/slack-fake.ts';
import { listen, type Listening } from '../../../simulator/fakes/shared/http-kit.ts';
import { startViewer, type RunningViewer } from '../../../simulator/viewer/start-viewer.ts';

const BOT_TOKEN = 'xoxb-2206410455873-7381257812420-Mo4Dal9ZpL2sQ5tN9yH1cR4d';
const SIGNING_SECRET = '5e0b8c2d7a4f49e1b3c6d8a0f2e4b6c8';

let slack: SlackFake;
let slackServer: Listening;
let app: Server;
let appUrl: string;
let viewer: RunningViewer;
const received: { verified: boolean; payload: Record<string, unknown> }[] = [];

beforeAll(async () => {
  slack = createSlackFake({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, channels: [{ id: 'C0ALERTS01', name: '#alerts-shop' }], now: () => Date.parse('2026-11-20T13:35:00Z') });
  slackServer = await listen(slack.handler, () => undefined);
  // A stand-in app: checks Slack's signature, rejects the first submission's input, accepts the next.
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-slack-request-timestamp']);
      const expected = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
      const payload = JSON.parse(new URLSearchParams(raw).get('payload') ?? '{}') as Record<string, unknown>;
      received.push({ verified: req.headers['x-slack-signature'] === expected, payload });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(received.length === 1 ? JSON.stringify({ response_action: 'errors', errors: { feedback_text: 'Tell us what was wrong' } }) : '');
    });
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/slack/events`;
  viewer = await startViewer({ slack, appUrl, slackApi: { url: `${slackServer.url}/api/`, botToken: BOT_TOKEN }, userId: 'U05QJ8R2M7K' });
});

afterAll(async () => {
  await viewer?.close();
  await slackServer?.close();
  await new Promise<void>((resolve) => app?.close(() => resolve()));
});

async function openFeedbackModal(): Promise<string> {
  const response = await fetch(`${slackServer.url}/api/views.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      trigger_id: '8461234567890.2206410455873.3f1e9a0c2b4d6e8f',
      view: {
        type: 'modal',
        callback_id: 'ariadne_feedback',
        title: { type: 'plain_text', text: 'Feedback' },
        submit: { type: 'plain_text', text: 'Send' },
        blocks: [{ type: 'input', block_id: 'feedback_text', label: { type: 'plain_text', text: 'What was wrong?' }, element: { type: 'plain_text_input', action_id: 'text', multiline: true } }],
      },
    }),
  });
  const body = (await response.json()) as { ok: boolean; view: { id: string } };
  expect(body.ok).toBe(true);
  return body.view.id;
}

const state = async () => (await (await fetch(`${viewer.url}api/state`)).json()) as { views: { id: string; blocks: unknown[] }[] };
const submit = (viewId: string, value: string | null) =>
  fetch(`${viewer.url}api/views/submit`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ viewId, values: { feedback_text: { text: { type: 'plain_text_input', value } } } }) });

describe('viewer modals', () => {
  it('shows an opened modal, keeps it open on input errors, and closes it when the app accepts', async () => {
    const viewId = await openFeedbackModal();
    expect((await state()).views.map((view) => view.id)).toEqual([viewId]);

    const rejected = await submit(viewId, null);
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toEqual({ status: 200, errors: { feedback_text: 'Tell us what was wrong' } });
    expect((await state()).views.map((view) => view.id)).toEqual([viewId]);

    const accepted = await submit(viewId, 'the deploy was innocent');
    expect(await accepted.json()).toEqual({ status: 200 });
    expect((await state()).views).toEqual([]);

    expect(received).toHaveLength(2);
    expect(received.every((request) => request.verified)).toBe(true);
    expect(received[1]?.payload).toMatchObject({ type: 'view_submission', view: { id: viewId, callback_id: 'ariadne_feedback', state: { values: { feedback_text: { text: { value: 'the deploy was innocent' } } } } } });
  });

  it('closes a modal on cancel without telling the app, and rejects unknown views', async () => {
    const viewId = await openFeedbackModal();
    const closed = await fetch(`${viewer.url}api/views/close`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ viewId }) });
    expect(closed.status).toBe(200);
    expect((await state()).views).toEqual([]);
    const before = received.length;
    const unknown = await submit(viewId, 'late');
    expect(unknown.status).toBe(404);
    expect(received).toHaveLength(before);
  });
});
