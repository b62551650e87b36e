// Starts what a Slack interaction test needs: the Slack fake (with #alerts-shop's members, who have
// also spoken there, and an outsider who is in the workspace but not the channel), a real Bolt app from createSlackApp on 127.0.0.1 port
// 0, an in-memory store, a capture server standing in for Slack's response_url, and signed
// requests the fake does not send itself (slash commands, a retried interaction), signed exactly as
// Slack and the fake sign them (v0 HMAC-SHA256 over "v0:<timestamp>:<body>").
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createSlackApp, type SlackApp, type SlackAppDeps } from '../../../services/slack/app.ts';
import { postReport } from '../../../services/slack/post-report.ts';
import type { Report } from '../../../services/agent/types.ts';
import { openSqliteStore, type InvestigationStore } from '../../../services/store/index.ts';
import { SLACK_WORKSPACE } from '../../../simulator/fakes/slack/block-actions.ts';
import { sampleReport } from './sample-report.ts';
import { BOT_TOKEN, SIGNING_SECRET, VIRTUAL_NOW, startSlackFake, type RunningSlackFake } from './start-slack-fake.ts';

/** The members of #alerts-shop, per the fake's conversations.members. */
export const MEMBERS = ['U05QJ8R2M7K', 'U0AAAAAAA1', 'U0BBBBBBB2', 'U0CCCCCCC3'];
export const OUTSIDER = 'U0OUTSIDE9';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface Harness {
  slack: RunningSlackFake;
  store: InvestigationStore;
  app: SlackApp;
  appUrl: string;
  baseUrl: string;
  logLines: LogLine[];
  responses: { url: string; body: Record<string, unknown> }[];
  responseUrl(name: string): string;
  postSample(investigationId: string, overrides?: Partial<Report>): Promise<{ report: Report; channel: string; ts: string }>;
  sendSigned(body: string, contentType: string, headers?: Record<string, string>): Promise<{ status: number; body: string }>;
  slashCommand(text: string, userId: string, responseName: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startHarness(extra: Partial<SlackAppDeps> = {}, store: InvestigationStore = openSqliteStore(':memory:')): Promise<Harness> {
  const slack = await startSlackFake({
    members: { 'alerts-shop': MEMBERS },
    history: MEMBERS.map((userId, i) => ({ channel: '#alerts-shop', at: VIRTUAL_NOW - 600_000 + i * 30_000, userId, text: i === 0 ? 'anyone else seeing 500s on checkout?' : 'looking' })),
  });
  const logLines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const responses: { url: string; body: Record<string, unknown> }[] = [];
  const capture: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      responses.push({ url: req.url ?? '', body: JSON.parse(raw) as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
  const captureUrl = `http://127.0.0.1:${(capture.address() as AddressInfo).port}`;

  const app = createSlackApp({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    slackApiUrl: slack.apiUrl,
    store,
    logger: pino({ level: 'info' }, sink),
    retryConfig: { retries: 0 },
    ...extra,
  });
  const { url: appUrl } = await app.start(0);
  const baseUrl = appUrl.replace(/\/slack\/events$/, '');

  async function sendSigned(body: string, contentType: string, headers: Record<string, string> = {}) {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const response = await fetch(appUrl, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, ...headers },
      body,
    });
    return { status: response.status, body: await response.text() };
  }

  let commands = 0;
  return {
    slack,
    store,
    app,
    appUrl,
    baseUrl,
    logLines,
    responses,
    responseUrl: (name) => `${captureUrl}/${name}`,
    async postSample(investigationId, overrides = {}) {
      const report = sampleReport({ investigationId, ...overrides });
      const posted = await postReport({ client: slack.client, store, ...(extra.publicUrl ? { publicUrl: extra.publicUrl } : {}) }, { report, revision: 1, channel: 'C0ALERTS01' });
      return { report, channel: posted.channel, ts: posted.ts };
    },
    sendSigned,
    async slashCommand(text, userId, responseName) {
      commands += 1;
      // Field names and order as Slack sends a slash command (api.slack.com/interactivity/slash-commands).
      const form = new URLSearchParams({
        token: 'gIkuvaNzQIHg97ATvDxqgjtO',
        team_id: SLACK_WORKSPACE.teamId,
        team_domain: SLACK_WORKSPACE.domain,
        channel_id: 'C0ALERTS01',
        channel_name: 'alerts-shop',
        user_id: userId,
        user_name: userId.toLowerCase(),
        command: '/ariadne',
        text,
        api_app_id: SLACK_WORKSPACE.appId,
        is_enterprise_install: 'false',
        response_url: `${captureUrl}/${responseName}`,
        trigger_id: `13345224609.738474920.8088930838d88f008e0${commands}`,
      });
      return sendSigned(form.toString(), 'application/x-www-form-urlencoded');
    },
    async close() {
      await app.stop();
      await store.close();
      await slack.close();
      await new Promise<void>((resolve) => capture.close(() => resolve()));
    },
  };
}

/** Waits for the capture server to receive the response posted to `/<name>`. */
export async function responseFor(h: Harness, name: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = h.responses.find((r) => r.url === `/${name}`);
    if (hit) return hit.body;
    if (Date.now() > deadline) throw new Error(`no response_url post to /${name} within ${timeoutMs} ms; got ${h.responses.map((r) => r.url).join(', ') || 'none'}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
